/**
 * A filter worker of the engine's pool: runs a display filter's BPF programs (JIT-compiled once per
 * worker) over runs of packets read straight from the capture file (see filter-worker-api.ts).
 */
import { open } from 'node:fs/promises';
import { fileAccessError } from './capture-file';
import { scanPackets } from './filter-scan';
import { scanFlows, type FlowScanJob, type FlowScanResult } from './flow-scan';
import { FILTER_WORKER_NAMES, type FilterScanJob, type FilterScanResult, type FilterWorkerApi } from './filter-worker-api';
import { serveInWorker } from './worker-side';

/** Jobs asked to stop; an id stays only while its job runs (or until it would have started). */
const cancelled = new Set<number>();
const running = new Set<number>();

const impl: FilterWorkerApi = {
  async scan(job: FilterScanJob): Promise<FilterScanResult> {
    running.add(job.jobId);
    try {
      const fh = await open(job.path, 'r').catch((e: unknown) => {
        throw fileAccessError(e, job.path, 'opening the capture to filter it');
      });
      try {
        return await scanPackets(fh, job, () => cancelled.has(job.jobId));
      } finally {
        await fh.close();
      }
    } finally {
      running.delete(job.jobId);
      cancelled.delete(job.jobId);
    }
  },
  async flowScan(job: FlowScanJob): Promise<FlowScanResult> {
    running.add(job.jobId);
    try {
      const fh = await open(job.path, 'r').catch((e: unknown) => {
        throw fileAccessError(e, job.path, 'opening the capture for the flow pass');
      });
      try {
        return await scanFlows(fh, job, () => cancelled.has(job.jobId));
      } finally {
        await fh.close();
      }
    } finally {
      running.delete(job.jobId);
      cancelled.delete(job.jobId);
    }
  },
  async cancel(req: { jobId: number }): Promise<void> {
    if (running.has(req.jobId)) cancelled.add(req.jobId);
  },
};

serveInWorker(impl, FILTER_WORKER_NAMES);
