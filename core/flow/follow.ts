/**
 * Follow stream: one TCP or UDP stream's payload as Wireshark's Follow Stream (and `tshark -z follow`)
 * shows it, built from the stream's packets (FlowPackets and their bytes) in capture order.
 *
 * TCP: each packet's TCP header goes through the follow reassembly (tcp-reassembly.ts); a chunk is what
 * one packet added to a direction's stream, or a gap. UDP: each datagram's captured payload is a chunk.
 * The client is the side that sent the first packet followed (for TCP: the first whose header was
 * captured whole), as in tshark, whoever opened the connection.
 */
import type { FollowChunk, FollowProtocol, FollowStream } from '../api';
import { formatIpv4, formatIpv6 } from '../dissect/format';
import type { IpHeaderFact } from '../dissect/index';
import type { FlowPacket } from './flow-packet';
import { TcpReassembler, type TcpDirectionState, type TcpPiece, type TcpReassemblyLimits, type TcpSide } from './tcp-reassembly';

/** One packet of the stream: what the flow pass recorded and its captured bytes. */
export interface FollowPacketInput {
  packet: FlowPacket;
  bytes: Uint8Array;
}

export interface FollowLimits {
  /** Chunks kept in the result; the rest are counted, not kept. */
  maxChunks: number;
  /** Payload bytes kept in the result (a chunk that would pass it is the first left out). */
  maxBytes: number;
}

/** No cap: every chunk (tests and the CLI, which prints as it goes). */
export const UNLIMITED: FollowLimits = { maxChunks: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER };

/** A followed stream before the engine adds its session and stream count. */
export interface FollowResult extends Omit<FollowStream, 'sessionId' | 'streams'> {
  /** Chunks past the limits: counted, not returned. */
  omittedChunks: number;
  omittedBytes: number;
  /** TCP: what reassembly saw per side (SYN/FIN/RST, held, dropped); undefined for UDP. */
  tcpState?: { client: TcpDirectionState; server: TcpDirectionState };
}

/** `tcp.stream eq N` / `udp.stream eq N`: the display filter of one stream. */
export function streamFilter(protocol: FollowProtocol, stream: number): string {
  return `${protocol}.stream eq ${stream}`;
}

/** Accumulates chunks under the limits, and the per-side byte counts over the whole stream. */
class ChunkSink {
  readonly chunks: FollowChunk[] = [];
  clientBytes = 0;
  serverBytes = 0;
  omittedChunks = 0;
  omittedBytes = 0;
  private keptBytes = 0;

  constructor(private readonly limits: FollowLimits) {}

  add(side: TcpSide, packet: number, bytes: Uint8Array, gap: number): void {
    if (side === 0) this.clientBytes += bytes.length;
    else this.serverBytes += bytes.length;
    if (this.omittedChunks > 0 || this.chunks.length >= this.limits.maxChunks || this.keptBytes + bytes.length > this.limits.maxBytes) {
      this.omittedChunks++;
      this.omittedBytes += bytes.length;
      return;
    }
    this.keptBytes += bytes.length;
    // A copy: the bytes may be a view into a caller's read buffer, which must not stay alive through a chunk.
    this.chunks.push({ packet, from: side === 0 ? 'client' : 'server', bytes: bytes.slice(), gap });
  }

  result(protocol: FollowProtocol, stream: number, sides: Sides): FollowResult {
    return {
      protocol,
      stream,
      client: sides.client,
      server: sides.server,
      clientBytes: this.clientBytes,
      serverBytes: this.serverBytes,
      chunks: this.chunks,
      filter: streamFilter(protocol, stream),
      omittedChunks: this.omittedChunks,
      omittedBytes: this.omittedBytes,
    };
  }
}

/** An endpoint as tshark's follow prints it: `10.0.0.1:80`, `[2001:db8::1]:80`. */
function endpointText(ip: IpHeaderFact, address: Uint8Array, port: number): string {
  return ip.version === 4 ? `${formatIpv4(address, 0)}:${port}` : `[${formatIpv6(address, 0)}]:${port}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The IP header a transport header at `offset` sits in: the last one before it. */
function ipBefore(p: FlowPacket, offset: number): IpHeaderFact | undefined {
  let found: IpHeaderFact | undefined;
  for (const ip of p.ips) if (ip.headerOffset < offset) found = ip;
  return found;
}

/** Who is who: set by the first packet followed; later packets are client when they come from its source. */
class Sides {
  private src: Uint8Array | undefined;
  private port = 0;
  client = '';
  server = '';

  sideOf(ip: IpHeaderFact, srcPort: number, dstPort: number): TcpSide {
    // tshark keeps looking while the client port is 0 (its "not set yet"), so a port-0 sender is never the client for good.
    if (this.src === undefined || this.port === 0) {
      this.src = ip.src;
      this.port = srcPort;
      this.client = endpointText(ip, ip.src, srcPort);
      this.server = endpointText(ip, ip.dst, dstPort);
    }
    return sameBytes(ip.src, this.src) && srcPort === this.port ? 0 : 1;
  }
}

/** Follows one TCP stream packet by packet (capture order), so a caller can feed it in batches. */
export class TcpFollow {
  private readonly sink: ChunkSink;
  private readonly sides = new Sides();
  private readonly reassembler: TcpReassembler;

  constructor(
    readonly stream: number,
    limits: FollowLimits = UNLIMITED,
    reassemblyLimits: Partial<TcpReassemblyLimits> = {},
  ) {
    this.sink = new ChunkSink(limits);
    this.reassembler = new TcpReassembler(reassemblyLimits);
  }

  add({ packet, bytes }: FollowPacketInput): void {
    for (const tcp of packet.tcp) {
      // Wireshark's follow tap only sees a header it read whole (an exception stops it inside a cut one).
      if (tcp.payloadOffset > bytes.length) continue;
      const ip = ipBefore(packet, tcp.headerOffset);
      if (ip === undefined) continue;
      const side = this.sides.sideOf(ip, tcp.srcPort, tcp.dstPort);
      const payload = bytes.subarray(tcp.payloadOffset, tcp.payloadOffset + tcp.capturedLength);
      const pieces: TcpPiece[] = this.reassembler.push(side, { packet: packet.number, seq: tcp.seq, ack: tcp.ack, flags: tcp.flags, length: tcp.payloadLength, payload });
      for (const p of pieces) this.sink.add(p.side, p.packet, p.bytes, p.gap);
    }
  }

  result(): FollowResult {
    return {
      ...this.sink.result('tcp', this.stream, this.sides),
      tcpState: { client: this.reassembler.state(0), server: this.reassembler.state(1) },
    };
  }
}

/** Follows one UDP stream packet by packet: each datagram's captured payload is one chunk, empty ones included (as tshark). */
export class UdpFollow {
  private readonly sink: ChunkSink;
  private readonly sides = new Sides();

  constructor(
    readonly stream: number,
    limits: FollowLimits = UNLIMITED,
  ) {
    this.sink = new ChunkSink(limits);
  }

  add({ packet, bytes }: FollowPacketInput): void {
    for (const udp of packet.udp) {
      const ip = ipBefore(packet, udp.headerOffset);
      if (ip === undefined) continue;
      const side = this.sides.sideOf(ip, udp.srcPort, udp.dstPort);
      this.sink.add(side, packet.number, bytes.subarray(udp.payloadOffset, udp.payloadOffset + udp.capturedLength), 0);
    }
  }

  result(): FollowResult {
    return this.sink.result('udp', this.stream, this.sides);
  }
}

/** Follows TCP stream `stream` through its packets (capture order). */
export function followTcp(stream: number, packets: Iterable<FollowPacketInput>, limits: FollowLimits = UNLIMITED, reassemblyLimits: Partial<TcpReassemblyLimits> = {}): FollowResult {
  const f = new TcpFollow(stream, limits, reassemblyLimits);
  for (const p of packets) f.add(p);
  return f.result();
}

/** Follows UDP stream `stream` through its packets (capture order). */
export function followUdp(stream: number, packets: Iterable<FollowPacketInput>, limits: FollowLimits = UNLIMITED): FollowResult {
  const f = new UdpFollow(stream, limits);
  for (const p of packets) f.add(p);
  return f.result();
}

/** followTcp or followUdp. */
export function followStreamOf(protocol: FollowProtocol, stream: number, packets: Iterable<FollowPacketInput>, limits: FollowLimits = UNLIMITED): FollowResult {
  return protocol === 'tcp' ? followTcp(stream, packets, limits) : followUdp(stream, packets, limits);
}
