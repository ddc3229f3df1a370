/**
 * Neighbor Discovery options (RFC 4861 §4.6) of ICMPv6 messages, as Wireshark's packet-icmpv6.c shows
 * them: type and length for every option; the source/target link-layer address, prefix information, MTU
 * and the redirected header's reserved bytes in detail. Returns the link-layer address the Info column uses.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDefs } from '../field';
import { formatEther, formatIpv6, hex } from '../format';

export const ND_OPTION_NAMES: Readonly<Record<number, string>> = {
  1: 'Source link-layer address', 2: 'Target link-layer address', 3: 'Prefix information', 4: 'Redirected header', 5: 'MTU',
  7: 'Advertisement Interval', 8: 'Home Agent Information', 14: 'Nonce', 24: 'Route Information', 25: 'Recursive DNS Server',
  31: 'DNS Search List Option',
};

export const ND_OPTION_FIELDS: FieldDefs = {
  'icmpv6.opt': { name: 'ICMPv6 Option', type: 'none' },
  'icmpv6.opt.type': { name: 'Type', type: 'uint8', strings: ND_OPTION_NAMES },
  'icmpv6.opt.length': { name: 'Length', type: 'uint8' },
  'icmpv6.opt.reserved': { name: 'Reserved', type: 'none' },
  // Wireshark declares these FT_BYTES shown with colons; an Ethernet address prints the same.
  'icmpv6.opt.linkaddr': { name: 'Link-layer address', type: 'ether' },
  'icmpv6.opt.target_linkaddr': { name: 'Target Link-layer address', type: 'ether' },
  'icmpv6.opt.prefix.length': { name: 'Prefix Length', type: 'uint8' },
  'icmpv6.opt.prefix.flag': { name: 'Flag', type: 'uint8', base: 'hex' },
  'icmpv6.opt.prefix.flag.l': { name: 'On-link flag(L)', type: 'bool', mask: 0x80 },
  'icmpv6.opt.prefix.flag.a': { name: 'Autonomous address-configuration flag(A)', type: 'bool', mask: 0x40 },
  'icmpv6.opt.prefix.flag.r': { name: 'Router address flag(R)', type: 'bool', mask: 0x20 },
  'icmpv6.opt.prefix.flag.reserved': { name: 'Reserved', type: 'uint8', mask: 0x1f },
  'icmpv6.opt.prefix.valid_lifetime': { name: 'Valid Lifetime', type: 'uint32' },
  'icmpv6.opt.prefix.preferred_lifetime': { name: 'Preferred Lifetime', type: 'uint32' },
  'icmpv6.opt.prefix': { name: 'Prefix', type: 'ipv6' },
  'icmpv6.opt.mtu': { name: 'MTU', type: 'uint32' },
  'icmpv6.opt.redirected_packet': { name: 'Redirected Packet', type: 'none' },
};

/** Walks the options from `rel` to the end; returns the link-layer address of option `llaType`, if any. */
export function ndOptions(view: ByteView, ctx: DissectContext, rel: number, llaType: number): string | undefined {
  let found: string | undefined;
  let at = rel;
  while (view.has(at, 2)) {
    const type = view.u8(at);
    const units = view.u8(at + 1);
    const len = units * 8;
    if (len === 0) {
      ctx.expert('error', 'Invalid option length (Zero)', at + 1, 1);
      break;
    }
    const name = ND_OPTION_NAMES[type] ?? `Unknown (${type})`;
    if ((type === 1 || type === 2) && len === 8 && view.has(at + 2, 6)) {
      const mac = formatEther(view.bytes, view.start + at + 2);
      if (type === llaType) found = mac;
      if (ctx.building) {
        const o = header(ctx, at, type, units, `${name} : ${mac}`);
        // Wireshark adds the target's address under both names.
        o.add('icmpv6.opt.linkaddr', at + 2, 6, view.slice(at + 2, 6));
        if (type === 2) o.hidden('icmpv6.opt.target_linkaddr', at + 2, 6, view.slice(at + 2, 6));
      }
    } else if (ctx.building) {
      view.check(at, len);
      if (type === 3 && len === 32) prefix(view, ctx, at, units);
      else if (type === 5 && len === 8) {
        const mtu = view.u32(at + 4);
        const o = header(ctx, at, type, units, `MTU : ${mtu}`);
        o.add('icmpv6.opt.reserved', at + 2, 2, '', 'Reserved');
        o.add('icmpv6.opt.mtu', at + 4, 4, mtu);
      } else {
        const o = header(ctx, at, type, units, name);
        if (type === 4) o.add('icmpv6.opt.reserved', at + 2, 6, '', 'Reserved');
      }
    }
    at += len;
  }
  return found;
}

function header(ctx: DissectContext, at: number, type: number, units: number, text: string): Item {
  const o = ctx.layer.add('icmpv6.opt', at, units * 8, '', `ICMPv6 Option (${text})`);
  o.add('icmpv6.opt.type', at, 1, type);
  o.add('icmpv6.opt.length', at + 1, 1, units, `Length: ${units} (${units * 8} bytes)`);
  return o;
}

function prefix(view: ByteView, ctx: DissectContext, at: number, units: number): void {
  const plen = view.u8(at + 2);
  const flag = view.u8(at + 3);
  const p = formatIpv6(view.bytes, view.start + at + 16);
  const o = header(ctx, at, 3, units, `Prefix information : ${p}/${plen}`);
  o.add('icmpv6.opt.prefix.length', at + 2, 1, plen);
  const f = o.add('icmpv6.opt.prefix.flag', at + 3, 1, flag, `Flag: ${hex(flag, 2)}`);
  f.add('icmpv6.opt.prefix.flag.l', at + 3, 1, (flag & 0x80) !== 0, undefined, flag);
  f.add('icmpv6.opt.prefix.flag.a', at + 3, 1, (flag & 0x40) !== 0, undefined, flag);
  f.add('icmpv6.opt.prefix.flag.r', at + 3, 1, (flag & 0x20) !== 0, undefined, flag);
  f.add('icmpv6.opt.prefix.flag.reserved', at + 3, 1, flag & 0x1f, undefined, flag);
  o.add('icmpv6.opt.prefix.valid_lifetime', at + 4, 4, view.u32(at + 4));
  o.add('icmpv6.opt.prefix.preferred_lifetime', at + 8, 4, view.u32(at + 8));
  o.add('icmpv6.opt.reserved', at + 12, 4, '', 'Reserved');
  o.add('icmpv6.opt.prefix', at + 16, 16, view.slice(at + 16, 16));
}
