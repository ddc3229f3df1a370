/**
 * Generic Routing Encapsulation (RFC 2784, RFC 2890; version 1 is PPTP's enhanced GRE, RFC 2637).
 * Wireshark: packet-gre.c. Flags and version, protocol type, then the optional checksum (verified) and
 * offset, key (PPTP: payload length and call ID), sequence and acknowledgment numbers. The payload goes to
 * the protocol registered in `gre.proto` (IPv4, IPv6), else to the one its EtherType names, 0x6558 to
 * Ethernet. Source routing entries (the R bit, RFC 1701) are walked to the null entry.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { ETHERTYPE_NAMES } from './ethertype-names';
import { handoffByEthertype } from './ethertype-handoff';
import { onesComplementSum } from './ip-proto-names';

const GRE_TYPE_NAMES: Readonly<Record<number, string>> = {
  ...ETHERTYPE_NAMES,
  0x0800: 'IP',
  0x86dd: 'IPv6',
  0x6558: 'Transparent Ethernet bridging',
  0x880b: 'PPP',
  0x88be: 'ERSPAN',
  0x22eb: 'ERSPAN',
  0x8847: 'MPLS label switched packet',
  0x2001: 'NHRP',
  0x883e: 'WCCP',
};
const VERSIONS: Readonly<Record<number, string>> = { 0: 'GRE', 1: 'Enhanced GRE' };
const YES_NO = ['Yes', 'No'] as const;

export const gre = defineProtocol({
  abbrev: 'gre',
  name: 'Generic Routing Encapsulation',
  short: 'GRE',
  registersIn: [['ip.proto', 47]],
  ownsTables: ['gre.proto'],
  fields: {
    'gre.flags_and_version': { name: 'Flags and Version', type: 'uint16', base: 'hex', offset: 0 },
    'gre.flags.checksum': { name: 'Checksum Bit', type: 'bool', mask: 0x8000, bitWidth: 16, tfs: YES_NO, offset: 0 },
    'gre.flags.routing': { name: 'Routing Bit', type: 'bool', mask: 0x4000, bitWidth: 16, tfs: YES_NO, offset: 0 },
    'gre.flags.key': { name: 'Key Bit', type: 'bool', mask: 0x2000, bitWidth: 16, tfs: YES_NO, offset: 0 },
    'gre.flags.sequence_number': { name: 'Sequence Number Bit', type: 'bool', mask: 0x1000, bitWidth: 16, tfs: YES_NO, offset: 0 },
    'gre.flags.strict_source_route': { name: 'Strict Source Route Bit', type: 'bool', mask: 0x0800, bitWidth: 16, tfs: YES_NO, offset: 0 },
    'gre.flags.recursion_control': { name: 'Recursion control', type: 'uint16', mask: 0x0700, offset: 0 },
    'gre.flags.ack': { name: 'Acknowledgment', type: 'bool', mask: 0x0080, bitWidth: 16, tfs: YES_NO, offset: 0 },
    'gre.flags.reserved': { name: 'Flags (Reserved)', type: 'uint16', mask: 0x00f8, offset: 0 },
    'gre.flags.version': { name: 'Version', type: 'uint16', mask: 0x0007, strings: VERSIONS, offset: 0 },
    'gre.proto': { name: 'Protocol Type', type: 'uint16', base: 'hex', strings: GRE_TYPE_NAMES, offset: 2 },
    'gre.checksum': { name: 'Checksum', type: 'uint16', base: 'hex', offset: 4 },
    'gre.checksum.status': { name: 'Checksum Status', type: 'uint8', strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified' } },
    'gre.offset': { name: 'Offset', type: 'uint16', offset: 6 },
    'gre.key': { name: 'Key', type: 'uint32', base: 'hex' },
    'gre.key.payload_length': { name: 'Payload Length', type: 'uint16' },
    'gre.key.call_id': { name: 'Call ID', type: 'uint16' },
    'gre.sequence_number': { name: 'Sequence Number', type: 'uint32' },
    'gre.ack_number': { name: 'Acknowledgment Number', type: 'uint32' },
    'gre.routing.address_family': { name: 'Address Family', type: 'uint16' },
    'gre.routing.sre_offset': { name: 'SRE Offset', type: 'uint8' },
    'gre.routing.src_length': { name: 'SRE Length', type: 'uint8' },
    'gre.routing.information': { name: 'Routing Information', type: 'bytes' },
  },
  dissect(view, ctx) {
    const fv = view.u16(0);
    const type = view.u16(2);
    const version = fv & 7;
    const typeName = GRE_TYPE_NAMES[type] ?? 'Unknown';
    ctx.cols.info = `Encapsulated ${typeName}`;
    const t = ctx.layer;
    if (ctx.building) {
      t.setLabel(`Generic Routing Encapsulation (${typeName})`);
      const f = t.add('gre.flags_and_version', 0, 2, fv);
      f.add('gre.flags.checksum', 0, 2, (fv & 0x8000) !== 0, undefined, fv);
      f.add('gre.flags.routing', 0, 2, (fv & 0x4000) !== 0, undefined, fv);
      f.add('gre.flags.key', 0, 2, (fv & 0x2000) !== 0, undefined, fv);
      f.add('gre.flags.sequence_number', 0, 2, (fv & 0x1000) !== 0, undefined, fv);
      f.add('gre.flags.strict_source_route', 0, 2, (fv & 0x0800) !== 0, undefined, fv);
      f.add('gre.flags.recursion_control', 0, 2, (fv >> 8) & 7, undefined, fv);
      if (version === 1) f.add('gre.flags.ack', 0, 2, (fv & 0x0080) !== 0, undefined, fv);
      f.add('gre.flags.reserved', 0, 2, version === 1 ? (fv >> 3) & 0x0f : (fv >> 3) & 0x1f, undefined, fv);
      f.add('gre.flags.version', 0, 2, version, undefined, fv);
      t.add('gre.proto', 2, 2, type);
    }
    let at = 4;
    if (fv & 0xc000) {
      if (ctx.building) checksum(view, ctx, fv);
      else view.check(4, 4);
      at += 4;
    }
    if (fv & 0x2000) {
      if (ctx.building) {
        if (version === 1) {
          t.add('gre.key.payload_length', at, 2, view.u16(at));
          t.add('gre.key.call_id', at + 2, 2, view.u16(at + 2));
        } else t.add('gre.key', at, 4, view.u32(at));
      } else view.check(at, 4);
      at += 4;
    }
    if (fv & 0x1000) {
      if (ctx.building) t.add('gre.sequence_number', at, 4, view.u32(at));
      else view.check(at, 4);
      at += 4;
    }
    if (version === 1 && fv & 0x0080) {
      if (ctx.building) t.add('gre.ack_number', at, 4, view.u32(at));
      else view.check(at, 4);
      at += 4;
    }
    if (fv & 0x4000) at = routing(view, ctx, at);
    if (version === 1 && view.reportedLength <= at) return at;
    if (!ctx.handoff('gre.proto', type)) handoffByEthertype(ctx, type);
    return at;
  },
});

function checksum(view: ByteView, ctx: DissectContext, fv: number): void {
  const t = ctx.layer;
  const value = view.u16(4);
  if (fv & 0x8000) {
    if (view.length >= view.reportedLength) {
      const good = onesComplementSum(view.bytes, view.start, view.start + view.length) === 0xffff;
      const c = t.add('gre.checksum', 4, 2, value, `Checksum: ${hex(value, 4)} ${good ? '[correct]' : '[incorrect]'}`);
      t.add('gre.checksum.status', 0, 0, good ? 1 : 0, `[Checksum Status: ${good ? 'Good' : 'Bad'}]`);
      if (!good) {
        c.expert('warn', 'Incorrect GRE Checksum');
        ctx.expert('warn', 'Incorrect GRE Checksum', 4, 2);
      }
    } else {
      t.add('gre.checksum', 4, 2, value, `Checksum: ${hex(value, 4)} [unverified]`);
      t.add('gre.checksum.status', 0, 0, 2, '[Checksum Status: Unverified]');
    }
  }
  t.add('gre.offset', 6, 2, view.u16(6));
}

/** RFC 1701 source route entries, up to the null entry; returns the offset after them. */
function routing(view: ByteView, ctx: DissectContext, at: number): number {
  for (;;) {
    const af = view.u16(at);
    const sreOffset = view.u8(at + 2);
    const sreLength = view.u8(at + 3);
    if (ctx.building) {
      const r = ctx.layer.text('Routing', at, 4 + sreLength);
      r.add('gre.routing.address_family', at, 2, af);
      r.add('gre.routing.sre_offset', at + 2, 1, sreOffset);
      r.add('gre.routing.src_length', at + 3, 1, sreLength);
      if (sreLength > 0) r.add('gre.routing.information', at + 4, sreLength, view.slice(at + 4, sreLength));
    }
    at += 4 + sreLength;
    if (af === 0 && sreLength === 0) return at;
  }
}
