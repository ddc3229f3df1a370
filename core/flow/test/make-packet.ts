/** Test helper: hand-built FlowPackets (IPv4 + TCP/UDP) for the flow unit tests. */
import type { TcpHeaderFact, UdpHeaderFact } from '../../dissect/flow-observer';
import type { FlowPacket } from '../flow-packet';

const ip4 = (s: string) => Uint8Array.from(s.split('.').map(Number));

export interface TcpOpts {
  seq?: number;
  ack?: number;
  flags?: number;
  inError?: boolean;
  len?: number;
}

function tcpFact(sport: number, dport: number, o: TcpOpts): TcpHeaderFact {
  return {
    srcPort: sport,
    dstPort: dport,
    seq: o.seq ?? 1000,
    ack: o.ack ?? 0,
    flags: o.flags ?? 0x010,
    window: 512,
    headerLength: 20,
    headerOffset: 34,
    payloadOffset: 54,
    payloadLength: o.len ?? 0,
    capturedLength: o.len ?? 0,
    mss: 1460,
    windowScale: 7,
    sackPermitted: true,
    sack: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    tsval: 77,
    tsecr: -1,
    inError: o.inError ?? false,
  };
}

export function tcpPacket(number: number, t: number, src: string, sport: number, dst: string, dport: number, o: TcpOpts = {}): FlowPacket {
  return {
    number,
    sec: 1000 + Math.floor(t),
    nsec: Math.round((t % 1) * 1e9),
    caplen: 54 + (o.len ?? 0),
    origlen: 60 + (o.len ?? 0),
    malformed: false,
    links: [{ kind: 'eth', src: new Uint8Array([2, 0, 0, 0, 0, 1]), dst: new Uint8Array([2, 0, 0, 0, 0, 2]), inError: false }],
    ips: [{ version: 4, src: ip4(src), dst: ip4(dst), protocol: 6, ttl: 64, headerOffset: 14, payloadOffset: 34, payloadLength: 20 + (o.len ?? 0), inError: false }],
    fragments: [],
    tcp: [tcpFact(sport, dport, o)],
    udp: [],
  };
}

export function udpPacket(number: number, t: number, src: string, sport: number, dst: string, dport: number): FlowPacket {
  const u: UdpHeaderFact = { srcPort: sport, dstPort: dport, length: 8, headerOffset: 34, payloadOffset: 42, payloadLength: 0, capturedLength: 0, inError: false };
  return {
    number,
    sec: 1000 + Math.floor(t),
    nsec: Math.round((t % 1) * 1e9),
    caplen: 42,
    origlen: 60,
    malformed: false,
    links: [],
    ips: [{ version: 4, src: ip4(src), dst: ip4(dst), protocol: 17, ttl: 64, headerOffset: 14, payloadOffset: 34, payloadLength: 8, inError: false }],
    fragments: [],
    tcp: [],
    udp: [u],
  };
}
