/**
 * Linux "cooked" capture, v1 (LINKTYPE_LINUX_SLL 113, 16-byte header) and v2 (LINKTYPE_LINUX_SLL2 276,
 * 20 bytes, in sll2.ts). Wireshark keeps both under the one `sll` protocol and its `sll.*` fields, and so
 * do we; the link type picks the header layout. Dispatches on the shared `ethertype` table.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { formatEther, formatIpv4, hex, hexBytes } from '../format';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';
import { handoffByEthertype } from './ethertype-handoff';
import { ETHERTYPE_NAMES } from './ethertype-names';
import { dissectSll2 } from './sll2';

export const SLL_PACKET_TYPES: Readonly<Record<number, string>> = {
  0: 'Unicast to us', 1: 'Broadcast', 2: 'Multicast', 3: 'Unicast to another host', 4: 'Sent by us', 5: 'Loopback', 6: 'Fastroute',
};
export const SLL_HA_TYPES: Readonly<Record<number, string>> = {
  1: 'Ethernet', 24: 'IEEE 1394', 32: 'InfiniBand', 512: 'PPP', 772: 'Loopback', 776: 'IPv6-in-IPv4', 778: 'IP GRE', 801: '802.11', 803: 'IEEE 802.11 + radiotap header', 824: 'Netlink', 65534: 'None', 65535: 'Void',
};

/** ARPHRD_IPGRE: a GRE tunnel device, whose protocol field is a GRE protocol type (Wireshark: sll.gretype). */
const ARPHRD_IPGRE = 778;

export const sll = defineProtocol({
  abbrev: 'sll',
  name: 'Linux cooked capture v1',
  short: 'SLL',
  registersIn: [['link', LinkType.LINUX_SLL], ['link', LinkType.LINUX_SLL2]],
  fields: {
    'sll.pkttype': { name: 'Packet type', type: 'uint16', strings: SLL_PACKET_TYPES },
    'sll.hatype': { name: 'Link-layer address type', type: 'uint16', strings: SLL_HA_TYPES },
    'sll.halen': { name: 'Link-layer address length', type: 'uint16' },
    'sll.src.eth': { name: 'Source', type: 'ether' },
    'sll.src.ipv4': { name: 'Source', type: 'ipv4' },
    'sll.src.other': { name: 'Source', type: 'bytes' },
    'sll.unused': { name: 'Unused', type: 'bytes' },
    'sll.etype': { name: 'Protocol', type: 'uint16', base: 'hex', strings: ETHERTYPE_NAMES },
    'sll.gretype': { name: 'Protocol', type: 'uint16', base: 'hex', strings: ETHERTYPE_NAMES },
    'sll.ltype': { name: 'Protocol', type: 'uint16', base: 'hex', strings: { 1: 'Novell 802.3', 2: 'AX.25', 4: '802.2 LLC', 12: 'CAN', 13: 'CAN FD' } },
    'sll.reserved': { name: 'Reserved (MBZ)', type: 'uint16', base: 'hex' },
    'sll.ifindex': { name: 'Interface index', type: 'uint32' },
  },
  dissect(view, ctx) {
    if (ctx.linkType === LinkType.LINUX_SLL2) return dissectSll2(view, ctx);
    const pkttype = view.u16(0);
    const hatype = view.u16(2);
    const halen = view.u16(4);
    const protocol = view.u16(14);
    const t = ctx.layer;
    if (ctx.building) {
      t.add('sll.pkttype', 0, 2, pkttype);
      t.add('sll.hatype', 2, 2, hatype);
      t.add('sll.halen', 4, 2, halen);
    }
    sllAddress(view, ctx, 6, halen, hatype);
    if (ctx.building && halen < 8) t.add('sll.unused', 6 + halen, 8 - halen, view.slice(6 + halen, 8 - halen));
    sllProtocol(view, ctx, 14, protocol, hatype);
    return 16;
  },
});

/** The link-layer source address (up to 8 bytes at `rel`): the Source column when it is a MAC. */
export function sllAddress(view: ByteView, ctx: DissectContext, rel: number, halen: number, hatype: number): void {
  const n = Math.min(halen, 8);
  view.check(rel, 8);
  if (hatype === ARPHRD_IPGRE && n === 4) {
    ctx.cols.source = formatIpv4(view.bytes, view.start + rel);
    if (ctx.building) ctx.layer.add('sll.src.ipv4', rel, 4, view.slice(rel, 4));
  } else if (n === 6) {
    ctx.cols.source = formatEther(view.bytes, view.start + rel);
    if (ctx.building) ctx.layer.add('sll.src.eth', rel, 6, view.slice(rel, 6));
  } else if (n > 0) {
    ctx.cols.source = hexBytes(view.bytes, view.start + rel, view.start + rel + n);
    if (ctx.building) ctx.layer.add('sll.src.other', rel, n, view.slice(rel, n));
  }
}

/** The protocol field: an EtherType, or one of Linux's small ETH_P_* values (shown, not dissected yet). */
export function sllProtocol(view: ByteView, ctx: DissectContext, rel: number, protocol: number, hatype: number): void {
  if (hatype === ARPHRD_IPGRE) {
    // A GRE tunnel device: the protocol is a GRE protocol type, looked up as GRE does (no ethertype layer).
    if (ctx.building) ctx.layer.add('sll.gretype', rel, 2, protocol);
    if (!ctx.handoff('gre.proto', protocol) && !handoffByEthertype(ctx, protocol)) ctx.cols.protocol = hex(protocol, 4);
  } else if (protocol >= 0x0600) {
    if (ctx.building) ctx.layer.add('sll.etype', rel, 2, protocol);
    if (!ctx.handoff('ethertype', protocol)) ctx.cols.protocol = hex(protocol, 4);
  } else {
    if (ctx.building) ctx.layer.add('sll.ltype', rel, 2, protocol);
    ctx.cols.info = 'Linux cooked capture';
  }
}
