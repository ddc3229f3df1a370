/**
 * Cisco HDLC (LINKTYPE_C_HDLC 104): address, control and an EtherType-like protocol. Wireshark:
 * packet-chdlc.c. IPv4 and IPv6 go straight to ip / ipv6, the rest through `chdlc.protocol` (SLARP, MPLS);
 * an unregistered protocol shows as its number in the Protocol column and the payload as data. The link has
 * no addresses: Source and Destination read N/A until IP sets them.
 */
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';

const ADDRESSES: Readonly<Record<number, string>> = { 0x0f: 'Unicast', 0x8f: 'Multicast' };
const PROTOCOLS: Readonly<Record<number, string>> = {
  0x2000: 'Cisco Discovery Protocol', 0x0800: 'IP', 0x86dd: 'IPv6', 0x8035: 'SLARP', 0x8038: 'DEC LanBridge', 0x4242: 'Spanning Tree BPDU',
  0x809b: 'Appletalk', 0x80f3: 'AARP', 0x8137: 'Netware IPX/SPX', 0x6558: 'Transparent Ethernet bridging', 0xfefe: 'OSI',
  0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast',
};
/** Network protocols whose dissectors register under an EtherType, not in `chdlc.protocol`. */
const CHDLC_NETWORK: Readonly<Record<number, string>> = { 0x0800: 'ip', 0x86dd: 'ipv6' };

export const chdlc = defineProtocol({
  abbrev: 'chdlc',
  name: 'Cisco HDLC',
  short: 'CHDLC',
  registersIn: [['link', LinkType.C_HDLC]],
  ownsTables: ['chdlc.protocol'],
  fields: {
    'chdlc.address': { name: 'Address', type: 'uint8', base: 'hex', strings: ADDRESSES, offset: 0 },
    'chdlc.control': { name: 'Control', type: 'uint8', base: 'hex', offset: 1 },
    'chdlc.protocol': { name: 'Protocol', type: 'uint16', base: 'hex', strings: PROTOCOLS, offset: 2 },
  },
  dissect(view, ctx) {
    const address = view.u8(0);
    const control = view.u8(1);
    const protocol = view.u16(2);
    ctx.cols.source = 'N/A';
    ctx.cols.destination = 'N/A';
    ctx.cols.info = '';
    if (ctx.building) {
      ctx.layer.add('chdlc.address', 0, 1, address);
      ctx.layer.add('chdlc.control', 1, 1, control);
      ctx.layer.add('chdlc.protocol', 2, 2, protocol);
    }
    const network = CHDLC_NETWORK[protocol];
    if (network !== undefined) ctx.handoffTo(network);
    else if (!ctx.handoff('chdlc.protocol', protocol)) ctx.cols.protocol = hex(protocol, 4);
    return 4;
  },
});
