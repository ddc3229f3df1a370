/**
 * Follow stream: a TCP or UDP stream's payload in order, both directions, gaps marked (core/flow/follow.ts).
 * The flow service says which packets make the stream; their bytes are read back from the capture in
 * batches and followed packet by packet, so only the chunks returned are held.
 *
 * Large streams: at most FOLLOW_LIMITS.maxChunks chunks and maxBytes payload bytes are returned; the
 * result's `omittedChunks` / `omittedBytes` say what was left out (clientBytes / serverBytes still count
 * the whole stream). See docs/DECISIONS.md.
 */
import type { FollowProtocol, FollowStream, SessionId } from '../core/api';
import { BadRequestError } from '../core/errors';
import { TcpFollow, UdpFollow, type FollowLimits, type FollowResult } from '../core/flow/follow';
import { flowPacketOf } from '../core/flow/flow-packet';
import type { FlowService } from './flow-service';
import { readPackets } from './packet-reader';
import type { EngineService, ServiceHost } from './service-host';
import type { Session } from './session';

/** What one followStream returns at most: 20,000 chunks (a long interactive session) or 32 MiB of payload. */
export const FOLLOW_LIMITS: FollowLimits = { maxChunks: 20_000, maxBytes: 32 * 1024 * 1024 };

/** Packets read from the file per batch. */
const READ_BATCH = 1024;

/** Link type for a packet whose interface is unknown (no dissector claims it). */
const UNKNOWN_LINK_TYPE = 0xffff;

/** A followed stream as the engine returns it (FollowStream says what the limits left out). */
export type FollowStreamResult = FollowStream;

export class FollowService implements EngineService {
  constructor(
    readonly host: ServiceHost,
    readonly flows: Pick<FlowService, 'streamPackets' | 'packetStreams'>,
    readonly limits: FollowLimits = FOLLOW_LIMITS,
  ) {}

  async followStream(req: { sessionId: SessionId; protocol: FollowProtocol; stream: number }): Promise<FollowStreamResult> {
    if (req.protocol !== 'tcp' && req.protocol !== 'udp') throw new BadRequestError(`followStream: protocol must be "tcp" or "udp", not ${JSON.stringify(req.protocol)}`);
    if (!Number.isInteger(req.stream) || req.stream < 0) throw new BadRequestError(`followStream: stream must be a stream number (0 or more), not ${String(req.stream)}`);
    const session = this.host.session(req.sessionId);
    const numbers = await this.flows.streamPackets(req.sessionId, req.protocol, req.stream);
    const follow = req.protocol === 'tcp' ? new TcpFollow(req.stream, this.limits) : new UdpFollow(req.stream, this.limits);
    for (let from = 0; from < numbers.length; from += READ_BATCH) {
      await this.followBatch(session, numbers.subarray(from, from + READ_BATCH), follow);
    }
    const result: FollowResult = follow.result();
    const streams = await this.streamCount(req.sessionId, req.protocol);
    // tcpState is core's detail for tests and tools; the contract carries the stream itself.
    const { tcpState: _state, ...stream } = result;
    return { ...stream, sessionId: req.sessionId, streams };
  }

  private async followBatch(session: Session, numbers: Uint32Array, follow: TcpFollow | UdpFollow): Promise<void> {
    const index = session.index;
    const indices = Array.from(numbers, (n) => n - 1);
    const { bytes, offsets, caplens } = await readPackets(session.fh, session.readPath, index, indices);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      const frame = bytes.subarray(offsets[k], offsets[k] + caplens[k]);
      const packet = flowPacketOf(frame, {
        number: i + 1,
        sec: index.tsSec(i),
        nsec: index.tsNsec(i),
        origlen: index.origlen(i),
        linkType: index.interfaceOf(i)?.linkType ?? UNKNOWN_LINK_TYPE,
      });
      follow.add({ packet, bytes: frame });
    }
  }

  /** How many streams of the protocol the session has (stream numbers run 0 … count − 1). */
  private async streamCount(sessionId: SessionId, protocol: FollowProtocol): Promise<number> {
    const perPacket = (await this.flows.packetStreams(sessionId))[protocol];
    let max = -1;
    for (let i = 0; i < perPacket.length; i++) if (perPacket[i] > max) max = perPacket[i];
    return max + 1;
  }

  async forget(): Promise<void> {}

  async dispose(): Promise<void> {}
}
