/**
 * Internet Protocol version 6 (RFC 8200). Wireshark: packet-ipv6.c. The fixed header with its traffic
 * class (DSCP, ECN), flow label and the hidden address fields (`ipv6.addr`, `ipv6.src_host` …); the
 * extension headers are layers of their own (ipv6-hopopts.ts, ipv6-routing.ts, ipv6-fraghdr.ts,
 * ipv6-dstopts.ts), reached through `ip.proto` like any upper layer, as in Wireshark 4.0.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { formatIpv6, hex } from '../format';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';
import { IP_PROTO_NAMES } from './ip-proto-names';
import { IPV6_OPTION_FIELDS } from './ipv6-options';
import { IPV6_REASSEMBLY_FIELDS } from './ipv6-fraghdr';

const DSCP_SHORT: Readonly<Record<number, string>> = {
  0: 'CS0', 8: 'CS1', 10: 'AF11', 12: 'AF12', 14: 'AF13', 16: 'CS2', 18: 'AF21', 20: 'AF22', 22: 'AF23', 24: 'CS3',
  26: 'AF31', 28: 'AF32', 30: 'AF33', 32: 'CS4', 34: 'AF41', 36: 'AF42', 38: 'AF43', 40: 'CS5', 44: 'VA', 46: 'EF',
  48: 'CS6', 56: 'CS7',
};
const ECN_SHORT = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'];

export const ipv6 = defineProtocol({
  abbrev: 'ipv6',
  name: 'Internet Protocol Version 6',
  short: 'IPv6',
  registersIn: [['ethertype', 0x86dd], ['link', LinkType.IPV6], ['ip.proto', 41], ['gre.proto', 0x86dd]],
  fields: {
    'ipv6.version': { name: 'Version', type: 'uint8', mask: 0xf0, offset: 0 },
    'ipv6.tclass': { name: 'Traffic Class', type: 'uint32', base: 'hex', mask: 0x0ff00000, offset: 0 },
    'ipv6.tclass.dscp': { name: 'Differentiated Services Codepoint', type: 'uint32', mask: 0x0fc00000, offset: 0 },
    'ipv6.tclass.ecn': { name: 'Explicit Congestion Notification', type: 'uint32', mask: 0x00300000, offset: 0 },
    'ipv6.flow': { name: 'Flow Label', type: 'uint24', base: 'hex', mask: 0x0fffff, offset: 1 },
    'ipv6.plen': { name: 'Payload Length', type: 'uint16', offset: 4 },
    'ipv6.nxt': { name: 'Next Header', type: 'uint8', strings: IP_PROTO_NAMES, offset: 6 },
    'ipv6.hlim': { name: 'Hop Limit', type: 'uint8', offset: 7 },
    'ipv6.src': { name: 'Source Address', type: 'ipv6', offset: 8 },
    'ipv6.dst': { name: 'Destination Address', type: 'ipv6', offset: 24 },
    'ipv6.addr': { name: 'Source or Destination Address', type: 'ipv6' },
    'ipv6.src_host': { name: 'Source Host', type: 'string' },
    'ipv6.dst_host': { name: 'Destination Host', type: 'string' },
    'ipv6.host': { name: 'Source or Destination Host', type: 'string' },
    ...IPV6_OPTION_FIELDS,
    ...IPV6_REASSEMBLY_FIELDS,
  },
  dissect(view, ctx) {
    const first = view.u32(0);
    const version = first >>> 28;
    const t = ctx.layer;
    if (version !== 6) {
      t.add('ipv6.version', 0, 1, version, undefined, first >>> 24);
      ctx.cols.info = `Bogus IPv6 version (${version})`;
      ctx.malformed(`Bogus IPv6 version (${version})`);
      return 1;
    }
    view.check(0, 40);
    const plen = view.u16(4);
    const nxt = view.u8(6);
    const hlim = view.u8(7);
    const src = formatIpv6(view.bytes, view.start + 8);
    const dst = formatIpv6(view.bytes, view.start + 24);
    ctx.cols.source = src;
    ctx.cols.destination = dst;
    ctx.facts.ttl = hlim;
    ctx.facts.ipVersion = 6;
    ctx.facts.ipSrc = view.slice(8, 16);
    ctx.facts.ipDst = view.slice(24, 16);
    ctx.facts.ipEndpointsMoved = false;
    if (ctx.building) {
      t.setLabel(`Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`);
      t.add('ipv6.version', 0, 1, 6, undefined, first >>> 24);
      t.hidden('ip.version', 0, 1, 6); // Wireshark adds IPv4's version field too, hidden
      const tclass = (first >>> 20) & 0xff;
      // Labels only for a tree: the field path drops them (ctx.labels), so their formatting is skipped there.
      const labels = ctx.labels;
      const tcLabel = labels
        ? `.... ${bin(tclass >> 4, 4)} ${bin(tclass & 15, 4)} .... .... .... .... .... = Traffic Class: ${hex(tclass, 2)} (DSCP: ${DSCP_SHORT[tclass >> 2] ?? 'Unknown'}, ECN: ${ECN_SHORT[tclass & 3]})`
        : undefined;
      const tc = t.add('ipv6.tclass', 0, 4, tclass, tcLabel);
      tc.add('ipv6.tclass.dscp', 0, 4, tclass >> 2, undefined, first);
      tc.add('ipv6.tclass.ecn', 0, 4, tclass & 3, undefined, first);
      const flow = first & 0xfffff;
      t.add('ipv6.flow', 1, 3, flow, labels ? `.... ${bin(flow, 20).replace(/(.{4})(?=.)/g, '$1 ')} = Flow Label: ${hex(flow, 5)}` : undefined);
      t.add('ipv6.plen', 4, 2, plen);
      t.add('ipv6.nxt', 6, 1, nxt);
      t.add('ipv6.hlim', 7, 1, hlim);
      address(view, ctx, 8, 'ipv6.src', src);
      address(view, ctx, 24, 'ipv6.dst', dst);
    }
    let payload = plen === 0 ? view.reportedLength - 40 : plen;
    if (plen > view.reportedLength - 40) {
      ctx.expert('error', `IPv6 payload length exceeds framing length (${view.reportedLength - 40} bytes)`, 4, 2);
      payload = view.reportedLength - 40;
    }
    ctx.setPayloadLength(Math.max(0, payload));
    ctx.facts.ipPayloadLength = Math.max(0, payload);
    ctx.flow?.ip({ version: 6, src: ctx.facts.ipSrc, dst: ctx.facts.ipDst, protocol: nxt, ttl: hlim, headerOffset: view.start, payloadOffset: view.start + 40, payloadLength: Math.max(0, payload), inError: ctx.facts.inErrorPacket });
    ctx.cols.info = '';
    ctx.handoff('ip.proto', nxt);
    return 40;
  },
});

/** The address, then Wireshark's hidden `ipv6.addr`, `ipv6.src_host`/`ipv6.dst_host` and `ipv6.host`. */
function address(view: ByteView, ctx: DissectContext, rel: number, field: 'ipv6.src' | 'ipv6.dst', text: string): void {
  const bytes = view.slice(rel, 16);
  ctx.layer.add(field, rel, 16, bytes);
  ctx.layer.hidden('ipv6.addr', rel, 16, bytes);
  ctx.layer.hidden(field === 'ipv6.src' ? 'ipv6.src_host' : 'ipv6.dst_host', rel, 16, text);
  ctx.layer.hidden('ipv6.host', rel, 16, text);
}

function bin(v: number, n: number): string {
  return v.toString(2).padStart(n, '0');
}
