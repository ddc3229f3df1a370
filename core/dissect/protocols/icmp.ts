/** Internet Control Message Protocol (RFC 792). Wireshark: packet-icmp.c. Checksum verified. */
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
  11: { 0: 'Time to live exceeded in transit', 1: 'Fragment reassembly time exceeded' },
  12: { 0: 'Pointer indicates the error', 1: 'Required option missing', 2: 'Bad length' },
};
/** Types whose header carries an identifier and sequence number. */
const ID_SEQ_TYPES = new Set([0, 8, 13, 14, 15, 16, 17, 18]);

export const icmp = defineProtocol({
  abbrev: 'icmp',
  name: 'Internet Control Message Protocol',
  short: 'ICMP',
  registersIn: [['ip.proto', 1]],
  fields: {
    'icmp.type': { name: 'Type', type: 'uint8', strings: TYPES, offset: 0 },
    'icmp.code': { name: 'Code', type: 'uint8', offset: 1 },
    'icmp.checksum': { name: 'Checksum', type: 'uint16', base: 'hex', offset: 2 },
    'icmp.checksum.status': { name: 'Checksum Status', type: 'uint8', strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified' } },
    'icmp.ident': { name: 'Identifier (BE)', type: 'uint16', base: 'dec_hex', offset: 4 },
    'icmp.ident_le': { name: 'Identifier (LE)', type: 'uint16', base: 'dec_hex', offset: 4 },
    'icmp.seq': { name: 'Sequence Number (BE)', type: 'uint16', base: 'dec_hex', offset: 6 },
    'icmp.seq_le': { name: 'Sequence Number (LE)', type: 'uint16', base: 'dec_hex', offset: 6 },
  },
  dissect(view, ctx) {
    const type = view.u8(0);
    const code = view.u8(1);
    const checksum = view.u16(2);
    const typeName = TYPES[type] ?? `Unknown ICMP (obsolete or malformed?)`;
    const codeName = CODES[type]?.[code];
    let info = codeName !== undefined ? `${typeName} (${codeName})` : typeName;
    const hasIdSeq = ID_SEQ_TYPES.has(type);
    if (hasIdSeq) {
      const id = view.u16(4);
      const seq = view.u16(6);
      info = `${typeName.padEnd(20)} id=${hex(id, 4)}, seq=${seq}/${swap16(seq)}`;
      if ((type === 0 || type === 8) && ctx.facts.ttl >= 0) info += `, ttl=${ctx.facts.ttl}`;
    }
    ctx.cols.info = info;
    if (ctx.building) {
      const t = ctx.layer;
      t.add('icmp.type', 0, 1, type);
      t.add('icmp.code', 1, 1, code, codeName !== undefined ? `Code: ${code} (${codeName})` : undefined);
      const len = ctx.facts.ipPayloadLength >= 0 ? ctx.facts.ipPayloadLength : view.reportedLength;
      if (view.has(0, len) && len >= 4) {
        const good = onesComplementSum(view.bytes, view.start, view.start + len) === 0xffff;
        const c = t.add('icmp.checksum', 2, 2, checksum, `Checksum: ${hex(checksum, 4)} ${good ? '[correct]' : '[incorrect]'}`);
        if (!good) c.expert('warn', 'Bad checksum');
        t.add('icmp.checksum.status', 0, 0, good ? 1 : 0, `[Checksum Status: ${good ? 'Good' : 'Bad'}]`);
      } else {
        t.add('icmp.checksum', 2, 2, checksum, `Checksum: ${hex(checksum, 4)} [unverified]`);
      }
      if (hasIdSeq) {
        const id = view.u16(4);
        const seq = view.u16(6);
        t.add('icmp.ident', 4, 2, id);
        t.add('icmp.ident_le', 4, 2, swap16(id));
        t.add('icmp.seq', 6, 2, seq);
        t.add('icmp.seq_le', 6, 2, swap16(seq));
      }
    }
    // Errors quote the offending IP header; it stays data until core/dissect grows ICMP error payloads.
    view.check(0, hasIdSeq ? 8 : 4);
    return hasIdSeq || type === 3 || type === 5 || type === 11 || type === 12 ? Math.min(8, view.length) : 4;
  },
});

function swap16(v: number): number {
  return ((v & 0xff) << 8) | (v >> 8);
}
