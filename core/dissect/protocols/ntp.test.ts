import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';
import { collectFields, defaultRegistry, tsharkFieldCells } from '../index';

// zeek-traces/ntp/ntp.pcap #1, tshark: 192.168.43.118 → 80.211.52.109 NTP 90 NTP Version 4, client
//   Flags: 0x23; Peer Clock Stratum: secondary reference (2); Root Delay: 0.046280 seconds;
//   Reference ID: 85.199.214.99; Transmit Timestamp: May 30, 2019 20:03:34.027420739 UTC
const CLIENT = hexBytes(
  '8875984997099cb6d009171d080045b8004c494d400040117f3dc0a82b7650d3346d007b007b003871a8230206ea00000bd90000063055c7d663e09ab55c12dcc914e09ab5540c60c23be09ab55413a64a3be09ab59607050baa',
);

test('ntp: client packet columns, fields and timestamps', () => {
  const s = summarize(1, CLIENT, CLIENT.length);
  assert.deepEqual([s.protocol, s.info], ['NTP', 'NTP Version 4, client']);
  const t = tree(1, CLIENT);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'ntp']);
  assert.equal(t[4].label, 'Network Time Protocol (NTP Version 4, client)');
  assert.equal(must(t, 'ntp.flags').label, 'Flags: 0x23, Leap Indicator: no warning, Version number: NTP Version 4, Mode: client');
  assert.equal(must(t, 'ntp.flags.vn').label, '..10 0... = Version number: NTP Version 4 (4)');
  assert.equal(must(t, 'ntp.stratum').label, 'Peer Clock Stratum: secondary reference (2)');
  assert.equal(must(t, 'ntp.rootdelay').label, 'Root Delay: 0.046280 seconds');
  assert.equal(must(t, 'ntp.refid').label, 'Reference ID: 85.199.214.99');
  const xmt = must(t, 'ntp.xmt');
  assert.deepEqual([xmt.label, xmt.offset, xmt.length], ['Transmit Timestamp: May 30, 2019 20:03:34.027420739 UTC', 82, 8]);
});

test('ntp: -T fields text as tshark prints it', () => {
  const meta = {
    number: 1,
    timestamp: { sec: 0, nsec: 0 },
    relTime: 0,
    caplen: CLIENT.length,
    origlen: CLIENT.length,
    interface: { id: 0, linkType: 1, linkTypeName: 'EN10MB', snapLen: 65535, tsDigits: 6 },
  };
  const names = ['ntp.precision', 'ntp.rootdelay', 'ntp.refid', 'ntp.org'];
  const cells = tsharkFieldCells(collectFields(CLIENT, meta, new Set(names)), names, (n) => defaultRegistry.fields.get(n));
  assert.deepEqual(cells, ['234', '3033', '55c7d663', 'May 30, 2019 20:02:28.048351420 UTC']);
  const zero = CLIENT.slice();
  zero.fill(0, 66, 74); // Origin Timestamp 0
  const z = tsharkFieldCells(collectFields(zero, meta, new Set(['ntp.org'])), ['ntp.org'], (n) => defaultRegistry.fields.get(n));
  assert.deepEqual(z, ['NULL']);
});

test('ntp: a packet shorter than 48 bytes is malformed; a capture cut short is truncated', () => {
  const cut = CLIENT.subarray(0, CLIENT.length - 10);
  const bad = summarize(1, cut, cut.length);
  assert.deepEqual([bad.info, bad.malformed], ['NTP Version 4, client[Malformed Packet]', true]);
  const short = summarize(1, cut, CLIENT.length);
  assert.deepEqual([short.info, short.malformed], ['NTP Version 4, client[Packet size limited during capture]', false]);
});
