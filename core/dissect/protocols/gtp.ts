/**
 * GPRS Tunnelling Protocol version 1 (3GPP TS 29.060 for GTP-C, TS 29.281 for GTP-U), UDP ports 2152
 * (user plane) and 2123 (control plane). Wireshark: packet-gtp.c. The header: flags, message type,
 * length, TEID, then (when E, S or PN is set) sequence number, N-PDU number and the chain of extension
 * headers. A T-PDU carries the user's IPv4 or IPv6 packet, chosen by its version nibble; a header of
 * version 2 goes to GTPv2. Version 0 (GSM 09.60, UDP 3386) has a 20-byte header with flow label and TID.
 * Control-plane information elements are not decoded (they stay in the layer).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { GTP_MESSAGE_TYPES } from './gtp-names';

const VERSIONS: Readonly<Record<number, string>> = {
  0: 'GTP release 97/98 version', 1: 'GTP release 99 version', 2: 'GTPv2-C', 3: 'None', 4: 'None', 5: 'None', 6: 'None', 7: 'None',
};
const EXT_TYPES: Readonly<Record<number, string>> = {
  0x00: 'No more extension headers', 0x01: 'MBMS support indication', 0x02: 'MS Info Change Reporting support indication',
  0x03: 'Long PDCP PDU Number', 0x20: 'Service Class Indicator', 0x40: 'UDP Port number', 0x81: 'RAN container',
  0x82: 'Long PDCP PDU number', 0x83: 'Xw RAN container', 0x84: 'NR RAN container', 0x85: 'PDU Session container',
  0xc0: 'PDCP PDU number', 0xc1: 'Suspend Request', 0xc2: 'Suspend Response',
};
const YES_NO = ['Yes', 'No'] as const;
const T_PDU = 0xff;

export const gtp = defineProtocol({
  abbrev: 'gtp',
  name: 'GPRS Tunneling Protocol',
  short: 'GTP',
  registersIn: [['udp.port', 2152], ['udp.port', 2123], ['udp.port', 3386]],
  fields: {
    'gtp.flags': { name: 'Flags', type: 'uint8', base: 'hex', offset: 0 },
    'gtp.flags.version': { name: 'Version', type: 'uint8', mask: 0xe0, strings: VERSIONS, offset: 0 },
    'gtp.flags.payload': { name: 'Protocol type', type: 'uint8', mask: 0x10, strings: { 0: "GTP'", 1: 'GTP' }, offset: 0 },
    'gtp.flags.reserved': { name: 'Reserved', type: 'uint8', mask: 0x0e, offset: 0 },
    'gtp.flags.e': { name: 'Is Next Extension Header present?', type: 'bool', mask: 0x04, bitWidth: 8, tfs: YES_NO, offset: 0 },
    'gtp.flags.s': { name: 'Is Sequence Number present?', type: 'bool', mask: 0x02, bitWidth: 8, tfs: YES_NO, offset: 0 },
    'gtp.flags.pn': { name: 'Is N-PDU number present?', type: 'bool', mask: 0x01, bitWidth: 8, tfs: YES_NO, offset: 0 },
    'gtp.flags.snn': { name: 'Is SNDCP N-PDU included?', type: 'bool', mask: 0x01, bitWidth: 8, tfs: YES_NO, offset: 0 },
    'gtp.message': { name: 'Message Type', type: 'uint8', base: 'hex', strings: GTP_MESSAGE_TYPES, offset: 1 },
    'gtp.length': { name: 'Length', type: 'uint16', offset: 2 },
    'gtp.teid': { name: 'TEID', type: 'uint32', base: 'hex_dec', offset: 4 },
    'gtp.seq_number': { name: 'Sequence number', type: 'uint16', base: 'hex_dec', offset: 8 },
    'gtp.npdu_number': { name: 'N-PDU Number', type: 'uint8', base: 'hex', offset: 10 },
    'gtp.flow_label': { name: 'Flow label', type: 'uint16', base: 'hex', offset: 6 },
    'gtp.sndcp_number': { name: 'SNDCP N-PDU LLC Number', type: 'uint8', base: 'hex', offset: 8 },
    'gtp.tid': { name: 'TID', type: 'string', offset: 12 },
    'gtp.ext_hdr.next': { name: 'Next extension header type', type: 'uint8', base: 'hex', strings: EXT_TYPES },
    'gtp.ext_hdr': { name: 'Extension header', type: 'none' },
    'gtp.ext_hdr.length': { name: 'Extension Header Length', type: 'uint8' },
    'gtp.ext_hdr.pdcp_sn': { name: 'PDCP Sequence Number', type: 'uint16' },
  },
  dissect(view, ctx) {
    const flags = view.u8(0);
    const version = flags >> 5;
    if (version === 2) {
      ctx.handoffTo('gtpv2');
      return 0;
    }
    if (version === 0) return dissectV0(view, ctx);
    // Versions above 2 are not GTP: Wireshark leaves them as data.
    if (version !== 1) return 0;
    view.check(0, 8);
    const type = view.u8(1);
    const length = view.u16(2);
    ctx.cols.info = GTP_MESSAGE_TYPES[type] ?? `Unknown (${hex(type, 2)})`;
    const t = ctx.layer;
    if (ctx.building) {
      const f = t.add('gtp.flags', 0, 1, flags);
      f.add('gtp.flags.version', 0, 1, version, undefined, flags);
      f.add('gtp.flags.payload', 0, 1, (flags >> 4) & 1, undefined, flags);
      // Wireshark shows one reserved bit for version 1 (bit 3), under the name declared with mask 0x0e.
      f.add('gtp.flags.reserved', 0, 1, (flags >> 3) & 1, `.... ${(flags >> 3) & 1}... = Reserved: ${(flags >> 3) & 1}`);
      f.add('gtp.flags.e', 0, 1, (flags & 4) !== 0, undefined, flags);
      f.add('gtp.flags.s', 0, 1, (flags & 2) !== 0, undefined, flags);
      f.add('gtp.flags.pn', 0, 1, (flags & 1) !== 0, undefined, flags);
      t.add('gtp.message', 1, 1, type);
      t.add('gtp.length', 2, 2, length);
      t.add('gtp.teid', 4, 4, view.u32(4));
    }
    let at = 8;
    if (flags & 0x07) at = optionalFields(view, ctx, flags);
    ctx.setPayloadLength(Math.max(0, 8 + length - at));
    if (type !== T_PDU || !view.has(at, 1)) return at;
    const inner = view.u8(at) >> 4;
    if (inner === 4) ctx.handoffTo('ip');
    else if (inner === 6) ctx.handoffTo('ipv6');
    // Wireshark shows neither a payload nor data for a T-PDU that is not IP: the bytes stay in this layer.
    else return Math.min(view.length, 8 + length);
    return at;
  },
});

/** Sequence number, N-PDU number and extension headers; returns the offset of the payload. */
function optionalFields(view: ByteView, ctx: DissectContext, flags: number): number {
  view.check(8, 4);
  const t = ctx.layer;
  if (ctx.building) {
    if (flags & 2) t.add('gtp.seq_number', 8, 2, view.u16(8));
    if (flags & 1) t.add('gtp.npdu_number', 10, 1, view.u8(10));
  }
  let next = view.u8(11);
  if ((flags & 4) === 0) return 12;
  if (ctx.building) t.add('gtp.ext_hdr.next', 11, 1, next);
  let at = 12;
  while (next !== 0) {
    const len = view.u8(at) * 4;
    if (len === 0) {
      ctx.malformed('GTP extension header of length 0');
      return at;
    }
    view.check(at, len);
    const type = next;
    next = view.u8(at + len - 1);
    if (ctx.building) {
      const e = t.add('gtp.ext_hdr', at, len, '', `Extension header (${EXT_TYPES[type] ?? 'Unknown'})`);
      e.add('gtp.ext_hdr.length', at, 1, len / 4);
      if (type === 0xc0 && len >= 4) e.add('gtp.ext_hdr.pdcp_sn', at + 1, 2, view.u16(at + 1));
      e.add('gtp.ext_hdr.next', at + len - 1, 1, next);
    }
    at += len;
  }
  return at;
}

/** A GTPv0 header (GSM 09.60 6): flags, type, length, sequence, flow label, SNDCP N-PDU number, TID. */
function dissectV0(view: ByteView, ctx: DissectContext): number {
  view.check(0, 20);
  const flags = view.u8(0);
  const type = view.u8(1);
  const length = view.u16(2);
  ctx.cols.info = GTP_MESSAGE_TYPES[type] ?? `Unknown (${hex(type, 2)})`;
  if (ctx.building) {
    const t = ctx.layer;
    const f = t.add('gtp.flags', 0, 1, flags);
    f.add('gtp.flags.version', 0, 1, 0, undefined, flags);
    f.add('gtp.flags.payload', 0, 1, (flags >> 4) & 1, undefined, flags);
    f.add('gtp.flags.reserved', 0, 1, (flags >> 1) & 7, undefined, flags);
    f.add('gtp.flags.snn', 0, 1, (flags & 1) !== 0, undefined, flags);
    t.add('gtp.message', 1, 1, type);
    t.add('gtp.length', 2, 2, length);
    t.add('gtp.seq_number', 4, 2, view.u16(4));
    t.add('gtp.flow_label', 6, 2, view.u16(6));
    t.add('gtp.sndcp_number', 8, 1, view.u8(8));
    t.add('gtp.tid', 12, 8, tbcd(view.slice(12, 8)));
  }
  ctx.setPayloadLength(length);
  if (type === T_PDU && view.has(20, 1)) {
    const inner = view.u8(20) >> 4;
    if (inner === 4 || inner === 6) {
      ctx.handoffTo(inner === 4 ? 'ip' : 'ipv6');
      return 20;
    }
  }
  // The information elements are not decoded: they stay in this layer, as Wireshark shows no data.
  return Math.min(view.length, 20 + length);
}

/** Telephony BCD: two digits a byte, low nibble first, 0xf ends the number. */
function tbcd(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    for (const d of [b & 0x0f, b >> 4]) {
      if (d === 0x0f) return s;
      s += d < 10 ? String(d) : '?';
    }
  }
  return s;
}
