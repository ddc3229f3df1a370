/**
 * Internet Control Message Protocol v6 (RFC 4443) with the Neighbor Discovery messages' Info text
 * (RFC 4861). Wireshark: packet-icmpv6.c. Options are listed by type; the link-layer address options feed
 * the Info column ("Neighbor Solicitation for fe80::1 from 00:11:22:33:44:55").
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { formatEther, formatIpv6, hex } from '../format';
import { defineProtocol } from '../protocol';

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
const OPTION_NAMES: Readonly<Record<number, string>> = {
  1: 'Source link-layer address', 2: 'Target link-layer address', 3: 'Prefix information', 4: 'Redirected header', 5: 'MTU',
  25: 'Recursive DNS Server', 31: 'DNS Search List',
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
    'icmpv6.echo.identifier': { name: 'Identifier', type: 'uint16', base: 'hex', offset: 4 },
    'icmpv6.echo.sequence_number': { name: 'Sequence', type: 'uint16', offset: 6 },
    'icmpv6.nd.ns.target_address': { name: 'Target Address', type: 'ipv6', offset: 8 },
    'icmpv6.nd.na.target_address': { name: 'Target Address', type: 'ipv6', offset: 8 },
    'icmpv6.mtu': { name: 'MTU', type: 'uint32', offset: 4 },
    'icmpv6.opt.type': { name: 'Type', type: 'uint8', strings: OPTION_NAMES },
    'icmpv6.opt.length': { name: 'Length', type: 'uint8' },
    'icmpv6.opt.linkaddr': { name: 'Link-layer address', type: 'ether' },
  },
  dissect(view, ctx) {
    const type = view.u8(0);
    const code = view.u8(1);
    const checksum = view.u16(2);
    const typeName = TYPES[type] ?? `Unknown (${type})`;
    const codeName = CODES[type]?.[code];
    const t = ctx.layer;
    ctx.cols.info = typeName;
    if (ctx.building) {
      t.add('icmpv6.type', 0, 1, type);
      t.add('icmpv6.code', 1, 1, code, codeName !== undefined ? `Code: ${code} (${codeName})` : undefined);
      t.add('icmpv6.checksum', 2, 2, checksum, `Checksum: ${hex(checksum, 4)} [unverified]`);
    }
    let info = codeName !== undefined ? `${typeName} (${codeName})` : typeName;
    let header = 4;
    if (type === 128 || type === 129) {
      const id = view.u16(4);
      const seq = view.u16(6);
      info = `${typeName} id=${hex(id, 4)}, seq=${seq}`;
      if (ctx.facts.ttl >= 0) info += `, hop limit=${ctx.facts.ttl}`;
      if (ctx.building) {
        t.add('icmpv6.echo.identifier', 4, 2, id);
        t.add('icmpv6.echo.sequence_number', 6, 2, seq);
      }
      header = 8;
    } else if (type === 135 || type === 136) {
      const target = formatIpv6(view.bytes, (view.check(8, 16), view.start + 8));
      const field = type === 135 ? 'icmpv6.nd.ns.target_address' : 'icmpv6.nd.na.target_address';
      if (ctx.building) t.add(field, 8, 16, view.slice(8, 16));
      const lla = options(view, ctx, 24, type === 135 ? 1 : 2);
      if (type === 135) info = `Neighbor Solicitation for ${target}${lla ? ` from ${lla}` : ''}`;
      else {
        const f = view.u8(4);
        const words = [f & 0x80 ? 'rtr' : '', f & 0x40 ? 'sol' : '', f & 0x20 ? 'ovr' : ''].filter(Boolean).join(', ');
        // Wireshark says "is at" for a solicited answer and "from" for an unsolicited one.
        info = `Neighbor Advertisement ${target}${words ? ` (${words})` : ''}${lla ? `${f & 0x40 ? ' is at ' : ' from '}${lla}` : ''}`;
      }
      header = view.length;
    } else if (type === 133 || type === 134) {
      const lla = options(view, ctx, type === 133 ? 8 : 16, 1);
      info = `${typeName}${lla ? ` from ${lla}` : ''}`;
      header = view.length;
    } else if (type === 137) {
      const lla = options(view, ctx, 40, 2);
      info = `${typeName}${lla ? ` from ${lla}` : ''}`;
      header = view.length;
    } else if (type === 2) {
      if (ctx.building) t.add('icmpv6.mtu', 4, 4, view.u32(4));
      header = 8;
    } else if (type === 1 || type === 3 || type === 4) {
      header = 8;
    }
    ctx.cols.info = info;
    view.check(0, Math.min(header, 4));
    return Math.max(4, Math.min(header, view.length));
  },
});

/** Lists the ND options from `rel`; returns the link-layer address of option `llaType`, if present. */
function options(view: ByteView, ctx: DissectContext, rel: number, llaType: number): string | undefined {
  let found: string | undefined;
  let at = rel;
  while (view.has(at, 2)) {
    const type = view.u8(at);
    const len = view.u8(at + 1) * 8;
    if (len === 0 || !view.has(at, len)) break;
    if ((type === 1 || type === 2) && len === 8) {
      const mac = formatEther(view.bytes, view.start + at + 2);
      if (type === llaType) found = mac;
      if (ctx.building) {
        const o = ctx.layer.text(`ICMPv6 Option (${OPTION_NAMES[type]} : ${mac})`, at, len);
        o.add('icmpv6.opt.type', at, 1, type);
        o.add('icmpv6.opt.length', at + 1, 1, len / 8, `Length: ${len / 8} (${len} bytes)`);
        o.add('icmpv6.opt.linkaddr', at + 2, 6, view.slice(at + 2, 6));
      }
    } else if (ctx.building) {
      const o = ctx.layer.text(`ICMPv6 Option (${OPTION_NAMES[type] ?? `Unknown (${type})`})`, at, len);
      o.add('icmpv6.opt.type', at, 1, type);
      o.add('icmpv6.opt.length', at + 1, 1, len / 8, `Length: ${len / 8} (${len} bytes)`);
    }
    at += len;
  }
  return found;
}
