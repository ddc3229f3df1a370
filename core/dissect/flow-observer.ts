/**
 * What the flow engine (core/flow) hears from one packet's dissection: the headers that make flows, in
 * layer order, with absolute offsets into the frame's bytes. core/dissect defines the interface and the
 * dissectors call it; core/flow implements it. The summary, tree and field paths pass no observer, so they
 * pay one `undefined` check per header and allocate nothing for it.
 *
 * `inError` is set for headers inside the packet an ICMP/ICMPv6 error quotes: Wireshark does not count
 * those in conversations or streams.
 */

export interface LinkHeaderFact {
  /** `eth` for Ethernet II / 802.3 addresses (conv,eth). */
  kind: 'eth';
  /** 6-byte addresses (views into the frame's bytes: copy to keep). */
  src: Uint8Array;
  dst: Uint8Array;
  inError: boolean;
}

export interface IpHeaderFact {
  version: 4 | 6;
  /** 4 or 16 bytes (views into the frame's bytes: copy to keep). For IPv6 the final destination after a routing header. */
  src: Uint8Array;
  dst: Uint8Array;
  /** The protocol the header carries (IPv4 protocol, or IPv6 next header after the extension headers seen so far). */
  protocol: number;
  ttl: number;
  /** Absolute offset of the header in the frame. */
  headerOffset: number;
  /** Absolute offset of the header's payload, and its length as the header states it (clipped to the frame's reported length). */
  payloadOffset: number;
  payloadLength: number;
  inError: boolean;
}

/** An IPv4 fragment (MF set or offset > 0) or an IPv6 fragment header that is not atomic. */
export interface IpFragmentFact {
  version: 4 | 6;
  /** IPv4 identification (16 bits) or IPv6 fragment identification (32 bits). */
  id: number;
  /** Offset of this fragment's data in the datagram, in bytes. */
  offset: number;
  more: boolean;
  /** The protocol of the reassembled datagram's payload. */
  protocol: number;
  /** Absolute offset of this fragment's data in the frame, its length as the headers state it, and how much of it was captured. */
  dataOffset: number;
  dataLength: number;
  capturedLength: number;
  inError: boolean;
}

export interface TcpHeaderFact {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** The 12 flag bits (FIN 0x001 … AE 0x100, reserved above). */
  flags: number;
  /** The raw window field (unscaled). */
  window: number;
  headerLength: number;
  /** Absolute offset of the TCP header; of its payload; the payload's length per the IP header; how much of it was captured. */
  headerOffset: number;
  payloadOffset: number;
  payloadLength: number;
  capturedLength: number;
  /**
   * Options, -1 / empty when absent. The TCP dissector reports the header before it reads the options and
   * fills these in as it reads them: read them when the packet's dissection has returned (a header whose
   * options are cut short still makes its stream, as in Wireshark).
   */
  mss: number;
  windowScale: number;
  sackPermitted: boolean;
  /** SACK blocks as left, right, left, right … */
  sack: number[];
  /** Timestamp option values, -1 when absent. */
  tsval: number;
  tsecr: number;
  inError: boolean;
  /** The addresses the header's conversation keys on, when they are not its IP header's own (PacketFacts.ipEndpointsMoved). */
  endpoints?: MovedEndpoints | undefined;
}

/** Source and destination that an IPv6 routing header or home address option put in place of the IP header's. */
export interface MovedEndpoints {
  src: Uint8Array;
  dst: Uint8Array;
}

export interface UdpHeaderFact {
  srcPort: number;
  dstPort: number;
  /** The UDP length field (0 = jumbogram). */
  length: number;
  headerOffset: number;
  payloadOffset: number;
  /** Payload per the UDP length; how much of it was captured. */
  payloadLength: number;
  capturedLength: number;
  inError: boolean;
  /** As TcpHeaderFact's. */
  endpoints?: MovedEndpoints | undefined;
}

/** Called by the dissectors in layer order for one packet. */
export interface FlowObserver {
  link(h: LinkHeaderFact): void;
  ip(h: IpHeaderFact): void;
  fragment(f: IpFragmentFact): void;
  tcp(h: TcpHeaderFact): void;
  udp(h: UdpHeaderFact): void;
}

/**
 * How far `observeFlows` dissects: the chain stops after a transport header unless the protocol it hands
 * its payload to carries another packet (a tunnel, whose inner headers make flows of their own). Protocols
 * above a transport make no flows, and skipping them is most of what observing a packet costs.
 */
export interface FlowScope {
  /** Protocols (abbrev) after which the chain stops… */
  readonly transports: ReadonlySet<string>;
  /** …unless the next protocol is one of these. */
  readonly tunnels: ReadonlySet<string>;
}

/**
 * The scope of the flow pass. Tunnels are the protocols registered above a transport that hand off to a
 * link or network layer (vxlan → eth, geneve → ethertype, gtp → ip/ipv6, mpls over UDP → ip/ipv6/eth);
 * flow-observer.test.ts checks over the corpus that the facts equal those of a full dissection.
 */
export const FLOW_SCOPE: FlowScope = {
  transports: new Set(['tcp', 'udp', 'sctp']),
  tunnels: new Set(['vxlan', 'geneve', 'gtp', 'mpls']),
};

/** A transport header's `endpoints`: the moved addresses, when an IPv6 extension header moved them. */
export function movedEndpoints(ctx: { readonly facts: { ipEndpointsMoved: boolean; ipSrc: Uint8Array; ipDst: Uint8Array } }): MovedEndpoints | undefined {
  return ctx.facts.ipEndpointsMoved ? { src: ctx.facts.ipSrc, dst: ctx.facts.ipDst } : undefined;
}
