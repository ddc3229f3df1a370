/**
 * A dissect worker of the engine's pool: summarises pages of packets for the packet list, reading their
 * bytes from the capture file itself, and collects `-T fields` cells.
 */
import { open } from 'node:fs/promises';
import { fileAccessError } from './capture-file';
import { fieldCellsBatch, type FieldsJob, type FieldsResult } from './packet-fields';
import { summarizeJob, type PackedSummaries, type SummaryJob } from './summary-batch';
import { DISSECT_WORKER_NAMES, type DissectWorkerApi } from './dissect-worker-api';
import { serveInWorker } from './worker-side';

const impl: DissectWorkerApi = {
  async summarize(job: SummaryJob): Promise<PackedSummaries> {
    const fh = await open(job.path, 'r').catch((e: unknown) => {
      throw fileAccessError(e, job.path, 'opening the capture to summarise its packets');
    });
    try {
      return await summarizeJob(fh, job);
    } finally {
      await fh.close();
    }
  },
  async fields(job: FieldsJob): Promise<FieldsResult> {
    return fieldCellsBatch(job);
  },
};

serveInWorker(impl, DISSECT_WORKER_NAMES);
