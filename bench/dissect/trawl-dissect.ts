/**
 * Child mode of the "dissect" benchmark (`--trawl-dissect FILE [MAX_WORKERS]`): for each dissect-worker
 * count from 1 to MAX_WORKERS, opens FILE in a fresh engine with that many workers, waits for the index,
 * then times the summary of every packet through rows() of the whole ALL_VIEW (the packet list's own path:
 * the dissect workers, the summary code, the engine's summary cache). With the most workers it then times
 * the display filter of the issue from applyFilter to the complete view. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FilterProgress, SessionId, TrawlApi } from '../../core/api';
import { TrawlError } from '../../core/errors';
import { createEngine, type Engine } from '../../workers/engine';
import { BenchRunError } from '../open/trawl-open';

/** The display filter of issue 5. */
export const DISPLAY_FILTER = 'tcp.port == 443 && tcp.len > 0';
/** Rows per rows() call: large ranges, as a scroll through the whole list would ask for them in the end. */
export const PAGE_ROWS = 32768;
/** rows() calls in flight at once, so the main thread reads the next page while the workers dissect one. */
export const PAGES_IN_FLIGHT = 2;
/** Rows summarised before the timing starts (workers started, code warm), from the end of the capture. */
const WARM_ROWS = 4096;

/** What one pass over every row saw: rows per Protocol column value (the same for every worker count). */
export type ProtocolCounts = Record<string, number>;

export interface DissectRun {
  workers: number;
  /** Wall time of the pass over every row. */
  ms: number;
  /** CPU time of this whole process (main thread and every worker thread) during the pass. */
  cpuMs: number;
  /** CPU time of the engine's main thread alone during the pass (null where /proc cannot say). */
  mainCpuMs: number | null;
  rows: number;
  malformed: number;
  protocols: ProtocolCounts;
}

export type DisplayFilterRun =
  /** `cpuMs`: CPU time of this whole process (main thread and every worker thread) from applyFilter to the end. */
  | { expr: string; ok: true; ms: number; cpuMs: number; matched: number; language: string; runsAs: string }
  /** applyFilter does not take this filter (yet): its error, said plainly, never a number. */
  | { expr: string; ok: false; error: string };

export interface TrawlDissectResult {
  packets: number;
  indexMs: number;
  runs: DissectRun[];
  filter: DisplayFilterRun;
}

/**
 * Summarises rows [0, total) of a view through rows(), `pageRows` at a time with `inFlight` calls
 * outstanding, and tallies what came back (so the work cannot be skipped unnoticed).
 */
export async function summarizeAllRows(
  api: Pick<TrawlApi, 'rows'>,
  sessionId: SessionId,
  total: number,
  pageRows = PAGE_ROWS,
  inFlight = PAGES_IN_FLIGHT,
): Promise<{ rows: number; malformed: number; protocols: ProtocolCounts }> {
  const protocols: ProtocolCounts = {};
  let rows = 0;
  let malformed = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const from = next;
      next += pageRows;
      const page = await api.rows({ sessionId, from, count: pageRows });
      const expected = Math.min(pageRows, total - from);
      if (page.numbers.length !== expected) throw new BenchRunError(`rows(${from}, ${pageRows}) returned ${page.numbers.length} rows, not ${expected}`);
      for (let r = 0; r < page.numbers.length; r++) {
        const p = page.text[r * 4 + 2];
        protocols[p] = (protocols[p] ?? 0) + 1;
        malformed += page.malformed[r];
      }
      rows += page.numbers.length;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, inFlight) }, worker));
  return { rows, malformed, protocols };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux Trawl runs on). */
const USER_HZ = 100;

/** User + system CPU milliseconds of a /proc/…/stat line (fields 14 and 15, counted after the command's ')'). */
export function statCpuMs(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / USER_HZ : null;
}

/** CPU time of this process's main thread so far, or null off Linux (no /proc). */
function mainThreadCpuMs(): number | null {
  try {
    return statCpuMs(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
  } catch (e) {
    // No /proc (not Linux): the report leaves the main thread's share out.
    void e;
    return null;
  }
}

async function withEngine<T>(workers: number, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-dissect-'));
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir, workers });
  try {
    return await fn(engine);
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

async function openIndexed(engine: Engine, file: string): Promise<{ sessionId: SessionId; packets: number; ms: number }> {
  const t0 = performance.now();
  const info = await engine.openFile({ path: file });
  const indexed = await engine.whenIndexed(info.sessionId);
  if (indexed.problem) throw new BenchRunError(`indexing stopped early: ${indexed.problem.reason} (record ${indexed.problem.record})`);
  return { sessionId: info.sessionId, packets: indexed.packets, ms: performance.now() - t0 };
}

/** Longest wait for the flow pass before the timing starts. */
const FLOW_PASS_WAIT_MS = 300_000;

/**
 * Waits for the engine's flow pass (issue 6: it starts when indexing ends and runs on the same cores), so
 * the summary pass is measured alone, as tshark's single pass is.
 */
export async function flowPassDone(engine: Pick<TrawlApi, 'flowStatus'>, sessionId: SessionId, pollMs = 20): Promise<void> {
  const until = performance.now() + FLOW_PASS_WAIT_MS;
  for (;;) {
    const p = await engine.flowStatus({ sessionId });
    if (p.done || p.cancelled) return;
    if (performance.now() > until) throw new BenchRunError(`the flow pass had not ended after ${FLOW_PASS_WAIT_MS / 1000} s (${p.scanned} of ${p.total} packets)`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Times `expr` from applyFilter to the last progress event (as bench/filter does), or says why it cannot run. */
export async function measureDisplayFilter(engine: TrawlApi, sessionId: SessionId, expr: string): Promise<DisplayFilterRun> {
  const check = await engine.checkFilter({ sessionId, expression: expr });
  if (!check.ok) return { expr, ok: false, error: `checkFilter rejects it: ${check.error.message}` };
  if (check.language !== 'display') return { expr, ok: false, error: `checkFilter reads it as ${check.language ?? 'an unknown language'}, not as a display filter` };
  const done = new Promise<FilterProgress>((resolve) => {
    const sub = engine.onFilterProgress((p) => {
      if (p.sessionId === sessionId && p.expression === expr && p.done) {
        sub.dispose();
        resolve(p);
      }
    });
  });
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let first: FilterProgress;
  try {
    first = await engine.applyFilter({ sessionId, expression: expr });
  } catch (e) {
    // Until the filter workers take display filters, applyFilter refuses them: that is the result to report.
    if (e instanceof TrawlError) return { expr, ok: false, error: `applyFilter rejects it (${e.code}): ${e.message}` };
    throw e;
  }
  const final = first.done ? first : await done;
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  await engine.dropView({ sessionId, view: final.view });
  return { expr, ok: true, ms, cpuMs: (cpu.user + cpu.system) / 1000, matched: final.matched, language: check.language, runsAs: check.runsAs ?? 'unknown' };
}

export async function measureTrawlDissect(file: string, maxWorkers: number): Promise<TrawlDissectResult> {
  const runs: DissectRun[] = [];
  let packets = 0;
  let indexMs = 0;
  let filter: DisplayFilterRun | undefined;
  for (let workers = 1; workers <= maxWorkers; workers++) {
    await withEngine(workers, async (engine) => {
      const opened = await openIndexed(engine, file);
      packets = opened.packets;
      indexMs = opened.ms;
      await flowPassDone(engine, opened.sessionId);
      // And the reassembly after it (IP fragments, TCP desegmentation of HTTP/TLS), which also runs in the
      // background: the summary is timed alone, as tshark's single pass is.
      await engine.whenFlowsReady(opened.sessionId);
      await engine.rows({ sessionId: opened.sessionId, from: Math.max(0, packets - WARM_ROWS), count: WARM_ROWS });
      const cpu0 = process.cpuUsage();
      const main0 = mainThreadCpuMs();
      const t0 = performance.now();
      const seen = await summarizeAllRows(engine, opened.sessionId, packets);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const main1 = mainThreadCpuMs();
      const mainCpuMs = main0 === null || main1 === null ? null : main1 - main0;
      runs.push({ workers, ms, cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs, ...seen });
      if (workers === maxWorkers) filter = await measureDisplayFilter(engine, opened.sessionId, DISPLAY_FILTER);
    });
  }
  if (!filter) throw new BenchRunError(`no display-filter run (max workers ${maxWorkers})`);
  return { packets, indexMs, runs, filter };
}
