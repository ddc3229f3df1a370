/**
 * Internet Protocol version 6 (RFC 8200). Wireshark: packet-ipv6.c. The base header, then the extension
 * headers (hop-by-hop, routing, fragment, destination options) walked to the upper-layer protocol and shown
 * as subtrees of this layer. Fragments are not reassembled here (core/flow's job).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { formatIpv6, hex } from '../format';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';
import { IP_PROTO_NAMES } from './ip-proto-names';

const EXT_NAMES: Readonly<Record<number, string>> = {
  0: 'IPv6 Hop-by-Hop Option',
  43: 'Routing Header for IPv6',
  44: 'Fragment Header for IPv6',
  60: 'Destination Options for IPv6',
};

export const ipv6 = defineProtocol({
  abbrev: 'ipv6',
  name: 'Internet Protocol Version 6',
  short: 'IPv6',
  registersIn: [['ethertype', 0x86dd], ['link', LinkType.IPV6], ['ip.proto', 41]],
  fields: {
    'ipv6.version': { name: 'Version', type: 'uint8', mask: 0xf0, offset: 0 },
    'ipv6.tclass': { name: 'Traffic Class', type: 'uint32', base: 'hex', mask: 0x0ff00000, offset: 0 },
    'ipv6.flow': { name: 'Flow Label', type: 'uint32', base: 'hex', mask: 0x000fffff, offset: 0 },
    'ipv6.plen': { name: 'Payload Length', type: 'uint16', offset: 4 },
    'ipv6.nxt': { name: 'Next Header', type: 'uint8', strings: IP_PROTO_NAMES, offset: 6 },
    'ipv6.hlim': { name: 'Hop Limit', type: 'uint8', offset: 7 },
    'ipv6.src': { name: 'Source Address', type: 'ipv6', offset: 8 },
    'ipv6.dst': { name: 'Destination Address', type: 'ipv6', offset: 24 },
    'ipv6.addr': { name: 'Source or Destination Address', type: 'ipv6' },
    'ipv6.opt.nxt': { name: 'Next Header', type: 'uint8', strings: IP_PROTO_NAMES },
    'ipv6.opt.len': { name: 'Length', type: 'uint8' },
    'ipv6.routing.type': { name: 'Type', type: 'uint8' },
    'ipv6.routing.segleft': { name: 'Segments Left', type: 'uint8' },
    'ipv6.fragment.offset': { name: 'Offset', type: 'uint16', mask: 0xfff8 },
    'ipv6.fragment.more': { name: 'More Fragments', type: 'bool', mask: 0x0001, bitWidth: 16, tfs: ['Yes', 'No'] },
    'ipv6.fragment.id': { name: 'Identification', type: 'uint32', base: 'hex' },
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
    let nxt = view.u8(6);
    const hlim = view.u8(7);
    const src = formatIpv6(view.bytes, view.start + 8);
    const dst = formatIpv6(view.bytes, view.start + 24);
    ctx.cols.source = src;
    ctx.cols.destination = dst;
    ctx.facts.ttl = hlim;
    if (ctx.building) {
      t.setLabel(`Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`);
      t.add('ipv6.version', 0, 1, 6, undefined, first >>> 24);
      const tclass = (first >>> 20) & 0xff;
      t.add('ipv6.tclass', 0, 4, tclass, `.... ${bin(tclass >> 4, 4)} ${bin(tclass & 15, 4)} .... .... .... .... .... = Traffic Class: ${hex(tclass, 2)}`);
      const flow = first & 0xfffff;
      t.add('ipv6.flow', 1, 3, flow, `.... .... .... ${bin(flow, 20).replace(/(.{4})(?=.)/g, '$1 ')} = Flow Label: ${hex(flow, 5)}`);
      t.add('ipv6.plen', 4, 2, plen);
      t.add('ipv6.nxt', 6, 1, nxt);
      t.add('ipv6.hlim', 7, 1, hlim);
      t.add('ipv6.src', 8, 16, view.slice(8, 16));
      t.add('ipv6.dst', 24, 16, view.slice(24, 16));
    }
    let payload = plen === 0 ? view.reportedLength - 40 : plen;
    if (plen > view.reportedLength - 40) {
      ctx.expert('error', `IPv6 payload length exceeds framing length (${view.reportedLength - 40} bytes)`, 4, 2);
      payload = view.reportedLength - 40;
    }
    let at = 40;
    let fragmented = false;
    let fragInfo = '';
    while (EXT_NAMES[nxt] !== undefined) {
      const ext = nxt;
      nxt = view.u8(at);
      const len = ext === 44 ? 8 : (view.u8(at + 1) + 1) * 8;
      view.check(at, len);
      const sub: Item = ctx.building ? t.text(EXT_NAMES[ext], at, len) : t;
      if (ctx.building) {
        sub.add('ipv6.opt.nxt', at, 1, nxt);
        if (ext !== 44) sub.add('ipv6.opt.len', at + 1, 1, view.u8(at + 1), `Length: ${view.u8(at + 1)} (${len} bytes)`);
      }
      if (ext === 43 && ctx.building) {
        sub.add('ipv6.routing.type', at + 2, 1, view.u8(at + 2));
        sub.add('ipv6.routing.segleft', at + 3, 1, view.u8(at + 3));
      }
      if (ext === 44) fragInfo = fragment(view, ctx, sub, at, nxt) ?? '';
      if (fragInfo) fragmented = true;
      at += len;
      payload -= len;
    }
    ctx.setPayloadLength(Math.max(0, payload));
    ctx.facts.ipPayloadLength = Math.max(0, payload);
    ctx.cols.info = '';
    if (fragmented) {
      ctx.cols.info = fragInfo;
      return at;
    }
    ctx.handoff('ip.proto', nxt);
    return at;
  },
});

/** Returns the Info text when the packet is a real fragment (not offset 0 without more). */
function fragment(view: ByteView, ctx: DissectContext, sub: Item, at: number, nxt: number): string | undefined {
  const offField = view.u16(at + 2);
  const id = view.u32(at + 4);
  const offset = offField >> 3;
  const more = (offField & 1) !== 0;
  if (ctx.building) {
    sub.add('ipv6.fragment.offset', at + 2, 2, offset, undefined, offField);
    sub.add('ipv6.fragment.more', at + 2, 2, more, undefined, offField);
    sub.add('ipv6.fragment.id', at + 4, 4, id);
  }
  if (offset === 0 && !more) return undefined;
  return `IPv6 fragment (off=${offset * 8} more=${more ? 'y' : 'n'} ident=${hex(id, 8)} nxt=${nxt})`;
}

function bin(v: number, n: number): string {
  return v.toString(2).padStart(n, '0');
}
