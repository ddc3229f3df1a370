/**
 * Encapsulated Remote Switch Port Analyzer (Cisco; draft-foschiano-erspan), mirrored frames over GRE.
 * Wireshark: packet-erspan.c. GRE protocol 0x88be carries type I (GRE without a sequence number: no ERSPAN
 * header, the mirrored Ethernet frame follows at once) or type II (an 8-byte header: version, VLAN, COS,
 * encapsulation, truncation, span ID, index); 0x22eb carries type III (a 12-byte header with timestamp,
 * security group tag, frame type, hardware ID, direction, granularity, and an optional 8-byte
 * platform-specific sub-header).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { defineProtocol } from '../protocol';

const ENCAP: Readonly<Record<number, string>> = {
  0: 'Originally without VLAN tag', 1: 'Originally ISL encapsulated', 2: 'Originally 802.1Q encapsulated', 3: 'VLAN tag preserved in frame',
};
const BSO: Readonly<Record<number, string>> = { 0: 'Good or unknown integrity', 1: 'Short frame', 2: 'Oversized frame', 3: 'CRC or alignment error' };
const GRANULARITY: Readonly<Record<number, string>> = { 0: '100 microseconds', 1: '100 nanoseconds', 2: 'IEEE 1588', 3: 'Custom granularity' };
const TYPE_II = 0x88be;

export const erspan = defineProtocol({
  abbrev: 'erspan',
  name: 'Encapsulated Remote Switch Packet ANalysis',
  short: 'ERSPAN',
  registersIn: [['gre.proto', TYPE_II], ['gre.proto', 0x22eb]],
  fields: {
    'erspan.version': { name: 'Version', type: 'uint16', mask: 0xf000, strings: { 1: 'Type II', 2: 'Type III' }, offset: 0 },
    'erspan.vlan': { name: 'Vlan', type: 'uint16', mask: 0x0fff, offset: 0 },
    'erspan.cos': { name: 'COS', type: 'uint16', mask: 0xe000, offset: 2 },
    'erspan.encap': { name: 'Encap', type: 'uint16', mask: 0x1800, strings: ENCAP, offset: 2 },
    'erspan.bso': { name: 'Bad/Short/Oversized', type: 'uint16', mask: 0x1800, strings: BSO, offset: 2 },
    'erspan.truncated': { name: 'Truncated', type: 'uint16', mask: 0x0400, strings: { 0: 'Not truncated', 1: 'Truncated' }, offset: 2 },
    'erspan.spanid': { name: 'SpanID', type: 'uint16', mask: 0x03ff, offset: 2 },
    'erspan.reserved': { name: 'Reserved', type: 'uint32', mask: 0xfff00000, offset: 4 },
    'erspan.index': { name: 'Index', type: 'uint32', mask: 0x000fffff, offset: 4 },
    'erspan.timestamp': { name: 'Timestamp', type: 'uint32', mask: 0xffffffff, offset: 4 },
    'erspan.sgt': { name: 'Security Group Tag', type: 'uint16', mask: 0xffff, offset: 8 },
    'erspan.p': { name: 'Has Ethernet PDU', type: 'uint16', mask: 0x8000, offset: 10 },
    'erspan.ft': { name: 'Frame Type', type: 'uint16', mask: 0x7c00, strings: { 0: 'Ethernet', 2: 'IP' }, offset: 10 },
    'erspan.hw': { name: 'Hardware ID', type: 'uint16', mask: 0x03f0, offset: 10 },
    'erspan.direction': { name: 'Direction', type: 'bool', mask: 0x0008, bitWidth: 16, tfs: ['Egress', 'Ingress'], offset: 10 },
    'erspan.gra': { name: 'Timestamp granularity', type: 'uint16', mask: 0x0006, strings: GRANULARITY, offset: 10 },
    'erspan.o': { name: 'Optional Sub headers', type: 'uint16', mask: 0x0001, offset: 10 },
    'erspan.platid': { name: 'Platform ID', type: 'uint32', mask: 0xfc000000, offset: 12 },
    'erspan.pid1.vsmid': { name: 'VSM Domain ID', type: 'uint32', mask: 0x00000fff, offset: 12 },
    'erspan.pid1.port_index': { name: 'Port ID/Index', type: 'uint32', mask: 0xffffffff, offset: 16 },
    'erspan.pid3.port_index': { name: 'Port ID/Index', type: 'uint32', mask: 0x00003fff, offset: 12 },
    'erspan.pid3.timestamp': { name: 'Upper 32-bit Timestamp', type: 'uint32', mask: 0xffffffff, offset: 16 },
    'erspan.pid5.switchid': { name: 'Switch ID', type: 'uint32', mask: 0x03ff0000, offset: 12 },
    'erspan.pid5.port_index': { name: 'Port ID/Index', type: 'uint32', mask: 0x0000ffff, offset: 12 },
    'erspan.pid5.timestamp': { name: 'Timestamp (seconds)', type: 'uint32', mask: 0xffffffff, offset: 16 },
    'erspan.pid7.source_index': { name: 'Source Index', type: 'uint32', mask: 0x000fffff, offset: 12 },
    'erspan.pid7.timestamp': { name: 'Upper 32-bit Timestamp', type: 'uint32', mask: 0xffffffff, offset: 16 },
  },
  dissect(view, ctx) {
    ctx.cols.protocol = 'ERSPAN';
    ctx.cols.info = 'ERSPAN:';
    if (isTypeOne(view)) {
      if (ctx.building) ctx.layer.setLabel('Encapsulated Remote Switch Packet ANalysis Type I');
      ctx.acceptEmpty();
      ctx.handoffTo('eth');
      return 0;
    }
    view.check(0, 8);
    const w0 = view.u16(0);
    const w1 = view.u16(2);
    const version = w0 >> 12;
    const t = ctx.layer;
    if (ctx.building) {
      t.setLabel(`Encapsulated Remote Switch Packet ANalysis Type ${version === 2 ? 'III' : 'II'}`);
      t.add('erspan.version', 0, 2, version, undefined, w0);
      t.add('erspan.vlan', 0, 2, w0 & 0x0fff, undefined, w0);
      t.add('erspan.cos', 2, 2, w1 >> 13, undefined, w1);
      t.add(version === 2 ? 'erspan.bso' : 'erspan.encap', 2, 2, (w1 >> 11) & 3, undefined, w1);
      t.add('erspan.truncated', 2, 2, (w1 >> 10) & 1, undefined, w1);
      t.add('erspan.spanid', 2, 2, w1 & 0x03ff, undefined, w1);
    }
    if (version !== 2) {
      const w2 = view.u32(4);
      if (ctx.building) {
        t.add('erspan.reserved', 4, 4, w2 >>> 20, undefined, w2);
        t.add('erspan.index', 4, 4, w2 & 0xfffff, undefined, w2);
      }
      ctx.handoffTo('eth');
      return 8;
    }
    return typeThree(view, ctx);
  },
});

/**
 * Type I has no header: Wireshark knows it by the GRE header before it, which has no sequence number.
 * The GRE header ends where this view starts, so its flags are found by trying the option counts a header
 * ending here could have (Trawl's GRE hands over no flags).
 */
function isTypeOne(view: ByteView): boolean {
  const b = view.bytes;
  for (let options = 0; options <= 3; options++) {
    const at = view.start - 4 - 4 * options;
    if (at < 0) return false;
    const flags = b[at];
    if (((b[at + 2] << 8) | b[at + 3]) !== TYPE_II || (b[at + 1] & 7) !== 0) continue;
    const count = (flags & 0xc0 ? 1 : 0) + (flags & 0x20 ? 1 : 0) + (flags & 0x10 ? 1 : 0);
    if (count === options && (flags & 0x40) === 0) return (flags & 0x10) === 0;
  }
  return false;
}

function typeThree(view: ByteView, ctx: DissectContext): number {
  view.check(0, 12);
  const ts = view.u32(4);
  const w5 = view.u16(10);
  const t = ctx.layer;
  if (ctx.building) {
    t.add('erspan.timestamp', 4, 4, ts, undefined, ts);
    t.add('erspan.sgt', 8, 2, view.u16(8), undefined, view.u16(8));
    t.add('erspan.p', 10, 2, w5 >> 15, undefined, w5);
    t.add('erspan.ft', 10, 2, (w5 >> 10) & 0x1f, undefined, w5);
    t.add('erspan.hw', 10, 2, (w5 >> 4) & 0x3f, undefined, w5);
    t.add('erspan.direction', 10, 2, (w5 & 8) !== 0, undefined, w5);
    t.add('erspan.gra', 10, 2, (w5 >> 1) & 3, undefined, w5);
    t.add('erspan.o', 10, 2, w5 & 1, undefined, w5);
  }
  let at = 12;
  if (w5 & 1) {
    view.check(12, 8);
    if (ctx.building) platformSubheader(view, ctx);
    at = 20;
  }
  const frameType = (w5 >> 10) & 0x1f;
  if (frameType === 0) ctx.handoffTo('eth');
  else if (frameType === 2) ctx.handoffTo('ip');
  return at;
}

/** The optional platform-specific sub-header: its platform ID picks the layout of the 8 bytes. */
function platformSubheader(view: ByteView, ctx: DissectContext): void {
  const t = ctx.layer.text('Platform Specific SubHeader', 12, 8);
  const w = view.u32(12);
  const w2 = view.u32(16);
  const id = w >>> 26;
  t.add('erspan.platid', 12, 4, id, undefined, w);
  if (id === 1) {
    t.add('erspan.pid1.vsmid', 12, 4, w & 0xfff, undefined, w);
    t.add('erspan.pid1.port_index', 16, 4, w2, undefined, w2);
  } else if (id === 3) {
    t.add('erspan.pid3.port_index', 12, 4, w & 0x3fff, undefined, w);
    t.add('erspan.pid3.timestamp', 16, 4, w2, undefined, w2);
  } else if (id === 5 || id === 6) {
    t.add('erspan.pid5.switchid', 12, 4, (w >> 16) & 0x3ff, undefined, w);
    t.add('erspan.pid5.port_index', 12, 4, w & 0xffff, undefined, w);
    t.add('erspan.pid5.timestamp', 16, 4, w2, undefined, w2);
  } else if (id === 7) {
    t.add('erspan.pid7.source_index', 12, 4, w & 0xfffff, undefined, w);
    t.add('erspan.pid7.timestamp', 16, 4, w2, undefined, w2);
  }
}
