/**
 * Internet Group Management Protocol v1 (RFC 1112), v2 (RFC 2236) and v3 (RFC 3376, with the reports'
 * group records). Wireshark: packet-igmp.c. The version follows from the type and length as Wireshark
 * decides it and names the Protocol column (IGMPv1/v2/v3); the checksum is verified. Other IGMP types
 * (DVMRP, mtrace, …) show type and checksum only.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { formatIpv4, hex } from '../format';
import { defineProtocol } from '../protocol';
import { onesComplementSum } from './ip-proto-names';

const TYPES: Readonly<Record<number, string>> = {
  0x11: 'Membership Query', 0x12: 'Membership Report', 0x13: 'DVMRP', 0x14: 'PIM version 1', 0x15: 'Cisco Trace Messages',
  0x16: 'Membership Report', 0x17: 'Leave Group', 0x1e: 'Traceroute Response', 0x1f: 'Traceroute Query or Request',
  0x22: 'Membership Report', 0x30: 'Multicast Router Advertisement', 0x31: 'Multicast Router Solicitation',
  0x32: 'Multicast Router Termination',
};
const RECORD_TYPES: Readonly<Record<number, string>> = {
  1: 'Mode Is Include', 2: 'Mode Is Exclude', 3: 'Change To Include Mode', 4: 'Change To Exclude Mode', 5: 'Allow New Sources',
  6: 'Block Old Sources',
};

export const igmp = defineProtocol({
  abbrev: 'igmp',
  name: 'Internet Group Management Protocol',
  short: 'IGMP',
  registersIn: [['ip.proto', 2]],
  fields: {
    'igmp.version': { name: 'IGMP Version', type: 'uint8' },
    'igmp.type': { name: 'Type', type: 'uint8', base: 'hex', strings: TYPES, offset: 0 },
    'igmp.reserved': { name: 'Reserved', type: 'bytes' },
    'igmp.max_resp': { name: 'Max Resp Time', type: 'uint8', offset: 1 },
    'igmp.checksum': { name: 'Checksum', type: 'uint16', base: 'hex', offset: 2 },
    'igmp.checksum.status': { name: 'Checksum Status', type: 'uint8', strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified' } },
    'igmp.maddr': { name: 'Multicast Address', type: 'ipv4' },
    'igmp.s': { name: 'S', type: 'bool', mask: 0x08 },
    'igmp.qrv': { name: 'QRV', type: 'uint8', mask: 0x07 },
    'igmp.qqic': { name: 'QQIC', type: 'uint8' },
    'igmp.num_src': { name: 'Num Src', type: 'uint16' },
    'igmp.saddr': { name: 'Source Address', type: 'ipv4' },
    'igmp.num_grp_recs': { name: 'Num Group Records', type: 'uint16' },
    'igmp.record_type': { name: 'Record Type', type: 'uint8', strings: RECORD_TYPES },
    'igmp.aux_data_len': { name: 'Aux Data Len', type: 'uint8' },
    'igmp.aux_data': { name: 'Aux Data', type: 'bytes' },
  },
  dissect(view, ctx) {
    const type = view.u8(0);
    const len = ctx.facts.ipPayloadLength >= 0 ? ctx.facts.ipPayloadLength : view.reportedLength;
    const version = type === 0x11 ? (len >= 12 ? 3 : view.u8(1) === 0 ? 1 : 2) : type === 0x12 ? 1 : type === 0x16 || type === 0x17 ? 2 : type === 0x22 ? 3 : 0;
    if (version !== 0) ctx.cols.protocol = `IGMPv${version}`;
    ctx.cols.info = TYPES[type] ?? `Unknown Type:0x${type.toString(16).padStart(2, '0')}`;
    const t = ctx.layer;
    if (ctx.building) {
      if (version !== 0) t.add('igmp.version', 0, 0, version, `[IGMP Version: ${version}]`);
      t.add('igmp.type', 0, 1, type);
      if (version === 1) t.add('igmp.reserved', 1, 1, view.slice(1, 1));
      else if (version !== 3 || type === 0x11) t.add('igmp.max_resp', 1, 1, view.u8(1), maxRespLabel(view.u8(1), version));
      else t.add('igmp.reserved', 1, 1, view.slice(1, 1));
      checksum(view, ctx, len);
    } else view.check(0, 4);
    if (version === 3 && type === 0x22) return report(view, ctx);
    if (version === 0) return Math.min(view.length, 4);
    const group = view.slice(4, 4);
    const g = formatIpv4(group, 0);
    if (ctx.building) t.add('igmp.maddr', 4, 4, group);
    if (version === 1) return 8; // Wireshark names no group for v1
    if (type !== 0x11) ctx.cols.info += type === 0x17 ? ` ${g}` : ` group ${g}`;
    else if (version === 3) return query3(view, ctx, g);
    else ctx.cols.info += g === '0.0.0.0' ? ', general' : `, specific for group ${g}`;
    return 8;
  },
});

function maxRespLabel(v: number, version: number): string {
  if (version === 3 && v >= 128) {
    const time = ((v & 0x0f) | 0x10) << (((v >> 4) & 7) + 3);
    return `Max Resp Time: ${(time / 10).toFixed(1)} sec (${hex(v, 2)})`;
  }
  return `Max Resp Time: ${(v / 10).toFixed(1)} sec (${hex(v, 2)})`;
}

function checksum(view: ByteView, ctx: DissectContext, len: number): void {
  const value = view.u16(2);
  if (!view.has(0, len)) {
    ctx.layer.add('igmp.checksum', 2, 2, value, `Checksum: ${hex(value, 4)} [unverified]`);
    ctx.layer.add('igmp.checksum.status', 0, 0, 2, '[Checksum Status: Unverified]');
    return;
  }
  const good = onesComplementSum(view.bytes, view.start, view.start + len) === 0xffff;
  const c = ctx.layer.add('igmp.checksum', 2, 2, value, `Checksum: ${hex(value, 4)} ${good ? '[correct]' : '[incorrect]'}`);
  ctx.layer.add('igmp.checksum.status', 0, 0, good ? 1 : 0, `[Checksum Status: ${good ? 'Good' : 'Bad'}]`);
  if (!good) {
    c.expert('warn', 'Bad checksum');
    ctx.expert('warn', 'Bad checksum', 2, 2);
  }
}

function query3(view: ByteView, ctx: DissectContext, group: string): number {
  const b8 = view.u8(8);
  const n = view.u16(10);
  if (ctx.building) {
    ctx.layer.add('igmp.s', 8, 1, (b8 & 8) !== 0, undefined, b8);
    ctx.layer.add('igmp.qrv', 8, 1, b8 & 7, undefined, b8);
    ctx.layer.add('igmp.qqic', 9, 1, view.u8(9));
    ctx.layer.add('igmp.num_src', 10, 2, n);
    for (let i = 0; i < n; i++) ctx.layer.add('igmp.saddr', 12 + 4 * i, 4, view.slice(12 + 4 * i, 4));
  }
  if (group === '0.0.0.0') ctx.cols.info += ', general';
  else ctx.cols.info += n === 0 ? `, specific for group ${group}` : `, specific for source/group ${group}`;
  return Math.min(view.length, 12 + 4 * n);
}

/** A v3 report: its group records, each appended to the Info column as Wireshark words it. */
function report(view: ByteView, ctx: DissectContext): number {
  const n = view.u16(6);
  if (ctx.building) {
    ctx.layer.add('igmp.reserved', 4, 2, view.slice(4, 2));
    ctx.layer.add('igmp.num_grp_recs', 6, 2, n);
  }
  let at = 8;
  for (let i = 0; i < n; i++) {
    const rtype = view.u8(at);
    const aux = view.u8(at + 1);
    const ns = view.u16(at + 2);
    const group = formatIpv4(view.slice(at + 4, 4), 0);
    const len = 8 + 4 * ns + 4 * aux;
    if (ctx.building) {
      const r = ctx.layer.text(`Group Record : ${group}  ${RECORD_TYPES[rtype] ?? 'Unknown'}`, at, len);
      r.add('igmp.record_type', at, 1, rtype);
      r.add('igmp.aux_data_len', at + 1, 1, aux);
      r.add('igmp.num_src', at + 2, 2, ns);
      r.add('igmp.maddr', at + 4, 4, view.slice(at + 4, 4));
      for (let s = 0; s < ns; s++) r.add('igmp.saddr', at + 8 + 4 * s, 4, view.slice(at + 8 + 4 * s, 4));
      if (aux > 0) r.add('igmp.aux_data', at + 8 + 4 * ns, 4 * aux, view.slice(at + 8 + 4 * ns, 4 * aux));
    }
    ctx.cols.info += recordInfo(rtype, group, ns);
    at += len;
  }
  return at;
}

function recordInfo(rtype: number, group: string, sources: number): string {
  const include = rtype === 1 || rtype === 3;
  const exclude = rtype === 2 || rtype === 4;
  if (sources === 0) {
    if (include) return ` / Leave group ${group}`;
    if (exclude) return ` / Join group ${group} for any sources`;
    if (rtype === 5) return ` / Group ${group}, ALLOW_NEW_SOURCES but no source specified (?)`;
    if (rtype === 6) return ` / Group ${group}, BLOCK_OLD_SOURCES but no source specified (?)`;
    return ` / Group ${group}, unknown record type (?)`;
  }
  return ` / Group ${group}, ${RECORD_TYPES[rtype] ?? 'unknown record type'}`;
}
