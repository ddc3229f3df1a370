/** A dissect worker of the engine's pool: summarises pages of packets for the packet list, and collects `-T fields` cells. */
import { fieldCellsBatch, type FieldsJob, type FieldsResult } from './packet-fields';
import { summarizeBatch, type SummaryJob, type SummaryResult } from './summary-batch';
import { DISSECT_WORKER_NAMES, type DissectWorkerApi } from './dissect-worker-api';
import { serveInWorker } from './worker-side';

const impl: DissectWorkerApi = {
  async summarize(job: SummaryJob): Promise<SummaryResult> {
    return summarizeBatch(job);
  },
  async fields(job: FieldsJob): Promise<FieldsResult> {
    return fieldCellsBatch(job);
  },
};

serveInWorker(impl, DISSECT_WORKER_NAMES);
