/**
 * Benchmark "filter": capture filters over the benchmark capture. Trawl applies each as a display
 * filter (read + JIT, all workers, on an indexed file) against `tcpdump -r FILE -w /dev/null EXPR`;
 * the match counts must agree. Also the raw JIT rate on packets already in memory.
 * Targets (BPF issue): end-to-end within 1.5× of tcpdump; ≥ 20 M packets/s for the JIT on a port filter.
 */
import { spawn } from 'node:child_process';
import type { BenchContext } from '../harness/context';
import { runTimed, ToolRunError } from '../harness/run-timed';
import { target, type BenchReport, type Measurement, type Target } from '../harness/types';
import { BenchRunError } from '../open/trawl-open';
import { BENCH_FILTERS } from './filters';
import type { TrawlFilterResult } from './trawl-filter';

export const TARGETS = { vsTcpdump: 1.5, jitPacketsPerSecond: 20e6 } as const;

async function child(self: readonly string[], file: string): Promise<TrawlFilterResult> {
  const [cmd, ...args] = self;
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const c = spawn(cmd, [...args, '--trawl-filter', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    c.stderr.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-4000)));
    c.on('error', reject);
    c.on('close', (n) => resolve({ code: n, stdout: out, stderr: err }));
  });
  if (code !== 0) throw new ToolRunError(`${self.join(' ')} --trawl-filter ${file}`, code, stderr.trim());
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as TrawlFilterResult;
}

/** tcpdump's count of kept packets (`--count` prints "N packets captured"). */
async function tcpdumpCount(file: string, expr: string): Promise<number> {
  const r = await runTimed('tcpdump', ['-r', file, '--count', expr], { discardStdout: false });
  const m = /^(\d+) packets?$/m.exec(r.stdout);
  if (!m) throw new BenchRunError(`tcpdump --count printed no count for ${expr}`);
  return Number(m[1]);
}

export async function filterBench(ctx: BenchContext): Promise<BenchReport> {
  const { capture } = ctx;
  const trawl = await child(ctx.self, capture.path);
  const measurements: Measurement[] = [{ name: 'trawl: open and index (once, before filtering)', wallMs: trawl.indexMs, peakRssBytes: null }];
  const targets: Target[] = [];
  const facts: BenchReport['facts'] = [];
  const warnings: string[] = [];
  for (const { expr } of BENCH_FILTERS) {
    const ours = trawl.filters.find((f) => f.expr === expr);
    if (!ours) throw new BenchRunError(`no Trawl result for ${expr}`);
    const td = await runTimed('tcpdump', ['-r', capture.path, '-w', '/dev/null', expr], { discardStdout: true });
    if (td.rssMissing) warnings.push(td.rssMissing);
    const expected = await tcpdumpCount(capture.path, expr);
    if (expected !== ours.matched) warnings.push(`${expr}: Trawl kept ${ours.matched} packets, tcpdump ${expected}`);
    measurements.push({ name: `trawl: ${expr}`, wallMs: ours.ms, peakRssBytes: null, note: `${ours.matched} kept` });
    measurements.push({ name: `tcpdump -w /dev/null ${expr}`, wallMs: td.wallMs, peakRssBytes: td.peakRssBytes, note: `${expected} kept` });
    targets.push(target(`${expr}: within ${TARGETS.vsTcpdump}× of tcpdump`, ours.ms / td.wallMs, '<=', TARGETS.vsTcpdump, '×'));
  }
  const mib = (n: number): string => `${Math.round(n / 2 ** 20)} MiB`;
  for (const j of [trawl.jit, trawl.jitMemory]) {
    facts.push({ name: `raw JIT, ${j.expr}, one core, packets from a ${mib(j.sampleBytes)} buffer`, value: j.packetsPerSecond / 1e6, unit: 'M packets/s' });
  }
  targets.push(target(`raw JIT ${trawl.jit.expr} ≥ 20 M packets/s (${mib(trawl.jit.sampleBytes)} in cache)`, trawl.jit.packetsPerSecond / 1e6, '>=', TARGETS.jitPacketsPerSecond / 1e6, 'M packets/s'));
  return {
    id: 'filter',
    title: 'Capture filters over a file',
    subject:
      `${capture.packets.toLocaleString('en-US')} packets (seed ${capture.seed}), indexed once; each filter checked (as the filter bar does ` +
      'while it is typed, which starts the filter workers), then timed from applyFilter to the last progress event',
    measurements,
    facts,
    targets,
    warnings,
  };
}
