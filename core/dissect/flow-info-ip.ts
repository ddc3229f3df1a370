/**
 * IP fragment reassembly as seen from one packet: core/flow/ip-defrag.ts computes it, ip.ts and
 * ipv6-fraghdr.ts show it (Wireshark's ip.reassembled_in on the earlier fragments; ip.fragments and the
 * whole datagram's dissection on the packet that completes it).
 */

/** One fragment of a reassembled datagram, in the order Wireshark lists them (by offset, then arrival). */
export interface IpFragmentRef {
  /** 1-based number of the packet that carried it. */
  number: number;
  /** Offset of its data in the datagram, and its length as its headers state it. */
  offset: number;
  length: number;
  /** Wireshark's per-fragment flags (FD_OVERLAP, FD_OVERLAPCONFLICT, FD_MULTIPLETAILS, FD_TOOLONGFRAGMENT). */
  overlap: boolean;
  overlapConflict: boolean;
  multipleTails: boolean;
  tooLong: boolean;
}

/** A datagram put together from its fragments. */
export interface ReassembledIpDatagram {
  version: 4 | 6;
  /** IPv4 identification or IPv6 fragment identification. */
  id: number;
  /** The payload's protocol: the IPv4 protocol, or the next header of the completing IPv6 fragment. */
  protocol: number;
  /** The reassembled data (what follows the IP header, or the IPv6 fragment header). */
  bytes: Uint8Array;
  fragments: IpFragmentRef[];
}

export interface IpReassemblyInfo {
  /** 1-based number of the packet whose dissection shows the whole datagram. */
  reassembledIn: number;
  /** The fragment header this is about (a packet's first fragment header outside an ICMP error). */
  version: 4 | 6;
  id: number;
  /** Present only on the packet that completes the datagram: its dissection continues on these bytes. */
  datagram?: ReassembledIpDatagram;
}
