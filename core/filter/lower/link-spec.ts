/**
 * What lowering needs to know about one link-layer header type. Each link family lives in its own
 * file under lower/links/ and exports a LinkSpec; lower/links/index.ts lists them and a test checks no
 * link type is claimed twice. Nothing about a link type is decided anywhere else.
 */
import type { Span } from '../span';
import type { DirQualifier } from '../ast';
import type { Encap, LowerSession, VarReg } from './context';
import type { Frag } from './frag';

export interface LinkSpec {
  /** LINKTYPE_ numbers (as stored in capture files) this spec lowers. */
  readonly linkTypes: readonly number[];
  /** The encapsulation at the start of a packet of this link type (libpcap init_linktype). */
  initial(s: LowerSession, linkType: number): Encap;
  /**
   * libpcap gen_linktype for this link: does the link payload carry `proto`? `proto` is an EtherType
   * (≥ 0x600), or one of the small values libpcap passes for LLC SAPs (LLCSAP_ISONS 0xfe,
   * LLCSAP_IP 0x06, LLCSAP_NETBEUI 0xf0, LLCSAP_IPX 0xe0, LLCSAP_8021D 0x42) and the like.
   */
  linkTypeTest(s: LowerSession, e: Encap, proto: number, span?: Span): Frag;
  /** Link-layer address test (ether/fddi/tr/wlan host, addr1..4, ra, ta); absent = not supported here. */
  linkHost?(s: LowerSession, e: Encap, mac: Uint8Array, dir: DirQualifier | 'default', span?: Span): Frag;
  /** Link-layer broadcast / multicast (`ether broadcast`); absent = not supported here. */
  linkBroadcast?(s: LowerSession, e: Encap, span?: Span): Frag;
  linkMulticast?(s: LowerSession, e: Encap, span?: Span): Frag;
  /**
   * libpcap gen_llc for this link: does the frame carry an 802.2 LLC header (at `llc`, the link
   * payload)? Absent = `llc` is not supported here ("'llc' not supported for …").
   */
  llc?(s: LowerSession, e: Encap, span?: Span): Frag;
  /**
   * Code that computes the variable offset registers this link type uses (radiotap/PPI/AVS/Prism and
   * 802.11 header lengths) into their scratch slots, run before the filter proper. Both of the
   * fragment's hole lists continue into the filter. Called once per compilation, with the registers
   * `slotOf` allocated (possibly none: a per-packet check such as PPI's DLT test goes here too).
   */
  prologue?(s: LowerSession, slots: ReadonlyMap<VarReg, number>): Frag | null;
}
