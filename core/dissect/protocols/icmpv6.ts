/**
 * Internet Control Message Protocol v6 (RFC 4443) with Neighbor Discovery (RFC 4861) and MLD (RFC 2710,
 * RFC 3810). Wireshark: packet-icmpv6.c. The checksum is verified over the IPv6 pseudo-header (the
 * addresses the IPv6 layers left in the columns: the final destination after a routing header) when the
 * message was captured whole; errors quote the offending packet, dissected as IPv6 with the columns locked.
 * ND options are in icmpv6-options.ts.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { formatIpv6, hex } from '../format';
import { defineProtocol } from '../protocol';
import { onesComplementSum } from './ip-proto-names';
import { ND_OPTION_FIELDS, ndOptions } from './icmpv6-options';

const TYPES: Readonly<Record<number, string>> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem', 128: 'Echo (ping) request',
  129: 'Echo (ping) reply', 130: 'Multicast Listener Query', 131: 'Multicast Listener Report', 132: 'Multicast Listener Done',
  133: 'Router Solicitation', 134: 'Router Advertisement', 135: 'Neighbor Solicitation', 136: 'Neighbor Advertisement',
  137: 'Redirect', 143: 'Multicast Listener Report Message v2',
};
const CODES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  1: {
    0: 'no route to destination', 1: 'communication with destination administratively prohibited', 2: 'beyond scope of source address',
    3: 'Address unreachable', 4: 'Port unreachable', 5: 'source address failed ingress/egress policy', 6: 'reject route to destination',
  },
  3: { 0: 'hop limit exceeded in transit', 1: 'fragment reassembly time exceeded' },
  4: { 0: 'erroneous header field encountered', 1: 'unrecognized Next Header type encountered', 2: 'unrecognized IPv6 option encountered' },
};
const PRF = ['Medium', 'High', 'Reserved', 'Low'];
const MLDR_TYPES: Readonly<Record<number, string>> = {
  1: 'Include', 2: 'Exclude', 3: 'Changed to include', 4: 'Changed to exclude', 5: 'Allow new sources', 6: 'Block old sources',
};

export const icmpv6 = defineProtocol({
  abbrev: 'icmpv6',
  name: 'Internet Control Message Protocol v6',
  short: 'ICMPv6',
  registersIn: [['ip.proto', 58]],
  fields: {
    'icmpv6.type': { name: 'Type', type: 'uint8', strings: TYPES, offset: 0 },
    'icmpv6.code': { name: 'Code', type: 'uint8', offset: 1 },
    'icmpv6.checksum': { name: 'Checksum', type: 'uint16', base: 'hex', offset: 2 },
    'icmpv6.checksum.status': { name: 'Checksum Status', type: 'uint8', strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified' } },
    'icmpv6.reserved': { name: 'Reserved', type: 'bytes' },
    'icmpv6.mtu': { name: 'MTU', type: 'uint32', offset: 4 },
    'icmpv6.pointer': { name: 'Pointer', type: 'uint32', offset: 4 },
    'icmpv6.echo.identifier': { name: 'Identifier', type: 'uint16', base: 'hex', offset: 4 },
    'icmpv6.echo.sequence_number': { name: 'Sequence', type: 'uint16', offset: 6 },
    'icmpv6.nd.ra.cur_hop_limit': { name: 'Cur hop limit', type: 'uint8', offset: 4 },
    'icmpv6.nd.ra.flag': { name: 'Flags', type: 'uint8', base: 'hex', offset: 5 },
    'icmpv6.nd.ra.flag.m': { name: 'Managed address configuration', type: 'bool', mask: 0x80, offset: 5 },
    'icmpv6.nd.ra.flag.o': { name: 'Other configuration', type: 'bool', mask: 0x40, offset: 5 },
    'icmpv6.nd.ra.flag.h': { name: 'Home Agent', type: 'bool', mask: 0x20, offset: 5 },
    'icmpv6.nd.ra.flag.prf': { name: 'Prf (Default Router Preference)', type: 'uint8', mask: 0x18, strings: { 0: 'Medium', 1: 'High', 2: 'Reserved', 3: 'Low' }, offset: 5 },
    'icmpv6.nd.ra.flag.p': { name: 'Proxy', type: 'bool', mask: 0x04, offset: 5 },
    'icmpv6.nd.ra.flag.rsv': { name: 'Reserved', type: 'uint8', mask: 0x03, offset: 5 },
    'icmpv6.nd.ra.router_lifetime': { name: 'Router lifetime (s)', type: 'uint16', offset: 6 },
    'icmpv6.nd.ra.reachable_time': { name: 'Reachable time (ms)', type: 'uint32', offset: 8 },
    'icmpv6.nd.ra.retrans_timer': { name: 'Retrans timer (ms)', type: 'uint32', offset: 12 },
    'icmpv6.nd.ns.target_address': { name: 'Target Address', type: 'ipv6', offset: 8 },
    'icmpv6.nd.na.flag': { name: 'Flags', type: 'uint32', base: 'hex', offset: 4 },
    'icmpv6.nd.na.flag.r': { name: 'Router', type: 'bool', mask: 0x80000000, bitWidth: 32, offset: 4 },
    'icmpv6.nd.na.flag.s': { name: 'Solicited', type: 'bool', mask: 0x40000000, bitWidth: 32, offset: 4 },
    'icmpv6.nd.na.flag.o': { name: 'Override', type: 'bool', mask: 0x20000000, bitWidth: 32, offset: 4 },
    'icmpv6.nd.na.flag.rsv': { name: 'Reserved', type: 'uint32', mask: 0x1fffffff, offset: 4 },
    'icmpv6.nd.na.target_address': { name: 'Target Address', type: 'ipv6', offset: 8 },
    'icmpv6.nd.rd.target_address': { name: 'Target Address', type: 'ipv6', offset: 8 },
    'icmpv6.rd.na.destination_address': { name: 'Destination Address', type: 'ipv6', offset: 24 },
    'icmpv6.mld.maximum_response_delay': { name: 'Maximum Response Delay [ms]', type: 'uint16', offset: 4 },
    'icmpv6.mld.maximum_response_code': { name: 'Maximum Response Code', type: 'uint16', offset: 4 },
    'icmpv6.mld.multicast_address': { name: 'Multicast Address', type: 'ipv6', offset: 8 },
    'icmpv6.mld.flag': { name: 'Flags', type: 'uint8', base: 'hex', offset: 24 },
    'icmpv6.mld.flag.s': { name: 'Suppress Router-Side Processing', type: 'bool', mask: 0x08, tfs: ['True', 'False'], offset: 24 },
    'icmpv6.mld.flag.qrv': { name: "QRV (Querier's Robustness Variable)", type: 'uint8', mask: 0x07, offset: 24 },
    'icmpv6.mld.flag.reserved': { name: 'Reserved', type: 'uint8', mask: 0xf0, offset: 24 },
    'icmpv6.mld.qqi': { name: "QQIC (Querier's Query Interval Code)", type: 'uint8', offset: 25 },
    'icmpv6.mld.nb_sources': { name: 'Number of Sources', type: 'uint16', offset: 26 },
    'icmpv6.mld.source_address': { name: 'Source Address', type: 'ipv6' },
    'icmpv6.mldr.nb_mcast_records': { name: 'Number of Multicast Address Records', type: 'uint16', offset: 6 },
    'icmpv6.mldr.mar': { name: 'Multicast Address Record', type: 'none' },
    'icmpv6.mldr.mar.record_type': { name: 'Record Type', type: 'uint8', strings: MLDR_TYPES },
    'icmpv6.mldr.mar.aux_data_len': { name: 'Aux Data Len', type: 'uint8' },
    'icmpv6.mldr.mar.nb_sources': { name: 'Number of Sources', type: 'uint16' },
    'icmpv6.mldr.mar.multicast_address': { name: 'Multicast Address', type: 'ipv6' },
    'icmpv6.mldr.mar.source_address': { name: 'Source Address', type: 'ipv6' },
    ...ND_OPTION_FIELDS,
  },
  dissect(view, ctx) {
    const type = view.u8(0);
    const code = view.u8(1);
    const typeName = TYPES[type] ?? `Unknown (${type})`;
    const codeName = CODES[type]?.[code];
    ctx.cols.info = codeName !== undefined ? `${typeName} (${codeName})` : typeName;
    // The message is quoted by an error, where Wireshark verifies nothing.
    const inError = ctx.facts.inErrorPacket;
    const t = ctx.layer;
    if (ctx.building) {
      t.add('icmpv6.type', 0, 1, type);
      t.add('icmpv6.code', 1, 1, code, codeName !== undefined ? `Code: ${code} (${codeName})` : undefined);
      checksum(view, ctx, inError);
    } else view.check(0, 4);
    if (type === 128 || type === 129) return echo(view, ctx, typeName);
    if (type >= 1 && type <= 4) return error(view, ctx, type);
    if (type >= 133 && type <= 137) return nd(view, ctx, type, typeName);
    if (type >= 130 && type <= 132) {
      if (ctx.building) {
        t.add(type === 130 && view.length >= 28 ? 'icmpv6.mld.maximum_response_code' : 'icmpv6.mld.maximum_response_delay', 4, 2, view.u16(4));
        t.add('icmpv6.reserved', 6, 2, view.slice(6, 2));
        t.add('icmpv6.mld.multicast_address', 8, 16, view.slice(8, 16));
      }
      if (type === 130 && view.length >= 28) return mldv2Query(view, ctx);
      return Math.min(view.length, 24);
    }
    if (type === 143) return mldv2Report(view, ctx);
    return 4;
  },
});

function echo(view: ByteView, ctx: DissectContext, typeName: string): number {
  const id = view.u16(4);
  if (ctx.building) ctx.layer.add('icmpv6.echo.identifier', 4, 2, id);
  const seq = view.u16(6);
  if (ctx.building) ctx.layer.add('icmpv6.echo.sequence_number', 6, 2, seq);
  ctx.cols.info = `${typeName} id=${hex(id, 4)}, seq=${seq}`;
  if (ctx.facts.ttl >= 0) ctx.cols.info += `, hop limit=${ctx.facts.ttl}`;
  return 8;
}

/** Destination unreachable, packet too big, time exceeded, parameter problem: 8 bytes, then the quoted packet. */
function error(view: ByteView, ctx: DissectContext, type: number): number {
  if (ctx.building) {
    if (type === 2) ctx.layer.add('icmpv6.mtu', 4, 4, view.u32(4));
    else if (type === 4) ctx.layer.add('icmpv6.pointer', 4, 4, view.u32(4));
    else ctx.layer.add('icmpv6.reserved', 4, 4, view.slice(4, 4));
  } else view.check(4, 4);
  if (view.length > 8) {
    ctx.lockColumns();
    ctx.facts.transport = 58;
    ctx.facts.inErrorPacket = true;
    if (view.u8(8) >> 4 === 6) ctx.handoffTo('ipv6');
  }
  return 8;
}

function nd(view: ByteView, ctx: DissectContext, type: number, typeName: string): number {
  const t = ctx.layer;
  if (type === 133) {
    if (ctx.building) t.add('icmpv6.reserved', 4, 4, view.slice(4, 4));
    const lla = ndOptions(view, ctx, 8, 1);
    ctx.cols.info = `${typeName}${lla !== undefined ? ` from ${lla}` : ''}`;
  } else if (type === 134) {
    if (ctx.building) {
      t.add('icmpv6.nd.ra.cur_hop_limit', 4, 1, view.u8(4));
      const f = view.u8(5);
      const words = [f & 0x80 ? 'Managed' : '', f & 0x40 ? 'Other' : '', f & 0x20 ? 'Home Agent' : ''].filter(Boolean);
      words.push(`Prf (Default Router Preference): ${PRF[(f >> 3) & 3]}`);
      if (f & 0x04) words.push('Proxy');
      const fl = t.add('icmpv6.nd.ra.flag', 5, 1, f, `Flags: ${hex(f, 2)}, ${words.join(', ')}`);
      for (const [name, mask] of [['m', 0x80], ['o', 0x40], ['h', 0x20]] as const) fl.add(`icmpv6.nd.ra.flag.${name}`, 5, 1, (f & mask) !== 0, undefined, f);
      fl.add('icmpv6.nd.ra.flag.prf', 5, 1, (f >> 3) & 3, undefined, f);
      fl.add('icmpv6.nd.ra.flag.p', 5, 1, (f & 0x04) !== 0, undefined, f);
      fl.add('icmpv6.nd.ra.flag.rsv', 5, 1, f & 3, undefined, f);
      t.add('icmpv6.nd.ra.router_lifetime', 6, 2, view.u16(6));
      t.add('icmpv6.nd.ra.reachable_time', 8, 4, view.u32(8));
      t.add('icmpv6.nd.ra.retrans_timer', 12, 4, view.u32(12));
    } else view.check(0, 16);
    const lla = ndOptions(view, ctx, 16, 1);
    ctx.cols.info = `${typeName}${lla !== undefined ? ` from ${lla}` : ''}`;
  } else if (type === 135 || type === 136) {
    const f = view.u32(4);
    if (ctx.building && type === 136) {
      const fl = t.add('icmpv6.nd.na.flag', 4, 4, f);
      fl.add('icmpv6.nd.na.flag.r', 4, 4, (f & 0x80000000) !== 0, undefined, f);
      fl.add('icmpv6.nd.na.flag.s', 4, 4, (f & 0x40000000) !== 0, undefined, f);
      fl.add('icmpv6.nd.na.flag.o', 4, 4, (f & 0x20000000) !== 0, undefined, f);
      fl.add('icmpv6.nd.na.flag.rsv', 4, 4, f & 0x1fffffff, undefined, f);
    }
    view.check(8, 16);
    const target = formatIpv6(view.bytes, view.start + 8);
    if (ctx.building) {
      if (type === 135) {
        t.add('icmpv6.reserved', 4, 4, view.slice(4, 4));
        t.add('icmpv6.nd.ns.target_address', 8, 16, view.slice(8, 16));
      } else t.add('icmpv6.nd.na.target_address', 8, 16, view.slice(8, 16));
    }
    const lla = ndOptions(view, ctx, 24, type === 135 ? 1 : 2);
    if (type === 135) ctx.cols.info = `Neighbor Solicitation for ${target}${lla !== undefined ? ` from ${lla}` : ''}`;
    else {
      const b = f >>> 24;
      const words = [b & 0x80 ? 'rtr' : '', b & 0x40 ? 'sol' : '', b & 0x20 ? 'ovr' : ''].filter(Boolean).join(', ');
      // Wireshark says "is at" for a solicited answer and "from" for an unsolicited one.
      ctx.cols.info = `Neighbor Advertisement ${target}${words ? ` (${words})` : ''}${lla !== undefined ? `${b & 0x40 ? ' is at ' : ' from '}${lla}` : ''}`;
    }
  } else {
    if (ctx.building) {
      t.add('icmpv6.reserved', 4, 4, view.slice(4, 4));
      t.add('icmpv6.nd.rd.target_address', 8, 16, view.slice(8, 16));
      t.add('icmpv6.rd.na.destination_address', 24, 16, view.slice(24, 16));
    } else view.check(0, 40);
    const lla = ndOptions(view, ctx, 40, 2);
    ctx.cols.info = `${typeName}${lla !== undefined ? ` from ${lla}` : ''}`;
  }
  return view.length;
}

function mldv2Query(view: ByteView, ctx: DissectContext): number {
  const n = view.u16(26);
  if (ctx.building) {
    const f = view.u8(24);
    const fl = ctx.layer.add('icmpv6.mld.flag', 24, 1, f);
    fl.add('icmpv6.mld.flag.s', 24, 1, (f & 8) !== 0, undefined, f);
    fl.add('icmpv6.mld.flag.qrv', 24, 1, f & 7, undefined, f);
    fl.add('icmpv6.mld.flag.reserved', 24, 1, f >> 4, undefined, f);
    ctx.layer.add('icmpv6.mld.qqi', 25, 1, view.u8(25));
    ctx.layer.add('icmpv6.mld.nb_sources', 26, 2, n);
    for (let i = 0; i < n; i++) ctx.layer.add('icmpv6.mld.source_address', 28 + 16 * i, 16, view.slice(28 + 16 * i, 16));
  }
  return Math.min(view.length, 28 + 16 * n);
}

function mldv2Report(view: ByteView, ctx: DissectContext): number {
  const n = view.u16(6);
  if (!ctx.building) return Math.min(view.length, 8);
  ctx.layer.add('icmpv6.reserved', 4, 2, view.slice(4, 2));
  ctx.layer.add('icmpv6.mldr.nb_mcast_records', 6, 2, n);
  let at = 8;
  for (let i = 0; i < n; i++) {
    const rtype = view.u8(at);
    const aux = view.u8(at + 1) * 4;
    const ns = view.u16(at + 2);
    const len = 20 + ns * 16 + aux;
    const addr = formatIpv6(view.bytes, (view.check(at + 4, 16), view.start + at + 4));
    const r = ctx.layer.add('icmpv6.mldr.mar', at, len, '', `Multicast Address Record ${MLDR_TYPES[rtype] ?? 'Unknown'}: ${addr}`);
    r.add('icmpv6.mldr.mar.record_type', at, 1, rtype);
    r.add('icmpv6.mldr.mar.aux_data_len', at + 1, 1, view.u8(at + 1));
    r.add('icmpv6.mldr.mar.nb_sources', at + 2, 2, ns);
    r.add('icmpv6.mldr.mar.multicast_address', at + 4, 16, view.slice(at + 4, 16));
    for (let s = 0; s < ns; s++) r.add('icmpv6.mldr.mar.source_address', at + 20 + s * 16, 16, view.slice(at + 20 + s * 16, 16));
    at += len;
  }
  return at;
}

function checksum(view: ByteView, ctx: DissectContext, inError: boolean): void {
  const t = ctx.layer;
  const value = view.u16(2);
  const len = ctx.facts.ipPayloadLength >= 0 ? ctx.facts.ipPayloadLength : view.reportedLength;
  const { ipSrc: src, ipDst: dst } = ctx.facts;
  if (inError || ctx.facts.ipVersion !== 6 || !view.has(0, len) || len < 4) {
    t.add('icmpv6.checksum', 2, 2, value, `Checksum: ${hex(value, 4)} [unverified]`);
    t.add('icmpv6.checksum.status', 0, 0, 2, '[Checksum Status: Unverified]');
    return;
  }
  // Pseudo-header: source, destination, upper-layer length, next header 58.
  let pseudo = onesComplementSum(src, 0, 16, onesComplementSum(dst, 0, 16, (len >>> 16) + (len & 0xffff) + 58));
  pseudo = onesComplementSum(view.bytes, view.start, view.start + len, pseudo);
  if (pseudo === 0xffff) {
    t.add('icmpv6.checksum', 2, 2, value, `Checksum: ${hex(value, 4)} [correct]`);
    t.add('icmpv6.checksum.status', 0, 0, 1, '[Checksum Status: Good]');
    return;
  }
  const without = (pseudo + (~value & 0xffff)) % 0xffff;
  const should = hex(~without & 0xffff || 0xffff, 4);
  t.add('icmpv6.checksum', 2, 2, value, `Checksum: ${hex(value, 4)} incorrect, should be ${should}`).expert('warn', 'Bad checksum');
  t.add('icmpv6.checksum.status', 0, 0, 0, '[Checksum Status: Bad]');
  ctx.expert('warn', 'Bad checksum', 2, 2);
}
