/**
 * IPv6 Routing header (RFC 8200 §4.4): type 0 (source route, deprecated), type 2 (Mobile IPv6) and type 4
 * (Segment Routing, RFC 8754); other types show their data. Wireshark: packet-ipv6.c (`ipv6.routing`). As
 * Wireshark, the destination column then shows the final destination (the last address of a type 0 route,
 * the first segment of an SRH) while segments are left.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { formatIpv6 } from '../format';
import { defineProtocol } from '../protocol';
import { IP_PROTO_NAMES } from './ip-proto-names';
import { addExtHeader, nextHeader } from './ipv6-ext';

const TYPES: Readonly<Record<number, string>> = {
  0: 'Source Route', 1: 'Nimrod', 2: 'Type 2 Routing', 3: 'RPL Source Route', 4: 'Segment Routing', 5: 'CRH-16', 6: 'CRH-32',
};

export const ipv6Routing = defineProtocol({
  abbrev: 'ipv6.routing',
  name: 'Routing Header for IPv6',
  short: 'IPv6',
  registersIn: [['ip.proto', 43]],
  fields: {
    'ipv6.routing.nxt': { name: 'Next Header', type: 'uint8', strings: IP_PROTO_NAMES, offset: 0 },
    'ipv6.routing.len': { name: 'Length', type: 'uint8', offset: 1 },
    'ipv6.routing.len_oct': { name: 'Length', type: 'uint16', unit: ' bytes' },
    'ipv6.routing.type': { name: 'Type', type: 'uint8', strings: TYPES, offset: 2 },
    'ipv6.routing.segleft': { name: 'Segments Left', type: 'uint8', offset: 3 },
    'ipv6.routing.unknown_data': { name: 'Type-Specific Data', type: 'bytes' },
    'ipv6.routing.src.reserved': { name: 'Reserved', type: 'bytes' },
    'ipv6.routing.src.addr': { name: 'Address', type: 'ipv6' },
    'ipv6.routing.mipv6.reserved': { name: 'Reserved', type: 'bytes' },
    'ipv6.routing.mipv6.home_address': { name: 'Home Address', type: 'ipv6' },
    'ipv6.routing.srh.last_entry': { name: 'Last Entry', type: 'uint8' },
    'ipv6.routing.srh.flags': { name: 'Flags', type: 'uint8', base: 'hex' },
    'ipv6.routing.srh.tag': { name: 'Tag', type: 'bytes' },
    'ipv6.routing.srh.addr': { name: 'Address', type: 'ipv6' },
  },
  dissect(view, ctx) {
    const len = addExtHeader(view, ctx, 'ipv6.routing');
    const type = view.u8(2);
    const segleft = view.u8(3);
    if (ctx.building) {
      ctx.layer.setLabel(`Routing Header for IPv6 (${TYPES[type] ?? 'Unknown'})`);
      ctx.layer.add('ipv6.routing.type', 2, 1, type);
      if (type === 0) ctx.expert('note', 'Routing header type is deprecated', 2, 1);
      ctx.layer.add('ipv6.routing.segleft', 3, 1, segleft);
    }
    if (type === 0) sourceRoute(view, ctx, len, segleft);
    else if (type === 4) segmentRouting(view, ctx, len, segleft);
    else if (ctx.building && type === 2 && len === 24) {
      ctx.layer.add('ipv6.routing.mipv6.reserved', 4, 4, view.slice(4, 4));
      ctx.layer.add('ipv6.routing.mipv6.home_address', 8, 16, view.slice(8, 16));
    } else if (ctx.building && len > 4) ctx.layer.add('ipv6.routing.unknown_data', 4, len - 4, view.slice(4, len - 4));
    nextHeader(ctx, len, view.u8(0));
    return len;
  },
});

function sourceRoute(view: ByteView, ctx: DissectContext, len: number, segleft: number): void {
  if (ctx.building) ctx.layer.add('ipv6.routing.src.reserved', 4, 4, view.slice(4, 4));
  let n = 0;
  for (let at = 8; at + 16 <= len; at += 16) {
    n++;
    if (ctx.building) ctx.layer.add('ipv6.routing.src.addr', at, 16, view.slice(at, 16), `Address[${n}]: ${formatIpv6(view.bytes, view.start + at)}`);
  }
  if (n > 0 && segleft > 0) {
    // The final destination: the column shows it and upper-layer checksums use it (RFC 8200 §8.1).
    ctx.cols.destination = formatIpv6(view.bytes, view.start + 8 + (n - 1) * 16);
    ctx.facts.ipDst = view.slice(8 + (n - 1) * 16, 16);
    ctx.facts.ipEndpointsMoved = true;
  }
}

function segmentRouting(view: ByteView, ctx: DissectContext, len: number, segleft: number): void {
  const last = view.u8(4);
  if (ctx.building) {
    ctx.layer.add('ipv6.routing.srh.last_entry', 4, 1, last);
    ctx.layer.add('ipv6.routing.srh.flags', 5, 1, view.u8(5));
    ctx.layer.add('ipv6.routing.srh.tag', 6, 2, view.slice(6, 2));
  }
  for (let i = 0; i <= last && 8 + (i + 1) * 16 <= len; i++) {
    const at = 8 + i * 16;
    if (ctx.building) ctx.layer.add('ipv6.routing.srh.addr', at, 16, view.slice(at, 16), `Address[${i}]: ${formatIpv6(view.bytes, view.start + at)}`);
  }
  if (segleft > 0 && len >= 24) {
    ctx.cols.destination = formatIpv6(view.bytes, view.start + 8);
    ctx.facts.ipDst = view.slice(8, 16);
    ctx.facts.ipEndpointsMoved = true;
  }
}
