/**
 * Follow stream: a TCP or UDP stream's payload in order. SCAFFOLD: to be written (issue 6).
 */
import type { FollowProtocol, FollowStream, SessionId } from '../core/api';
import { BadRequestError } from '../core/errors';
import type { FlowService } from './flow-service';
import type { EngineService, ServiceHost } from './service-host';

export class FollowService implements EngineService {
  constructor(
    readonly host: ServiceHost,
    readonly flows: FlowService,
  ) {}

  async followStream(req: { sessionId: SessionId; protocol: FollowProtocol; stream: number }): Promise<FollowStream> {
    throw new BadRequestError(`followStream ${req.protocol} ${req.stream} is not built yet`);
  }

  async forget(): Promise<void> {}

  async dispose(): Promise<void> {}
}
