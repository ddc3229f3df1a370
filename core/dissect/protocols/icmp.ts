/**
 * Internet Control Message Protocol (RFC 792). Wireshark: packet-icmp.c. The checksum is verified over the
 * whole message when it was captured (not inside a quoted packet, as Wireshark). Echo, timestamp and
 * address-mask messages show their identifier and sequence number; errors (unreachable, source quench,
 * redirect, time exceeded, parameter problem) quote the offending IP packet, which is dissected as IP with
 * the list columns locked, so the quoted layers show in the tree and frame.protocols but not in the columns.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { onesComplementSum } from './ip-proto-names';

const TYPES: Readonly<Record<number, string>> = {
  0: 'Echo (ping) reply', 3: 'Destination unreachable', 4: 'Source quench (flow control)', 5: 'Redirect', 8: 'Echo (ping) request',
  9: 'Router advertisement', 10: 'Router solicitation', 11: 'Time-to-live exceeded', 12: 'Parameter problem', 13: 'Timestamp request',
  14: 'Timestamp reply', 15: 'Information request', 16: 'Information reply', 17: 'Address mask request', 18: 'Address mask reply',
};
const CODES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  3: {
    0: 'Network unreachable', 1: 'Host unreachable', 2: 'Protocol unreachable', 3: 'Port unreachable', 4: 'Fragmentation needed',
    5: 'Source route failed', 6: 'Destination network unknown', 7: 'Destination host unknown', 8: 'Source host isolated',
    9: 'Network administratively prohibited', 10: 'Host administratively prohibited', 11: 'Network unreachable for TOS',
    12: 'Host unreachable for TOS', 13: 'Communication administratively filtered', 14: 'Host precedence violation',
    15: 'Precedence cutoff in effect',
  },
  5: { 0: 'Redirect for network', 1: 'Redirect for host', 2: 'Redirect for TOS and network', 3: 'Redirect for TOS and host' },
  9: { 0: 'Normal router advertisement', 16: 'Does not route common traffic' },
  11: { 0: 'Time to live exceeded in transit', 1: 'Fragment reassembly time exceeded' },
  12: { 0: 'Pointer indicates the error', 1: 'Required option missing', 2: 'Bad length' },
};
/** Types whose header carries an identifier and sequence number. */
const ID_SEQ_TYPES: ReadonlySet<number> = new Set([0, 8, 13, 14, 15, 16, 17, 18]);
/** Error types, which quote the offending packet after an 8-byte header. */
const ERROR_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);

export const icmp = defineProtocol({
  abbrev: 'icmp',
  name: 'Internet Control Message Protocol',
  short: 'ICMP',
  registersIn: [['ip.proto', 1]],
  fields: {
    'icmp.type': { name: 'Type', type: 'uint8', offset: 0 },
    'icmp.code': { name: 'Code', type: 'uint8', offset: 1 },
    'icmp.checksum': { name: 'Checksum', type: 'uint16', base: 'hex', offset: 2 },
    'icmp.checksum.status': { name: 'Checksum Status', type: 'uint8', strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified' } },
    'icmp.unused': { name: 'Unused', type: 'bytes' },
    'icmp.ident': { name: 'Identifier (BE)', type: 'uint16', base: 'dec_hex', offset: 4 },
    'icmp.ident_le': { name: 'Identifier (LE)', type: 'uint16', base: 'dec_hex', offset: 4 },
    'icmp.seq': { name: 'Sequence Number (BE)', type: 'uint16', base: 'dec_hex', offset: 6 },
    'icmp.seq_le': { name: 'Sequence Number (LE)', type: 'uint16', base: 'dec_hex', offset: 6 },
    'icmp.mtu': { name: 'MTU of next hop', type: 'uint16' },
    'icmp.pointer': { name: 'Pointer', type: 'uint32' },
    'icmp.redir_gw': { name: 'Gateway Address', type: 'ipv4' },
    'icmp.originate_timestamp': { name: 'Originate Timestamp', type: 'uint32' },
    'icmp.receive_timestamp': { name: 'Receive Timestamp', type: 'uint32' },
    'icmp.transmit_timestamp': { name: 'Transmit Timestamp', type: 'uint32' },
    'icmp.address_mask': { name: 'Address Mask', type: 'ipv4' },
  },
  dissect(view, ctx) {
    const type = view.u8(0);
    const code = view.u8(1);
    const typeName = TYPES[type] ?? 'Unknown ICMP (obsolete or malformed?)';
    const codeName = CODES[type]?.[code];
    // Wireshark: "%-20s" of the type, then " (code)" and, for echo and the like, " id=…, seq=…".
    ctx.cols.info = typeName.padEnd(20) + (codeName !== undefined ? ` (${codeName})` : '');
    // This message is quoted by an ICMP error, and Wireshark verifies nothing there.
    const inError = ctx.facts.inErrorPacket;
    const t = ctx.layer;
    if (ctx.building) {
      t.add('icmp.type', 0, 1, type, `Type: ${type} (${typeName})`);
      t.add('icmp.code', 1, 1, code, codeName !== undefined ? `Code: ${code} (${codeName})` : undefined);
      checksum(view, ctx, inError);
    } else view.check(0, 4);
    if (ID_SEQ_TYPES.has(type)) {
      const id = view.u16(4);
      if (ctx.building) {
        t.add('icmp.ident', 4, 2, id);
        t.add('icmp.ident_le', 4, 2, swap16(id));
      }
      const seq = view.u16(6);
      if (ctx.building) {
        t.add('icmp.seq', 6, 2, seq);
        t.add('icmp.seq_le', 6, 2, swap16(seq));
      }
      ctx.cols.info += ` id=${hex(id, 4)}, seq=${seq}/${swap16(seq)}`;
      if ((type === 0 || type === 8) && ctx.facts.ttl >= 0) ctx.cols.info += `, ttl=${ctx.facts.ttl}`;
      return body(view, ctx, type);
    }
    if (!ERROR_TYPES.has(type)) return view.length >= 8 ? 8 : 4;
    if (ctx.building) errorHeader(view, ctx, type, code);
    else view.check(0, 8);
    if (view.length > 8) {
      ctx.lockColumns();
      ctx.facts.transport = 1;
      ctx.facts.inErrorPacket = true;
      const version = view.u8(8) >> 4;
      if (version === 4) ctx.handoffTo('ip');
    }
    return 8;
  },
});

function checksum(view: ByteView, ctx: DissectContext, inError: boolean): void {
  const t = ctx.layer;
  const value = view.u16(2);
  const len = ctx.facts.ipPayloadLength >= 0 ? ctx.facts.ipPayloadLength : view.reportedLength;
  if (inError || !view.has(0, len) || len < 4) {
    t.add('icmp.checksum', 2, 2, value, `Checksum: ${hex(value, 4)} [unverified]`);
    t.add('icmp.checksum.status', 0, 0, 2, '[Checksum Status: Unverified]');
    return;
  }
  if (onesComplementSum(view.bytes, view.start, view.start + len) === 0xffff) {
    t.add('icmp.checksum', 2, 2, value, `Checksum: ${hex(value, 4)} [correct]`);
    t.add('icmp.checksum.status', 0, 0, 1, '[Checksum Status: Good]');
    return;
  }
  const rest = onesComplementSum(view.bytes, view.start + 4, view.start + len, onesComplementSum(view.bytes, view.start, view.start + 2));
  const should = hex(~rest & 0xffff, 4);
  t.add('icmp.checksum', 2, 2, value, `Checksum: ${hex(value, 4)} incorrect, should be ${should}`).expert('warn', `Bad checksum [should be ${should}]`);
  t.add('icmp.checksum.status', 0, 0, 0, '[Checksum Status: Bad]');
  ctx.expert('warn', `Bad checksum [should be ${should}]`, 2, 2);
}

/** Bytes 4..8 of an error: unused, or the next-hop MTU, the gateway, the pointer. */
function errorHeader(view: ByteView, ctx: DissectContext, type: number, code: number): void {
  const t = ctx.layer;
  if (type === 5) {
    t.add('icmp.redir_gw', 4, 4, view.slice(4, 4));
  } else if (type === 12) {
    t.add('icmp.pointer', 4, 1, view.u8(4));
    t.add('icmp.unused', 5, 3, view.slice(5, 3));
  } else if (type === 3 && code === 4) {
    t.add('icmp.unused', 4, 2, view.slice(4, 2));
    t.add('icmp.mtu', 6, 2, view.u16(6));
  } else {
    t.add('icmp.unused', 4, 4, view.slice(4, 4));
  }
}

/** The bodies of timestamp and address-mask messages; echo data is left to the data layer. */
function body(view: ByteView, ctx: DissectContext, type: number): number {
  if (type === 13 || type === 14) {
    if (ctx.building) {
      ctx.layer.add('icmp.originate_timestamp', 8, 4, view.u32(8));
      ctx.layer.add('icmp.receive_timestamp', 12, 4, view.u32(12));
      ctx.layer.add('icmp.transmit_timestamp', 16, 4, view.u32(16));
    }
    return 20;
  }
  if (type === 17 || type === 18) {
    if (ctx.building) ctx.layer.add('icmp.address_mask', 8, 4, view.slice(8, 4));
    return 12;
  }
  return 8;
}

function swap16(v: number): number {
  return ((v & 0xff) << 8) | (v >> 8);
}
