/**
 * The flow pass over each session and its results: stream numbers, conversation and endpoint tables.
 * SCAFFOLD: to be written (issue 6); every call says so until then.
 */
import type { ConversationKind, ConversationsPage, ConversationsRequest, Endpoint, FlowProgress, FollowProtocol, SessionId, ViewId } from '../core/api';
import { BadRequestError } from '../core/errors';
import type { EngineService, ServiceHost } from './service-host';

export class FlowService implements EngineService {
  constructor(
    readonly host: ServiceHost,
    readonly emit: (p: FlowProgress) => void,
  ) {}

  async conversations(req: ConversationsRequest): Promise<ConversationsPage> {
    throw new BadRequestError(`conversations (session ${req.sessionId}) is not built yet`);
  }

  async endpoints(req: { sessionId: SessionId; kind: ConversationKind; view?: ViewId }): Promise<Endpoint[]> {
    throw new BadRequestError(`endpoints (session ${req.sessionId}) is not built yet`);
  }

  async flowStatus(req: { sessionId: SessionId }): Promise<FlowProgress> {
    throw new BadRequestError(`flowStatus (session ${req.sessionId}) is not built yet`);
  }

  async streamOf(req: { sessionId: SessionId; number: number }): Promise<{ protocol: FollowProtocol; stream: number } | null> {
    throw new BadRequestError(`streamOf (session ${req.sessionId}) is not built yet`);
  }

  /**
   * For the follow and export services: the 1-based numbers of every packet of a stream, ascending
   * (waits for the flow pass). NotFoundError for a stream that does not exist.
   */
  async streamPackets(sessionId: SessionId, protocol: FollowProtocol, stream: number): Promise<Uint32Array> {
    throw new BadRequestError(`streamPackets ${protocol} ${stream} (session ${sessionId}) is not built yet`);
  }

  /**
   * For the export service (`--flows`) and the dissect path: each packet's tcp.stream and udp.stream (index
   * = number − 1; −1 = none), once the flow pass is done (waits for it).
   */
  async packetStreams(sessionId: SessionId): Promise<{ tcp: Int32Array; udp: Int32Array }> {
    throw new BadRequestError(`packetStreams (session ${sessionId}) is not built yet`);
  }

  async forget(): Promise<void> {}

  async dispose(): Promise<void> {}
}
