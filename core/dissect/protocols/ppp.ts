/**
 * Point-to-Point Protocol framing: LINKTYPE_PPP (9) and LINKTYPE_PPP_HDLC (50) as Wireshark's ppp_hdlc
 * dissector reads them (address 0xff and control when the first byte is 0xff, then the protocol), PPTP's
 * enhanced GRE (0x880b), and the PPP payload of a PPPoE session (no address and control). A protocol field
 * whose first byte is odd is compressed to one byte (RFC 1661 PFC). No FCS, as Wireshark's default.
 * Wireshark: packet-ppp.c. Dispatches on `ppp.protocol`; IPv4 and IPv6 directly.
 */
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';
import { CP_CODES } from './ppp-cp';
import { PPP_PROTOCOL_NAMES } from './ppp-names';

/** Network protocols whose dissectors register under an EtherType, not in `ppp.protocol`. */
const PPP_NETWORK: Readonly<Record<number, string>> = { 0x0021: 'ip', 0x0057: 'ipv6' };
const ADDRESS_ALL_STATIONS = 0xff;

export const ppp = defineProtocol({
  abbrev: 'ppp',
  name: 'Point-to-Point Protocol',
  short: 'PPP',
  registersIn: [['link', LinkType.PPP], ['link', LinkType.PPP_HDLC], ['gre.proto', 0x880b]],
  ownsTables: ['ppp.protocol'],
  fields: {
    'ppp.address': { name: 'Address', type: 'uint8', base: 'hex' },
    'ppp.control': { name: 'Control', type: 'uint8', base: 'hex' },
    'ppp.protocol': { name: 'Protocol', type: 'uint16', base: 'hex', strings: PPP_PROTOCOL_NAMES },
    // The header of every control protocol (LCP, IPCP, IPV6CP: ppp-cp.ts) is named under ppp, as Wireshark does.
    'ppp.code': { name: 'Code', type: 'uint8', strings: CP_CODES },
    'ppp.identifier': { name: 'Identifier', type: 'uint8', base: 'dec_hex' },
    'ppp.length': { name: 'Length', type: 'uint16' },
  },
  dissect(view, ctx) {
    if (view.start === 0 && (ctx.linkType === LinkType.PPP || ctx.linkType === LinkType.PPP_HDLC)) {
      // A PPP link has no addresses: Wireshark's list shows N/A until IP sets them.
      ctx.cols.source = 'N/A';
      ctx.cols.destination = 'N/A';
    }
    let offset = 0;
    if (view.u8(0) === ADDRESS_ALL_STATIONS) {
      const control = view.u8(1);
      if (ctx.building) {
        ctx.layer.add('ppp.address', 0, 1, ADDRESS_ALL_STATIONS);
        ctx.layer.add('ppp.control', 1, 1, control);
      }
      offset = 2;
    }
    const first = view.u8(offset);
    const compressed = (first & 1) === 1;
    const protocol = compressed ? first : view.u16(offset);
    const len = compressed ? 1 : 2;
    if (ctx.building) {
      const known = PPP_PROTOCOL_NAMES[protocol] !== undefined;
      ctx.layer.add('ppp.protocol', offset, len, protocol, known ? undefined : `Protocol: Unknown (${hex(protocol, 4)})`);
    }
    offset += len;
    const network = PPP_NETWORK[protocol];
    if (network !== undefined) ctx.handoffTo(network);
    else if (!ctx.handoff('ppp.protocol', protocol)) {
      ctx.cols.protocol = hex(protocol, 4);
      ctx.cols.info = `PPP ${PPP_PROTOCOL_NAMES[protocol] ?? 'Unknown'} (${hex(protocol, 4)})`;
    }
    return offset;
  },
});
