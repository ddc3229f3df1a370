/**
 * Benchmark "dissect" (issue 5): the summary (list columns) of every packet of the benchmark capture
 * through the engine's dissect workers, with 1 … N workers (N = available cores), against
 * `tshark -r FILE > /dev/null` (which dissects every packet and prints its summary line); and the display
 * filter `tcp.port == 443 && tcp.len > 0` through applyFilter against `tshark -r FILE -Y …`, whose match
 * counts must agree. Goal: at least 10× faster than tshark for both.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCpuSeconds } from '../capture/tool-stats';
import type { BenchContext } from '../harness/context';
import { GNU_TIME, runTimed, ToolRunError, type TimedRun } from '../harness/run-timed';
import { target, type BenchReport, type Fact, type Measurement, type Target } from '../harness/types';
import { BenchRunError } from '../open/trawl-open';
import { DISPLAY_FILTER, PAGE_ROWS, PAGES_IN_FLIGHT, type TrawlDissectResult } from './trawl-dissect';

export const TARGETS = { summaryVsTshark: 10, filterVsTshark: 10 } as const;

async function child(self: readonly string[], file: string, maxWorkers: number): Promise<TrawlDissectResult> {
  const [cmd, ...args] = self;
  const argv = [...args, '--trawl-dissect', file, String(maxWorkers)];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const c = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    c.stderr.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-4000)));
    c.on('error', reject);
    c.on('close', (n) => resolve({ code: n, stdout: out, stderr: err }));
  });
  if (code !== 0) throw new ToolRunError(`${self.join(' ')} --trawl-dissect ${file} ${maxWorkers}`, code, stderr.trim());
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as TrawlDissectResult;
  } catch (e) {
    throw new BenchRunError(`the --trawl-dissect process printed no result (${e instanceof Error ? e.message : String(e)}): ${last.slice(0, 200)}`);
  }
}

/** A tool's timed run, with the user + system CPU of its process (null without GNU time). */
export interface CpuTimedRun extends TimedRun {
  cpuMs: number | null;
}

/** tshark's own timings on the file: the plain summary pass, and the display filter with its match count. */
export interface TsharkTimes {
  summary: CpuTimedRun;
  filter: CpuTimedRun;
  filterMatched: number;
}

/** Packet numbers tshark prints one per line with `-T fields -e frame.number`: how many. */
export function countLines(stdout: string): number {
  let n = 0;
  for (const line of stdout.split('\n')) if (line.trim() !== '') n++;
  return n;
}

/**
 * runTimed (wall time, peak RSS) with the tool's CPU time as well, from an inner GNU time: on a machine
 * shared with other work, CPU per packet compares the two programs where wall time also measures the load.
 */
async function runTimedWithCpu(command: string, args: readonly string[], discardStdout: boolean): Promise<CpuTimedRun> {
  if (!existsSync(GNU_TIME)) return { ...(await runTimed(command, args, { discardStdout })), cpuMs: null };
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-cpu-'));
  try {
    const cpuFile = join(dir, 'cpu.txt');
    const run = await runTimed(GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args], { discardStdout });
    const cpuS = parseCpuSeconds(await readFile(cpuFile, 'utf8'));
    if (cpuS === undefined) throw new BenchRunError(`${GNU_TIME} wrote no CPU line for ${command} in ${cpuFile}`);
    return { ...run, cpuMs: cpuS * 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runTshark(file: string): Promise<TsharkTimes> {
  const summary = await runTimedWithCpu('tshark', ['-r', file], true);
  // One run gives both the time and the count: the filter needs the same dissection whatever is printed,
  // and only the matching packets' numbers are printed.
  const filter = await runTimedWithCpu('tshark', ['-r', file, '-Y', DISPLAY_FILTER, '-T', 'fields', '-e', 'frame.number'], false);
  return { summary, filter, filterMatched: countLines(filter.stdout) };
}

const cpuNote = (cpuMs: number | null): string => (cpuMs === null ? '' : `, CPU ${(cpuMs / 1000).toFixed(1)} s`);

const rate = (packets: number, ms: number): number => packets / (ms / 1000);

/** The report from both sides' numbers (pure, so it is tested without running anything). */
export function dissectReport(packets: number, seed: number, trawl: TrawlDissectResult, tshark: TsharkTimes): BenchReport {
  const measurements: Measurement[] = [];
  const facts: Fact[] = [];
  const targets: Target[] = [];
  const warnings: string[] = [];
  for (const r of [tshark.summary, tshark.filter]) if (r.rssMissing) warnings.push(r.rssMissing);
  if (trawl.packets !== packets) throw new BenchRunError(`Trawl indexed ${trawl.packets} packets; the capture holds ${packets}`);

  measurements.push({ name: 'trawl: open and index (before each pass)', wallMs: trawl.indexMs, peakRssBytes: null });
  const one = trawl.runs[0];
  for (const r of trawl.runs) {
    if (r.rows !== packets) throw new BenchRunError(`${r.workers} worker(s): ${r.rows} rows summarised, not ${packets}`);
    if (JSON.stringify(r.protocols) !== JSON.stringify(one.protocols) || r.malformed !== one.malformed) {
      warnings.push(`${r.workers} worker(s) gave other summaries than 1 worker (Protocol column counts or malformed rows differ)`);
    }
    measurements.push({
      name: `trawl: summary of every packet, ${r.workers} dissect worker${r.workers === 1 ? '' : 's'}`,
      wallMs: r.ms,
      peakRssBytes: null,
      note: `${Math.round(rate(r.rows, r.ms) / 1000)}k packets/s, CPU ${(r.cpuMs / 1000).toFixed(1)} s`,
    });
  }
  measurements.push({ name: 'tshark -r FILE > /dev/null', wallMs: tshark.summary.wallMs, peakRssBytes: tshark.summary.peakRssBytes, note: `${Math.round(rate(packets, tshark.summary.wallMs) / 1000)}k packets/s${cpuNote(tshark.summary.cpuMs)}` });

  const best = trawl.runs[trawl.runs.length - 1];
  for (const r of trawl.runs.slice(1)) facts.push({ name: `summary scaling: ${r.workers} workers / 1 worker (ideal ${r.workers})`, value: one.ms / r.ms, unit: '×' });
  facts.push({ name: 'trawl summary CPU per packet (all threads, N workers)', value: (best.cpuMs * 1000) / packets, unit: 'µs' });
  if (best.mainCpuMs !== null) facts.push({ name: 'trawl summary CPU per packet, engine main thread (N workers)', value: (best.mainCpuMs * 1000) / packets, unit: 'µs' });
  if (tshark.summary.cpuMs !== null) {
    facts.push({ name: 'tshark -r CPU per packet', value: (tshark.summary.cpuMs * 1000) / packets, unit: 'µs' });
    facts.push({ name: 'tshark CPU / trawl CPU, summary (load-independent)', value: tshark.summary.cpuMs / best.cpuMs, unit: '×' });
  }
  const summaryRatio = tshark.summary.wallMs / best.ms;
  facts.push({ name: `tshark time / trawl time, summary (${best.workers} workers)`, value: summaryRatio, unit: '×' });
  targets.push(target(`summary of every packet, ${best.workers} workers: ≥ ${TARGETS.summaryVsTshark}× faster than tshark -r`, summaryRatio, '>=', TARGETS.summaryVsTshark, '×'));

  const f = trawl.filter;
  const tsharkFilterName = `tshark -r FILE -Y '${DISPLAY_FILTER}' -T fields -e frame.number`;
  measurements.push({ name: tsharkFilterName, wallMs: tshark.filter.wallMs, peakRssBytes: tshark.filter.peakRssBytes, note: `${tshark.filterMatched} kept${cpuNote(tshark.filter.cpuMs)}` });
  if (f.ok) {
    measurements.push({ name: `trawl: applyFilter ${DISPLAY_FILTER}`, wallMs: f.ms, peakRssBytes: null, note: `${f.matched} kept, runs as ${f.runsAs}, CPU ${(f.cpuMs / 1000).toFixed(1)} s` });
    facts.push({ name: 'trawl display filter CPU per packet (all threads)', value: (f.cpuMs * 1000) / packets, unit: 'µs' });
    if (f.matched !== tshark.filterMatched) warnings.push(`${DISPLAY_FILTER}: Trawl kept ${f.matched} packets, tshark ${tshark.filterMatched}`);
    const filterRatio = tshark.filter.wallMs / f.ms;
    facts.push({ name: 'tshark time / trawl time, display filter', value: filterRatio, unit: '×' });
    if (tshark.filter.cpuMs !== null) facts.push({ name: 'tshark -Y CPU per packet', value: (tshark.filter.cpuMs * 1000) / packets, unit: 'µs' });
    targets.push(target(`${DISPLAY_FILTER}: ≥ ${TARGETS.filterVsTshark}× faster than tshark -Y`, filterRatio, '>=', TARGETS.filterVsTshark, '×'));
  } else {
    warnings.push(`${DISPLAY_FILTER}: not measurable yet — ${f.error}`);
  }
  return {
    id: 'dissect',
    title: 'Dissect every packet (list summaries) and a display filter',
    subject:
      `${packets.toLocaleString('en-US')} packets (seed ${seed}), indexed in a fresh engine per worker count; every row summarised through ` +
      `rows() of the whole list (${PAGE_ROWS} rows a call, ${PAGES_IN_FLIGHT} in flight) by 1…${best.workers} dissect workers; ` +
      'the display filter timed from applyFilter to the last progress event',
    measurements,
    facts,
    targets,
    warnings,
  };
}

export async function dissectBench(ctx: BenchContext): Promise<BenchReport> {
  const { capture } = ctx;
  const trawl = await child(ctx.self, capture.path, availableParallelism());
  const tshark = await runTshark(capture.path);
  return dissectReport(capture.packets, capture.seed, trawl, tshark);
}
