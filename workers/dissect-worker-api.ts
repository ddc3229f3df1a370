/** The contract between the engine and its dissect workers (workers/dissect.worker.ts). */
import type { FieldsJob, FieldsResult } from './packet-fields';
import type { SummaryJob, SummaryResult } from './summary-batch';

export interface DissectWorkerApi {
  summarize(job: SummaryJob): Promise<SummaryResult>;
  /** `-T fields` cells of a batch of packets (workers/packet-fields.ts). */
  fields(job: FieldsJob): Promise<FieldsResult>;
}

export const DISSECT_WORKER_NAMES = { methods: ['summarize', 'fields'], events: [] } as const;
