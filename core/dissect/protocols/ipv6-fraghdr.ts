/**
 * IPv6 Fragment header (RFC 8200 §4.5). Wireshark: packet-ipv6.c (`ipv6.fraghdr`). An atomic fragment
 * (offset 0, no more fragments) continues with its next header. Real fragments are reassembled by
 * core/flow (ip-defrag.ts), which hands the result back in `ctx.flowInfo.ip`: the packet that completes
 * the datagram shows Wireshark's fragment list and continues with the next header on the reassembled
 * bytes; the others show `ipv6.reassembled.in` and their payload as data with Wireshark's Info text.
 * Wireshark puts those fields under the IPv6 header; here they are under the fragment header, the layer
 * that reads them (same fields, one level lower in the tree).
 */
import { continueOn } from '../dissect';
import type { FieldDef } from '../field';
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { showFragments, type FragmentNames } from './ip';
import { IP_PROTO_NAMES } from './ip-proto-names';
import { nextHeader } from './ipv6-ext';

const IPV6_FRAGMENT_NAMES: FragmentNames = { prefix: 'ipv6', version: 'IPv6' };

/**
 * The reassembly fields this layer adds. They are Wireshark's `ipv6.*` fields, so the registry takes them
 * from the `ipv6` protocol's declaration (ipv6.ts spreads this in).
 */
export const IPV6_REASSEMBLY_FIELDS = {
  'ipv6.fragments': { name: 'IPv6 Fragments', type: 'none' },
  'ipv6.fragment': { name: 'IPv6 Fragment', type: 'uint32' },
  'ipv6.fragment.overlap': { name: 'Fragment overlap', type: 'bool' },
  'ipv6.fragment.overlap.conflict': { name: 'Conflicting data in fragment overlap', type: 'bool' },
  'ipv6.fragment.multipletails': { name: 'Multiple tail fragments found', type: 'bool' },
  'ipv6.fragment.toolongfragment': { name: 'Fragment too long', type: 'bool' },
  'ipv6.fragment.error': { name: 'Defragmentation error', type: 'uint32' },
  'ipv6.fragment.count': { name: 'Fragment count', type: 'uint32' },
  'ipv6.reassembled.in': { name: 'Reassembled IPv6 in frame', type: 'uint32' },
  'ipv6.reassembled.length': { name: 'Reassembled IPv6 length', type: 'uint32' },
  'ipv6.reassembled.data': { name: 'Reassembled IPv6 data', type: 'bytes' },
} satisfies Record<string, FieldDef>;

export const ipv6Fraghdr = defineProtocol({
  abbrev: 'ipv6.fraghdr',
  name: 'Fragment Header for IPv6',
  short: 'IPv6',
  registersIn: [['ip.proto', 44]],
  fields: {
    'ipv6.fraghdr.nxt': { name: 'Next header', type: 'uint8', strings: IP_PROTO_NAMES, offset: 0 },
    'ipv6.fraghdr.reserved_octet': { name: 'Reserved octet', type: 'uint8', base: 'hex', offset: 1 },
    'ipv6.fraghdr.offset': { name: 'Offset', type: 'uint16', mask: 0xfff8, offset: 2 },
    'ipv6.fraghdr.reserved_bits': { name: 'Reserved bits', type: 'uint16', mask: 0x0006, offset: 2 },
    'ipv6.fraghdr.more': { name: 'More Fragments', type: 'bool', mask: 0x0001, bitWidth: 16, tfs: ['Yes', 'No'], offset: 2 },
    'ipv6.fraghdr.ident': { name: 'Identification', type: 'uint32', base: 'hex', offset: 4 },
  },
  dissect(view, ctx) {
    const nxt = view.u8(0);
    const offField = view.u16(2);
    const id = view.u32(4);
    const offset = offField >> 3;
    const more = (offField & 1) !== 0;
    if (ctx.building) {
      const t = ctx.layer;
      t.add('ipv6.fraghdr.nxt', 0, 1, nxt);
      t.add('ipv6.fraghdr.reserved_octet', 1, 1, view.u8(1));
      t.add('ipv6.fraghdr.offset', 2, 2, offset, undefined, offField);
      t.add('ipv6.fraghdr.reserved_bits', 2, 2, (offField >> 1) & 3, undefined, offField);
      t.add('ipv6.fraghdr.more', 2, 2, more, undefined, offField);
      t.add('ipv6.fraghdr.ident', 4, 4, id);
    }
    if (offset === 0 && !more) {
      nextHeader(ctx, 8, nxt);
      return 8;
    }
    if (ctx.facts.ipPayloadLength >= 0) ctx.facts.ipPayloadLength = Math.max(0, ctx.facts.ipPayloadLength - 8);
    if (ctx.flow !== undefined) {
      const dataLength = ctx.facts.ipPayloadLength >= 0 ? ctx.facts.ipPayloadLength : Math.max(0, view.reportedLength - 8);
      const capturedLength = Math.max(0, Math.min(dataLength, view.length - 8));
      ctx.flow.fragment({ version: 6, id, offset: offset * 8, more, protocol: nxt, dataOffset: view.start + 8, dataLength, capturedLength, inError: ctx.facts.inErrorPacket });
    }
    ctx.cols.info = `IPv6 fragment (off=${offset * 8} more=${more ? 'y' : 'n'} ident=${hex(id, 8)} nxt=${nxt})`;
    const r = ctx.flowInfo?.ip;
    if (r === undefined || r.version !== 6 || r.id !== id || ctx.facts.inErrorPacket) return 8;
    if (r.datagram !== undefined) {
      const sw = continueOn(ctx, 'Reassembled IPv6', r.datagram.bytes);
      if (sw !== undefined) {
        const illegal = showFragments(sw.layer, r.datagram, IPV6_FRAGMENT_NAMES, ctx.building);
        if (illegal) ctx.cols.info = '[Illegal IPv6 fragments]';
        ctx.facts.ipPayloadLength = r.datagram.bytes.length;
        ctx.handoff('ip.proto', r.datagram.protocol);
        return 8;
      }
    }
    ctx.layer.add('ipv6.reassembled.in', 0, 0, r.reassembledIn, `[Reassembled IPv6 in frame: ${r.reassembledIn}]`);
    return 8;
  },
});
