import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// pop3.pcap #16, tshark: POP S: +OK POP server ready H mimap4 0MHoUr-1VDxRD3Ui5-003eq2
const GREETING = hexBytes('c8f7334b82374c17eb6416490800450000608e82400039060de0d4e30fa6c0a80004006e66a0fff8a3bdb7e689095018000cb7dd00002b4f4b20504f50207365727665722072656164792048206d696d61703420304d486f55722d315644785244335569352d3030336571320d0a');
// pop3.pcap #35, tshark: POP C: AUTH PLAIN
const AUTH = hexBytes('4c17eb641649c8f7334b823708004500003453c54000800601c9c0a80004d4e30fa666ac006ebeaac06bab8e8e07501810f0814c00004155544820504c41494e0d0a');

test('pop: status line', () => {
  const s = summarize(1, GREETING, GREETING.length);
  assert.deepEqual([s.protocol, s.info], ['POP', 'S: +OK POP server ready H mimap4 0MHoUr-1VDxRD3Ui5-003eq2']);
  const t = tree(1, GREETING);
  assert.deepEqual(layers(t), ['eth', 'ip', 'tcp', 'pop']);
  const ind = must(t, 'pop.response.indicator');
  assert.deepEqual([ind.label, ind.offset, ind.length], ['Response indicator: +OK', 54, 3]);
});

test('pop: request command and parameter', () => {
  assert.equal(summarize(1, AUTH, AUTH.length).info, 'C: AUTH PLAIN');
  const t = tree(1, AUTH);
  assert.deepEqual([must(t, 'pop.request.command').label, must(t, 'pop.request.parameter').label], ['Request command: AUTH', 'Request parameter: PLAIN']);
});

test('pop: the rest of a multi-line reply, and a cut segment', () => {
  const more = GREETING.slice();
  more.set(new TextEncoder().encode('From'), 54);
  assert.match(summarize(1, more, more.length).info, /^S: DATA fragment/);
  assert.doesNotThrow(() => tree(1, GREETING.slice(0, 60), GREETING.length));
});
