/** The contract between the engine and its dissect workers (workers/dissect.worker.ts). */
import type { FieldsJob, FieldsResult } from './packet-fields';
import type { PackedSummaries, SummaryJob } from './summary-batch';

export interface DissectWorkerApi {
  /** List columns of a batch of packets, which the worker reads from the job's file (workers/summary-batch.ts). */
  summarize(job: SummaryJob): Promise<PackedSummaries>;
  /** `-T fields` cells of a batch of packets (workers/packet-fields.ts). */
  fields(job: FieldsJob): Promise<FieldsResult>;
}

export const DISSECT_WORKER_NAMES = { methods: ['summarize', 'fields'], events: [] } as const;
