/**
 * One packet as the flow engine sees it: its frame facts and the flow-making headers its dissection
 * reported (core/dissect/flow-observer.ts), with addresses copied out of the frame's bytes. Everything in
 * core/flow starts from these: stream numbering, conversations, TCP analysis, reassembly, follow.
 */
import { observeFlows } from '../dissect/index';
import type { FlowObserver, IpFragmentFact, IpHeaderFact, LinkHeaderFact, MovedEndpoints, TcpHeaderFact, UdpHeaderFact } from '../dissect/index';

export interface FlowPacket {
  /** 1-based packet number. */
  number: number;
  /** Timestamp, seconds since the epoch and nanoseconds. */
  sec: number;
  nsec: number;
  /** Captured and original (wire) length: conversation byte counts use the original length, as tshark. */
  caplen: number;
  origlen: number;
  malformed: boolean;
  /** Headers in layer order (an ICMP error's quoted headers have `inError`). */
  links: LinkHeaderFact[];
  ips: IpHeaderFact[];
  fragments: IpFragmentFact[];
  tcp: TcpHeaderFact[];
  udp: UdpHeaderFact[];
}

/** Collects one packet's facts; address views are copied so the frame's buffer can be reused. */
class Recorder implements FlowObserver {
  readonly links: LinkHeaderFact[] = [];
  readonly ips: IpHeaderFact[] = [];
  readonly fragments: IpFragmentFact[] = [];
  readonly tcps: TcpHeaderFact[] = [];
  readonly udps: UdpHeaderFact[] = [];

  link(h: LinkHeaderFact): void {
    this.links.push({ ...h, src: h.src.slice(), dst: h.dst.slice() });
  }

  ip(h: IpHeaderFact): void {
    this.ips.push({ ...h, src: h.src.slice(), dst: h.dst.slice() });
  }

  fragment(f: IpFragmentFact): void {
    this.fragments.push(f);
  }

  tcp(h: TcpHeaderFact): void {
    // Kept by reference: the TCP dissector fills in the options after reporting the header.
    h.endpoints = copied(h.endpoints);
    this.tcps.push(h);
  }

  udp(h: UdpHeaderFact): void {
    this.udps.push({ ...h, endpoints: copied(h.endpoints) });
  }
}

/** Moved endpoints with their own bytes (the views point into the frame's buffer). */
function copied(e: MovedEndpoints | undefined): MovedEndpoints | undefined {
  return e === undefined ? undefined : { src: e.src.slice(), dst: e.dst.slice() };
}

export interface FlowPacketMeta {
  number: number;
  sec: number;
  nsec: number;
  /** Original (wire) length. */
  origlen: number;
  linkType: number;
}

/** Dissects one packet (the summary path) and returns what the flow engine needs of it. `bytes` are the captured bytes. */
export function flowPacketOf(bytes: Uint8Array, meta: FlowPacketMeta): FlowPacket {
  const r = new Recorder();
  const malformed = observeFlows(meta.linkType, bytes, Math.max(meta.origlen, bytes.length), r);
  return {
    number: meta.number,
    sec: meta.sec,
    nsec: meta.nsec,
    caplen: bytes.length,
    origlen: meta.origlen,
    malformed,
    links: r.links,
    ips: r.ips,
    fragments: r.fragments,
    tcp: r.tcps,
    udp: r.udps,
  };
}
