import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDissector } from './dissect';
import { frame } from './frame';
import { defineProtocol } from './protocol';
import { buildRegistry } from './registry';
import { PROTOCOLS } from './protocols/index';
import { data } from './protocols/data';
import { ws } from './expert-fields';

const meta = (linkType: number, caplen: number, origlen = caplen) => ({
  number: 1,
  timestamp: { sec: 1422828273, nsec: 817203000 },
  relTime: 0.25,
  caplen,
  origlen,
  interface: { id: 0, linkType, linkTypeName: 'EN10MB', snapLen: 65535, tsDigits: 6, name: 'eth0' },
});

test('the frame node reads like Wireshark', () => {
  const d = createDissector(buildRegistry(PROTOCOLS));
  const [f] = d.dissectTree(new Uint8Array(74), meta(1, 74));
  assert.equal(f.label, 'Frame 1: 74 bytes on wire (592 bits), 74 bytes captured (592 bits) on interface eth0, id 0');
  const labels = (f.children ?? []).map((c) => c.label);
  assert.ok(labels.includes('Encapsulation type: Ethernet (1)'));
  assert.ok(labels.includes('Arrival Time: Feb  1, 2015 22:04:33.817203000 UTC'));
  assert.ok(labels.includes('Epoch Time: 1422828273.817203000 seconds'));
  assert.ok(labels.includes('[Time since reference or first frame: 0.250000000 seconds]'));
  assert.ok(labels.includes('Frame Number: 1'));
  // 74 zero bytes: an 802.3 frame of length 0, the rest is padding.
  assert.ok(labels.includes('[Protocols in frame: eth]'));
});

test('a dissector bug becomes a malformed layer, never an exception', () => {
  const boom = defineProtocol({
    abbrev: 'boom',
    name: 'Boom',
    registersIn: [['link', 147]],
    fields: {},
    dissect: () => {
      throw new TypeError('oops');
    },
  });
  const d = createDissector(buildRegistry([frame, ws, data, boom]));
  const s = d.summarize(147, new Uint8Array([1, 2, 3]), 3);
  assert.equal(s.malformed, true);
  assert.equal(s.protocol, 'BOOM');
  const t = d.dissectTree(new Uint8Array([1, 2, 3]), meta(147, 3));
  const mal = t.find((n) => n.field === '_ws.malformed');
  assert.equal(mal?.label, '[Malformed Packet: BOOM]');
  assert.match(mal?.children?.[0].label ?? '', /Dissector bug: oops/);
});

test('an unknown link type is data; empty and garbage packets never throw', () => {
  const d = createDissector(buildRegistry(PROTOCOLS));
  assert.deepEqual(d.dissectTree(new Uint8Array([9, 9]), meta(4242, 2)).slice(1).map((n) => n.field), ['data']);
  for (const lt of [0, 1, 101, 108, 113, 228, 229, 276]) {
    d.summarize(lt, new Uint8Array(0), 0);
    for (let n = 0; n < 80; n += 7) {
      const junk = new Uint8Array(n).map((_, i) => (i * 37 + lt) & 0xff);
      d.summarize(lt, junk, n);
      d.dissectTree(junk, meta(lt, n, n + 10));
    }
  }
});

test('a layer that says "not mine" after handoffTo passes the whole view on; heuristics claim unregistered keys; a layer may keep the Protocol column', () => {
  const outer = defineProtocol({
    abbrev: 'outer',
    name: 'Outer',
    registersIn: [['link', 147]],
    ownsTables: ['outer.port'],
    fields: {},
    dissect: (_view, ctx) => {
      ctx.handoff('outer.port', 9);
      return 1;
    },
  });
  const port = defineProtocol({
    abbrev: 'shim',
    name: 'Shim',
    registersIn: [['outer.port', 9]],
    fields: {},
    dissect: (view, ctx) => {
      if (view.u8(0) === 0x16) ctx.handoffTo('inner');
      return 0;
    },
  });
  const inner = defineProtocol({
    abbrev: 'inner',
    name: 'Inner',
    keepsProtocolColumn: true,
    heuristicIn: ['outer.port'],
    heuristic: (view) => view.has(0, 1) && view.u8(0) === 0x17,
    fields: { 'inner.first': { name: 'First', type: 'uint8' } },
    dissect: (view, ctx) => {
      ctx.layer.add('inner.first', 0, 1, view.u8(0));
      return view.length;
    },
  });
  const d = createDissector(buildRegistry([frame, ws, data, outer, port, inner]));
  const fields = d.collectFields(new Uint8Array([0, 0x16, 5]), meta(147, 3));
  assert.deepEqual(
    fields.filter((f) => !f.name.startsWith('frame.')).map((f) => f.name),
    ['frame', 'outer', 'inner', 'inner.first'],
  );
  assert.equal(d.summarize(147, new Uint8Array([0, 0x16, 5]), 3).protocol, 'OUTER', 'inner keeps the column');
  assert.equal(d.summarize(147, new Uint8Array([0, 0x42, 5]), 3).protocol, 'OUTER', 'shim says not mine: data');
  const t = d.dissectTree(new Uint8Array([0, 0x42, 5]), meta(147, 3));
  assert.deepEqual(t.map((n) => n.field), ['frame', 'outer', 'data']);
});
