/**
 * The protocol numbers gen_linktype is called with that are not EtherTypes (802.2 LLC SAPs), the
 * EtherTypes it treats specially, and gen_llc_linktype: the payload test of link types whose
 * payload always starts with an 802.2 LLC header (FDDI, token ring, RFC 1483 ATM, 802.11).
 */
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { constant, type Frag } from '../frag';
import { cmp, snap } from '../load';

export const LLCSAP = { IP: 0x06, NETBEUI: 0xf0, IPX: 0xe0, ISONS: 0xfe, STP_8021D: 0x42 } as const;

export const ETHERTYPE = {
  IP: 0x0800, ARP: 0x0806, REVARP: 0x8035, IPV6: 0x86dd, NS: 0x0600, DN: 0x6003, ATALK: 0x809b,
  AARP: 0x80f3, IPX: 0x8137, MPLS: 0x8847, PPPOED: 0x8863, PPPOES: 0x8864, VLAN_8021Q: 0x8100,
  VLAN_8021AD: 0x88a8, VLAN_QINQ: 0x9100, TEB: 0x6558,
} as const;

/** The largest 802.3 length value; a type/length field above it is an EtherType. */
export const ETHERMTU = 1500;

/** gen_llc_linktype: `proto` in an LLC-headed payload (DSAP/SSAP, or the SNAP type field). */
export function llcLinkType(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  switch (proto) {
    case LLCSAP.IP:
    case LLCSAP.ISONS:
    case LLCSAP.NETBEUI:
      return cmp(s, e, 'llc', 0, 2, 'jeq', (proto << 8) | proto, undefined, span);
    case LLCSAP.IPX:
      return cmp(s, e, 'llc', 0, 1, 'jeq', proto, undefined, span);
    case ETHERTYPE.ATALK:
      return snap(s, e, 0x080007, ETHERTYPE.ATALK, span);
    default:
      // A SAP: check the DSAP. An EtherType: check where a SNAP header (OUI 0) keeps it.
      if (proto <= ETHERMTU) return cmp(s, e, 'llc', 0, 1, 'jeq', proto, undefined, span);
      return cmp(s, e, 'llc', 6, 2, 'jeq', proto, undefined, span);
  }
}

/** gen_llc where libpcap cannot tell (FDDI, token ring, RFC 1483 ATM): always true. */
export const alwaysLlc = (s: LowerSession, _e: Encap, span?: Span): Frag => constant(s.cfg, true, span);
