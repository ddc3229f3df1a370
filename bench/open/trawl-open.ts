/**
 * Opens one capture in a fresh engine and measures, from the openFile call: the time until
 * rows({from: 0, count: 50}) first returns 50 rows, the time until the final index progress event,
 * the index's memory, and this process's peak RSS. Runs in its own process (`--trawl-only FILE`) so
 * nothing else in the process inflates the RSS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexProgress } from '../../core/api';
import { TrawlError } from '../../core/errors';
import { createEngine } from '../../workers/engine';
import { BYTES_PER_PACKET } from '../../workers/packet-index';
import { peakRssBytes } from '../harness/peak-rss';

export const FIRST_ROWS = 50;
/** How often rows() is retried while the first page is not indexed yet, if no progress event comes first. */
const POLL_MS = 2;

export interface TrawlOpenResult {
  file: string;
  packets: number;
  firstRowsMs: number;
  indexMs: number;
  /** The engine's own elapsedMs in the final progress event. */
  engineElapsedMs: number;
  /** Bytes the index's typed arrays hold, growth slack included. */
  indexCapacityBytes: number;
  /** Bytes the indexed packets fill (packets × bytes per packet). */
  indexUsedBytes: number;
  peakRssBytes: number;
}

export class BenchRunError extends TrawlError {
  override name = 'BenchRunError';
  constructor(message: string) {
    super('bench-failed', message);
  }
}

export async function measureTrawlOpen(file: string): Promise<TrawlOpenResult> {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-engine-'));
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir });
  try {
    let final: { progress: IndexProgress; at: number } | undefined;
    let wake: (() => void) | undefined;
    const sub = engine.onIndexProgress((p) => {
      if (p.done && !final) final = { progress: p, at: performance.now() };
      wake?.();
    });
    const nextProgressOrPoll = () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });

    const start = performance.now();
    const info = await engine.openFile({ path: file });
    let firstRowsAt: number | undefined;
    while (firstRowsAt === undefined) {
      const page = await engine.rows({ sessionId: info.sessionId, from: 0, count: FIRST_ROWS });
      if (page.numbers.length === FIRST_ROWS) firstRowsAt = performance.now();
      else if (final) throw new BenchRunError(`${file} holds only ${page.numbers.length} packets; the benchmark needs at least ${FIRST_ROWS}`);
      else await nextProgressOrPoll();
    }
    const last = await engine.whenIndexed(info.sessionId);
    sub.dispose();
    if (!final) throw new BenchRunError('indexing ended without a final progress event');
    if (last.problem) throw new BenchRunError(`indexing stopped early: ${last.problem.reason} (record ${last.problem.record})`);
    const mem = engine.indexMemory(info.sessionId);
    return {
      file,
      packets: final.progress.packets,
      firstRowsMs: firstRowsAt - start,
      indexMs: final.at - start,
      engineElapsedMs: final.progress.elapsedMs,
      indexCapacityBytes: mem.capacityBytes,
      indexUsedBytes: mem.packets * BYTES_PER_PACKET,
      peakRssBytes: peakRssBytes(),
    };
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
