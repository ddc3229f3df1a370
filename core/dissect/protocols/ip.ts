/**
 * Internet Protocol version 4 (RFC 791). Wireshark: packet-ip.c. Header fields, flags, fragment offset, the
 * header checksum (unverified, as Wireshark 4.0's default `ip.check_checksum: FALSE` leaves it), the hidden
 * address fields (`ip.addr`, `ip.src_host` …) and the options (ip-options.ts).
 *
 * Fragments are reassembled by core/flow (ip-defrag.ts), which hands the result back in
 * `ctx.flowInfo.ip`: the packet that completes a datagram shows Wireshark's fragment list and continues
 * on the reassembled bytes; the other fragments show `ip.reassembled_in` and their payload as data with
 * the "Fragmented IP protocol" Info. Without flow info (before the flow pass) every fragment is data.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { continueOn } from '../dissect';
import type { ReassembledIpDatagram } from '../flow-info-ip';
import { formatIpv4, hex, hexBytes } from '../format';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';
import { addIpOptions, IP_OPTION_FIELDS } from './ip-options';
import { IP_PROTO_NAMES } from './ip-proto-names';

const DSCP_NAMES: Readonly<Record<number, string>> = {
  0: 'Default', 8: 'Class Selector 1', 10: 'Assured Forwarding 11', 12: 'Assured Forwarding 12', 14: 'Assured Forwarding 13',
  16: 'Class Selector 2', 18: 'Assured Forwarding 21', 20: 'Assured Forwarding 22', 22: 'Assured Forwarding 23',
  24: 'Class Selector 3', 26: 'Assured Forwarding 31', 28: 'Assured Forwarding 32', 30: 'Assured Forwarding 33',
  32: 'Class Selector 4', 34: 'Assured Forwarding 41', 36: 'Assured Forwarding 42', 38: 'Assured Forwarding 43',
  40: 'Class Selector 5', 44: 'Voice-Admit', 46: 'Expedited Forwarding', 48: 'Class Selector 6', 56: 'Class Selector 7',
};
const DSCP_SHORT: Readonly<Record<number, string>> = {
  0: 'CS0', 8: 'CS1', 10: 'AF11', 12: 'AF12', 14: 'AF13', 16: 'CS2', 18: 'AF21', 20: 'AF22', 22: 'AF23', 24: 'CS3',
  26: 'AF31', 28: 'AF32', 30: 'AF33', 32: 'CS4', 34: 'AF41', 36: 'AF42', 38: 'AF43', 40: 'CS5', 44: 'VA', 46: 'EF',
  48: 'CS6', 56: 'CS7',
};
const ECN_NAMES: Readonly<Record<number, string>> = {
  0: 'Not ECN-Capable Transport', 1: 'ECN-Capable Transport codepoint \'01\'', 2: 'ECN-Capable Transport codepoint \'10\'', 3: 'Congestion Experienced',
};
const ECN_SHORT = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'];

export const ip = defineProtocol({
  abbrev: 'ip',
  name: 'Internet Protocol Version 4',
  short: 'IPv4',
  registersIn: [['ethertype', 0x0800], ['link', LinkType.IPV4], ['ip.proto', 4], ['gre.proto', 0x0800]],
  ownsTables: ['ip.proto'],
  fields: {
    'ip.version': { name: 'Version', type: 'uint8', mask: 0xf0, offset: 0 },
    'ip.hdr_len': { name: 'Header Length', type: 'uint8', offset: 0, unit: ' bytes', blurb: 'In bytes (the header field counts 32-bit words)' },
    'ip.dsfield': { name: 'Differentiated Services Field', type: 'uint8', base: 'hex', offset: 1 },
    'ip.dsfield.dscp': { name: 'Differentiated Services Codepoint', type: 'uint8', mask: 0xfc, strings: DSCP_NAMES, offset: 1 },
    'ip.dsfield.ecn': { name: 'Explicit Congestion Notification', type: 'uint8', mask: 0x03, strings: ECN_NAMES, offset: 1 },
    'ip.len': { name: 'Total Length', type: 'uint16', offset: 2 },
    'ip.id': { name: 'Identification', type: 'uint16', base: 'hex_dec', offset: 4 },
    'ip.flags': { name: 'Flags', type: 'uint8', base: 'hex', mask: 0xe0, offset: 6 },
    'ip.flags.rb': { name: 'Reserved bit', type: 'bool', mask: 0x80, offset: 6 },
    'ip.flags.df': { name: "Don't fragment", type: 'bool', mask: 0x40, offset: 6 },
    'ip.flags.mf': { name: 'More fragments', type: 'bool', mask: 0x20, offset: 6 },
    'ip.frag_offset': { name: 'Fragment Offset', type: 'uint16', mask: 0x1fff, offset: 6 },
    'ip.ttl': { name: 'Time to Live', type: 'uint8', offset: 8 },
    'ip.proto': { name: 'Protocol', type: 'uint8', strings: IP_PROTO_NAMES, offset: 9 },
    'ip.checksum': { name: 'Header Checksum', type: 'uint16', base: 'hex', offset: 10 },
    'ip.checksum.status': { name: 'Header checksum status', type: 'uint8', strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified' } },
    'ip.src': { name: 'Source Address', type: 'ipv4', offset: 12 },
    'ip.dst': { name: 'Destination Address', type: 'ipv4', offset: 16 },
    'ip.addr': { name: 'Source or Destination Address', type: 'ipv4' },
    'ip.src_host': { name: 'Source Host', type: 'string' },
    'ip.dst_host': { name: 'Destination Host', type: 'string' },
    'ip.host': { name: 'Source or Destination Host', type: 'string' },
    ...IP_OPTION_FIELDS,
    'ip.fragments': { name: 'IPv4 Fragments', type: 'bytes' },
    'ip.fragment': { name: 'IPv4 Fragment', type: 'uint32' },
    'ip.fragment.overlap': { name: 'Fragment overlap', type: 'bool' },
    'ip.fragment.overlap.conflict': { name: 'Conflicting data in fragment overlap', type: 'bool' },
    'ip.fragment.multipletails': { name: 'Multiple tail fragments found', type: 'bool' },
    'ip.fragment.toolongfragment': { name: 'Fragment too long', type: 'bool' },
    'ip.fragment.error': { name: 'Defragmentation error', type: 'uint32' },
    'ip.fragment.count': { name: 'Fragment count', type: 'uint32' },
    'ip.reassembled_in': { name: 'Reassembled IPv4 in frame', type: 'uint32' },
    'ip.reassembled.length': { name: 'Reassembled IPv4 length', type: 'uint32' },
    'ip.reassembled.data': { name: 'Reassembled IPv4 data', type: 'bytes' },
  },
  dissect(view, ctx) {
    const b0 = view.u8(0);
    const version = b0 >> 4;
    const t = ctx.layer;
    if (version !== 4) {
      t.add('ip.version', 0, 1, version, undefined, b0);
      ctx.cols.info = `Bogus IP version (${version})`;
      ctx.malformed(`Bogus IP version (${version})`);
      return 1;
    }
    const hl = (b0 & 0x0f) * 4;
    if (hl < 20) {
      t.add('ip.hdr_len', 0, 1, hl, `.... ${(b0 & 0x0f).toString(2).padStart(4, '0')} = Header Length: ${hl} bytes (${b0 & 0x0f})`);
      ctx.cols.info = `Bogus IP header length (${hl}, must be at least 20)`;
      ctx.malformed(`Bogus IP header length (${hl}, must be at least 20)`);
      return 1;
    }
    view.check(0, 20);
    const totalLen = view.u16(2);
    const id = view.u16(4);
    const flagsFrag = view.u16(6);
    const ttl = view.u8(8);
    const proto = view.u8(9);
    const checksum = view.u16(10);
    const src = formatIpv4(view.bytes, view.start + 12);
    const dst = formatIpv4(view.bytes, view.start + 16);
    const mf = (flagsFrag & 0x2000) !== 0;
    const fragOffset = flagsFrag & 0x1fff;
    ctx.cols.source = src;
    ctx.cols.destination = dst;
    ctx.facts.ttl = ttl;
    ctx.facts.ipVersion = 4;
    ctx.facts.ipSrc = view.slice(12, 4);
    ctx.facts.ipDst = view.slice(16, 4);
    ctx.facts.ipEndpointsMoved = false;

    if (ctx.building) {
      // Labels only for a tree: the field path drops them (ctx.labels), so their formatting is skipped there.
      const labels = ctx.labels;
      t.setLabel(`Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`);
      t.add('ip.version', 0, 1, 4, undefined, b0);
      t.add('ip.hdr_len', 0, 1, hl, labels ? `.... ${(b0 & 0x0f).toString(2).padStart(4, '0')} = Header Length: ${hl} bytes (${b0 & 0x0f})` : undefined);
      const tos = view.u8(1);
      const dscp = tos >> 2;
      const dsLabel = labels ? `Differentiated Services Field: ${hex(tos, 2)} (DSCP: ${DSCP_SHORT[dscp] ?? 'Unknown'}, ECN: ${ECN_SHORT[tos & 3]})` : undefined;
      const ds = t.add('ip.dsfield', 1, 1, tos, dsLabel);
      ds.add('ip.dsfield.dscp', 1, 1, dscp, undefined, tos);
      ds.add('ip.dsfield.ecn', 1, 1, tos & 3, undefined, tos);
      t.add('ip.len', 2, 2, totalLen);
      t.add('ip.id', 4, 2, id);
      const flags = flagsFrag >> 13;
      const f = t.add('ip.flags', 6, 1, flags, labels ? ipFlagsLabel(flags) : undefined);
      f.add('ip.flags.rb', 6, 1, (flags & 4) !== 0, undefined, flagsFrag >> 8);
      f.add('ip.flags.df', 6, 1, (flags & 2) !== 0, undefined, flagsFrag >> 8);
      f.add('ip.flags.mf', 6, 1, mf, undefined, flagsFrag >> 8);
      t.add('ip.frag_offset', 6, 2, fragOffset, undefined, flagsFrag);
      t.add('ip.ttl', 8, 1, ttl);
      t.add('ip.proto', 9, 1, proto);
      // Wireshark 4.0 does not verify the header checksum unless ip.check_checksum is set.
      t.add('ip.checksum', 10, 2, checksum, labels ? `Header Checksum: ${hex(checksum, 4)} [validation disabled]` : undefined);
      t.add('ip.checksum.status', 0, 0, 2, '[Header checksum status: Unverified]');
      address(view, ctx, 12, 'ip.src', src);
      address(view, ctx, 16, 'ip.dst', dst);
    }
    view.check(0, hl);
    if (ctx.building && hl > 20) addIpOptions(view, ctx, hl);

    let payload = totalLen - hl;
    if (totalLen === 0) {
      payload = view.reportedLength - hl; // TSO: the length was left for the NIC to fill in
    } else if (totalLen < hl) {
      ctx.cols.info = `Bogus IP length (${totalLen}, less than header length ${hl})`;
      ctx.malformed(ctx.cols.info);
      return hl;
    } else if (totalLen > view.reportedLength) {
      ctx.expert('error', `IPv4 total length exceeds packet length (${view.reportedLength} bytes)`, 2, 2);
      payload = view.reportedLength - hl;
    }
    ctx.setPayloadLength(payload);
    ctx.facts.ipPayloadLength = payload;
    const flow = ctx.flow;
    if (flow !== undefined) {
      const inError = ctx.facts.inErrorPacket;
      const at = view.start + hl;
      flow.ip({ version: 4, src: ctx.facts.ipSrc, dst: ctx.facts.ipDst, protocol: proto, ttl, headerOffset: view.start, payloadOffset: at, payloadLength: payload, inError });
      if (mf || fragOffset > 0) {
        const captured = Math.max(0, Math.min(payload, view.length - hl));
        flow.fragment({ version: 4, id, offset: fragOffset * 8, more: mf, protocol: proto, dataOffset: at, dataLength: payload, capturedLength: captured, inError });
      }
    }

    if (mf || fragOffset > 0) {
      const r = ctx.flowInfo?.ip;
      const mine = r !== undefined && r.version === 4 && r.id === id && !ctx.facts.inErrorPacket;
      if (mine && r.datagram !== undefined) {
        const sw = continueOn(ctx, 'Reassembled IPv4', r.datagram.bytes);
        if (sw !== undefined) {
          const illegal = showFragments(sw.layer, r.datagram, IPV4_FRAGMENT_NAMES, ctx.building);
          ctx.cols.info = illegal ? '[Illegal IPv4 fragments]' : '';
          ctx.facts.ipPayloadLength = r.datagram.bytes.length;
          ctx.handoff('ip.proto', proto);
          return hl;
        }
      }
      // Wireshark reassembles only fragments captured whole; a first fragment that was not is dissected
      // as far as it goes (packet-ip.c: "If this is the first fragment, dissect its contents").
      if (fragOffset === 0 && view.length < hl + (totalLen === 0 ? payload : totalLen - hl)) {
        ctx.cols.info = '';
        ctx.handoff('ip.proto', proto);
        return hl;
      }
      const name = IP_PROTO_NAMES[proto] ?? 'Unknown';
      ctx.cols.info = `Fragmented IP protocol (proto=${name} ${proto}, off=${fragOffset * 8}, ID=${id.toString(16).padStart(4, '0')})`;
      if (mine) {
        ctx.cols.info += ` [Reassembled in #${r.reassembledIn}]`;
        t.add('ip.reassembled_in', 0, 0, r.reassembledIn, `[Reassembled IPv4 in frame: ${r.reassembledIn}]`);
      }
      return hl; // the payload is data
    }
    ctx.cols.info = '';
    ctx.handoff('ip.proto', proto);
    return hl;
  },
});

/** The field names of one IP version's fragment list (packet-ip.c's and packet-ipv6.c's fragment_items). */
export interface FragmentNames {
  prefix: 'ip' | 'ipv6';
  /** "IPv4" or "IPv6", as the labels say it. */
  version: string;
}

const IPV4_FRAGMENT_NAMES: FragmentNames = { prefix: 'ip', version: 'IPv4' };
/** Wireshark shows this many bytes of a byte field's value before an ellipsis. */
const BYTES_SHOWN = 36;

/**
 * Wireshark's fragment list of a reassembled datagram (reassemble.c show_fragment_tree): `<p>.fragments`
 * over the whole datagram, one `<p>.fragment` per fragment (`<p>.fragment.error` when it conflicts, runs
 * too long or is another tail) with its flags, then the count, length and data. `layer` counts offsets
 * from the start of the reassembled bytes. Returns whether the fragments were illegal (the Info column's
 * "[Illegal … fragments]").
 */
export function showFragments(layer: Item, d: ReassembledIpDatagram, n: FragmentNames, building: boolean): boolean {
  const illegal = d.fragments.some((f) => f.overlapConflict || f.multipleTails || f.tooLong);
  if (!building) return illegal;
  const len = d.bytes.length;
  const count = d.fragments.length;
  const list = d.fragments.map((f) => `#${f.number}(${f.length})`).join(', ');
  const what = count === 1 ? `${n.version} Fragment` : `${n.version} Fragments`;
  const p = n.prefix;
  // IPv4's list is a bytes field holding the datagram; IPv6's has no value (FT_NONE).
  const listValue = p === 'ip' ? d.bytes : '';
  const top = layer.add(`${p}.fragments`, 0, len, listValue, `${count} ${what} (${len} byte${len === 1 ? '' : 's'}): ${list}`);
  for (const f of d.fragments) {
    const field = f.overlapConflict || f.multipleTails || f.tooLong ? `${p}.fragment.error` : `${p}.fragment`;
    const label = f.length === 0 ? `Frame: ${f.number} (no data)` : `Frame: ${f.number}, payload: ${f.offset}-${f.offset + f.length - 1} (${f.length} byte${f.length === 1 ? '' : 's'})`;
    const item = top.add(field, f.offset, f.length, f.number, label);
    if (f.overlap) item.add(`${p}.fragment.overlap`, f.offset, 0, true, 'Fragment overlap: True');
    if (f.overlapConflict) item.add(`${p}.fragment.overlap.conflict`, f.offset, 0, true, 'Conflicting data in fragment overlap: True');
    if (f.multipleTails) item.add(`${p}.fragment.multipletails`, f.offset, 0, true, 'Multiple tail fragments found: True');
    if (f.tooLong) item.add(`${p}.fragment.toolongfragment`, f.offset, 0, true, 'Fragment too long: True');
  }
  top.add(`${p}.fragment.count`, 0, 0, count, `[Fragment count: ${count}]`);
  top.add(`${p}.reassembled.length`, 0, 0, len, `[Reassembled ${n.version} length: ${len}]`);
  const shown = hexBytes(d.bytes, 0, Math.min(len, BYTES_SHOWN)) + (len > BYTES_SHOWN ? '…' : '');
  top.add(`${p}.reassembled.data`, 0, len, d.bytes, `[Reassembled ${n.version} data: ${shown}]`);
  return illegal;
}

function bitsOf(v: number, n: number): string {
  return v.toString(2).padStart(n, '0');
}

/** The tree label of the 3-bit flags: bits, value and the set flags' words. */
function ipFlagsLabel(flags: number): string {
  const words = [flags & 4 ? 'Reserved bit' : '', flags & 2 ? "Don't fragment" : '', flags & 1 ? 'More fragments' : ''].filter(Boolean);
  return `${bitsOf(flags, 3)}. .... = Flags: ${hex(flags, 1)}${words.length ? ', ' + words.join(', ') : ''}`;
}

/** The address, then Wireshark's hidden `ip.addr`, `ip.src_host`/`ip.dst_host` and `ip.host` for it. */
function address(view: ByteView, ctx: DissectContext, rel: number, field: 'ip.src' | 'ip.dst', text: string): void {
  const t = ctx.layer;
  const bytes = view.slice(rel, 4);
  t.add(field, rel, 4, bytes);
  t.hidden('ip.addr', rel, 4, bytes);
  t.hidden(field === 'ip.src' ? 'ip.src_host' : 'ip.dst_host', rel, 4, text);
  t.hidden('ip.host', rel, 4, text);
}
