/**
 * IPv6 Fragment header (RFC 8200 §4.5). Wireshark: packet-ipv6.c (`ipv6.fraghdr`). Fragments are not
 * reassembled here (core/flow's job): a real fragment's payload is data with Wireshark's Info text; an
 * atomic fragment (offset 0, no more fragments) continues with its next header.
 */
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { IP_PROTO_NAMES } from './ip-proto-names';
import { nextHeader } from './ipv6-ext';

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
    return 8;
  },
});
