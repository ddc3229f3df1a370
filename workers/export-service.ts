/**
 * Export specified packets to a new pcapng. SCAFFOLD: to be written (issue 6).
 */
import type { ExportId, ExportProgress, ExportRequest } from '../core/api';
import { BadRequestError } from '../core/errors';
import type { FlowService } from './flow-service';
import type { EngineService, ServiceHost } from './service-host';

export class ExportService implements EngineService {
  constructor(
    readonly host: ServiceHost,
    readonly flows: FlowService,
    readonly emit: (p: ExportProgress) => void,
  ) {}

  async exportPackets(req: ExportRequest): Promise<ExportProgress> {
    throw new BadRequestError(`exportPackets to ${req.path} is not built yet`);
  }

  async cancelExport(req: { exportId: ExportId }): Promise<void> {
    throw new BadRequestError(`cancelExport ${req.exportId} is not built yet`);
  }

  async forget(): Promise<void> {}

  async dispose(): Promise<void> {}
}
