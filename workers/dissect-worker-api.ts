/** The contract between the engine and its dissect workers (workers/dissect.worker.ts). */
import type { SummaryJob, SummaryResult } from './summary-batch';

export interface DissectWorkerApi {
  summarize(job: SummaryJob): Promise<SummaryResult>;
}

export const DISSECT_WORKER_NAMES = { methods: ['summarize'], events: [] } as const;
