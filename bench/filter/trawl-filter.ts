/**
 * Child mode of the "filter" benchmark (`--trawl-filter FILE`): opens FILE in a fresh engine, waits for
 * the index, then applies each benchmark filter as a display filter (read + JIT in all workers) and
 * times it; then measures the raw JIT rate on packets already in memory. Prints one JSON line.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FilterProgress } from '../../core/api';
import { compileJitAt } from '../../core/bpf/jit';
import { compileFilter } from '../../core/filter/compile';
import { createCaptureParser } from '../../core/pcap/capture-parser';
import { createEngine } from '../../workers/engine';
import { BenchRunError } from '../open/trawl-open';
import { BENCH_FILTERS, JIT_RATE_FILTER } from './filters';

export interface JitRate {
  expr: string;
  sampleBytes: number;
  packets: number;
  seconds: number;
  packetsPerSecond: number;
  matched: number;
}

export interface TrawlFilterResult {
  packets: number;
  indexMs: number;
  filters: { expr: string; ms: number; matched: number }[];
  jit: JitRate;
  jitMemory: JitRate;
}

/**
 * Bytes of the capture's start read into memory for the raw JIT rate: a small sample that stays in the
 * CPU's caches (the JIT's own speed) and a large one that does not (the speed over memory).
 */
const JIT_SAMPLE_BYTES = { cached: 8 * 1024 * 1024, memory: 256 * 1024 * 1024 } as const;
const JIT_SECONDS = 3;

interface Sample {
  bytes: Uint8Array;
  offsets: Uint32Array;
  caplens: Uint32Array;
  wire: Uint32Array;
}

async function loadSample(file: string, size: number): Promise<Sample> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(size);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const bytes = buf.subarray(0, bytesRead);
    const offsets: number[] = [];
    const caplens: number[] = [];
    const wire: number[] = [];
    const parser = createCaptureParser({
      interface: () => {},
      packet: (_r, off, caplen, origlen) => {
        offsets.push(off);
        caplens.push(caplen);
        wire.push(origlen);
      },
    });
    parser.push(bytes);
    return { bytes, offsets: Uint32Array.from(offsets), caplens: Uint32Array.from(caplens), wire: Uint32Array.from(wire) };
  } finally {
    await fh.close();
  }
}

/** Packets per second of the JIT (the same entry point the filter workers use) over packets in memory. */
export function measureJitRate(expr: string, sample: Sample, seconds: number): JitRate {
  const run = compileJitAt(compileFilter(expr, { linkType: 1 }));
  const { bytes, offsets, caplens, wire } = sample;
  let packets = 0;
  let matched = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < offsets.length; i++) if (run(bytes, offsets[i], caplens[i], wire[i]) !== 0) matched++;
    packets += offsets.length;
  }
  const s = (performance.now() - start) / 1000;
  return { expr, sampleBytes: bytes.length, packets, seconds: s, packetsPerSecond: packets / s, matched };
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
      // The filter bar checks the expression as it is typed (which also starts the filter workers).
      await engine.checkFilter({ sessionId: info.sessionId, expression: expr });
      const start = performance.now();
      const first = await engine.applyFilter({ sessionId: info.sessionId, expression: expr });
      const final = first.done ? first : await done;
      filters.push({ expr, ms: performance.now() - start, matched: final.matched });
      await engine.dropView({ sessionId: info.sessionId, view: final.view });
    }
    const jit = measureJitRate(JIT_RATE_FILTER, await loadSample(file, JIT_SAMPLE_BYTES.cached), JIT_SECONDS);
    const jitMemory = measureJitRate(JIT_RATE_FILTER, await loadSample(file, JIT_SAMPLE_BYTES.memory), JIT_SECONDS);
    return { packets: indexed.packets, indexMs, filters, jit, jitMemory };
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
