/**
 * Child mode of the "filter" benchmark (`--trawl-filter FILE`): opens FILE in a fresh engine, waits for
 * the index, then applies each benchmark filter as a display filter (read + JIT in all workers) and
 * times it; then measures the raw JIT rate on packets already in memory. Prints one JSON line.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FilterProgress } from '../../core/api';
import { compileJit } from '../../core/bpf/jit';
import { compileFilter } from '../../core/filter/compile';
import { createCaptureParser } from '../../core/pcap/capture-parser';
import { createEngine } from '../../workers/engine';
import { BenchRunError } from '../open/trawl-open';
import { BENCH_FILTERS, JIT_RATE_FILTER } from './filters';

export interface TrawlFilterResult {
  packets: number;
  indexMs: number;
  filters: { expr: string; ms: number; matched: number }[];
  jit: { expr: string; packets: number; seconds: number; packetsPerSecond: number; matched: number };
}

/** Bytes of the capture's start read into memory for the raw JIT rate. */
const JIT_SAMPLE_BYTES = 128 * 1024 * 1024;
const JIT_SECONDS = 3;

async function loadSample(file: string): Promise<{ data: Uint8Array[]; wire: number[] }> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(JIT_SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const bytes = buf.subarray(0, bytesRead);
    const data: Uint8Array[] = [];
    const wire: number[] = [];
    const parser = createCaptureParser({
      interface: () => {},
      packet: (_r, off, caplen, origlen) => {
        data.push(bytes.subarray(off, off + caplen));
        wire.push(origlen);
      },
    });
    parser.push(bytes);
    return { data, wire };
  } finally {
    await fh.close();
  }
}

export function measureJitRate(expr: string, data: readonly Uint8Array[], wire: readonly number[], seconds: number): TrawlFilterResult['jit'] {
  const run = compileJit(compileFilter(expr, { linkType: 1 }));
  let packets = 0;
  let matched = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < data.length; i++) if (run(data[i], wire[i]) !== 0) matched++;
    packets += data.length;
  }
  const s = (performance.now() - start) / 1000;
  return { expr, packets, seconds: s, packetsPerSecond: packets / s, matched };
}

export async function measureTrawlFilter(file: string): Promise<TrawlFilterResult> {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-filter-'));
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir });
  try {
    const t0 = performance.now();
    const info = await engine.openFile({ path: file });
    const indexed = await engine.whenIndexed(info.sessionId);
    const indexMs = performance.now() - t0;
    if (indexed.problem) throw new BenchRunError(`indexing stopped early: ${indexed.problem.reason}`);
    const filters: TrawlFilterResult['filters'] = [];
    for (const { expr } of BENCH_FILTERS) {
      const done = new Promise<FilterProgress>((resolve) => {
        const sub = engine.onFilterProgress((p) => {
          if (p.sessionId === info.sessionId && p.expression === expr && p.done) {
            sub.dispose();
            resolve(p);
          }
        });
      });
      const start = performance.now();
      const first = await engine.applyFilter({ sessionId: info.sessionId, expression: expr });
      const final = first.done ? first : await done;
      filters.push({ expr, ms: performance.now() - start, matched: final.matched });
      await engine.dropView({ sessionId: info.sessionId, view: final.view });
    }
    const sample = await loadSample(file);
    const jit = measureJitRate(JIT_RATE_FILTER, sample.data, sample.wire, JIT_SECONDS);
    return { packets: indexed.packets, indexMs, filters, jit };
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
