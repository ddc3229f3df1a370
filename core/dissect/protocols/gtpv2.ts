/**
 * GPRS Tunnelling Protocol V2 (3GPP TS 29.274), the EPC control plane on UDP 2123 (GTP hands version-2
 * headers over). Wireshark: packet-gtpv2.c. The header (flags, message type, length, TEID when T is set,
 * sequence number) and each information element's type, length, CR flag and instance; the elements'
 * contents are not decoded.
 */
import { defineProtocol } from '../protocol';
import { GTPV2_IE_TYPES, GTPV2_MESSAGE_TYPES } from './gtpv2-names';

export const gtpv2 = defineProtocol({
  abbrev: 'gtpv2',
  name: 'GPRS Tunneling Protocol V2',
  short: 'GTPv2',
  fields: {
    'gtpv2.flags': { name: 'Flags', type: 'uint8', base: 'hex', offset: 0 },
    'gtpv2.version': { name: 'Version', type: 'uint8', mask: 0xe0, offset: 0 },
    'gtpv2.p': { name: 'Piggybacking flag (P)', type: 'uint8', mask: 0x10, offset: 0 },
    'gtpv2.t': { name: 'TEID flag (T)', type: 'uint8', mask: 0x08, offset: 0 },
    'gtpv2.mp': { name: 'Message Priority(MP)', type: 'uint8', mask: 0x04, offset: 0 },
    'gtpv2.message_type': { name: 'Message Type', type: 'uint8', strings: GTPV2_MESSAGE_TYPES, offset: 1 },
    'gtpv2.msg_length': { name: 'Message Length', type: 'uint16', offset: 2 },
    'gtpv2.teid': { name: 'Tunnel Endpoint Identifier', type: 'uint32', base: 'hex_dec' },
    'gtpv2.seq': { name: 'Sequence Number', type: 'uint24', base: 'hex_dec' },
    'gtpv2.spare': { name: 'Spare', type: 'uint16' },
    'gtpv2.ie_type': { name: 'IE Type', type: 'uint8', strings: GTPV2_IE_TYPES },
    'gtpv2.ie_len': { name: 'IE Length', type: 'uint16' },
    'gtpv2.cr': { name: 'CR flag', type: 'uint8', mask: 0xf0 },
    'gtpv2.instance': { name: 'Instance', type: 'uint8', mask: 0x0f },
  },
  dissect(view, ctx) {
    const flags = view.u8(0);
    const type = view.u8(1);
    const length = view.u16(2);
    const teid = (flags & 0x08) !== 0;
    const name = GTPV2_MESSAGE_TYPES[type] ?? 'Unknown';
    ctx.cols.info = name;
    const t = ctx.layer;
    const end = 4 + length;
    if (ctx.building) {
      const f = t.add('gtpv2.flags', 0, 1, flags);
      f.add('gtpv2.version', 0, 1, flags >> 5, undefined, flags);
      f.add('gtpv2.p', 0, 1, (flags >> 4) & 1, undefined, flags);
      f.add('gtpv2.t', 0, 1, (flags >> 3) & 1, undefined, flags);
      f.add('gtpv2.mp', 0, 1, (flags >> 2) & 1, undefined, flags);
      t.add('gtpv2.message_type', 1, 1, type, `Message Type: ${name} (${type})`);
      t.add('gtpv2.msg_length', 2, 2, length);
    }
    let at = 4;
    if (teid) {
      if (ctx.building) t.add('gtpv2.teid', at, 4, view.u32(at));
      else view.check(at, 4);
      at += 4;
    }
    view.check(at, 4);
    if (ctx.building) {
      t.add('gtpv2.seq', at, 3, view.u24(at));
      t.add('gtpv2.spare', at + 3, 1, view.u8(at + 3));
    }
    at += 4;
    while (at + 4 <= end && view.has(at, 1)) {
      const ieType = view.u8(at);
      const ieLen = view.u16(at + 1);
      const ci = view.u8(at + 3);
      if (ctx.building) {
        const ieName = GTPV2_IE_TYPES[ieType] ?? 'Unknown';
        const e = t.text(`${ieName} : `, at, 4 + ieLen);
        e.add('gtpv2.ie_type', at, 1, ieType, `IE Type: ${ieName} (${ieType})`);
        e.add('gtpv2.ie_len', at + 1, 2, ieLen);
        e.add('gtpv2.cr', at + 3, 1, ci >> 4, undefined, ci);
        e.add('gtpv2.instance', at + 3, 1, ci & 0x0f, undefined, ci);
      }
      at += 4 + ieLen;
    }
    if (at > end) ctx.malformed('GTPv2 information element runs past the message length');
    return Math.min(at, view.length);
  },
});
