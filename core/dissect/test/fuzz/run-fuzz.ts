/**
 * The fuzz loop: every case goes through all three entry points (summary, tree, field collection), which
 * must return without an escaping exception; each case is timed, and the slowest are kept so a run can
 * say how long the worst packet took.
 */
import { collectFields, dissectTree, summarize } from '../../index';
import { mutations, type FuzzCase } from './mutate';
import { metaFor, type SeedPacket } from './seeds';

export interface Escape {
  source: string;
  kind: FuzzCase['kind'];
  bytesHex: string;
  origlen: number;
  error: string;
}

export interface SlowCase {
  source: string;
  kind: FuzzCase['kind'];
  ms: number;
  length: number;
}

export interface FuzzReport {
  cases: number;
  escapes: Escape[];
  /** The slowest cases, slowest first (each re-timed: the best of three runs, so a GC pause does not count). */
  slowest: SlowCase[];
  byKind: Record<FuzzCase['kind'], number>;
}

export interface FuzzOptions {
  seeds: readonly SeedPacket[];
  /** Random mutations per seed (truncations at every length come on top). */
  randomPerSeed: number;
  rngSeed: number;
  /** How many slow cases to keep. */
  keepSlowest?: number;
  /** Called every 10,000 cases. */
  progress?: (cases: number) => void;
}

function runOnce(seed: SeedPacket, c: FuzzCase): void {
  const meta = metaFor(1, seed.linkType, c.bytes.length, Math.max(c.origlen, c.bytes.length));
  summarize(seed.linkType, c.bytes, meta.origlen);
  dissectTree(c.bytes, meta);
  collectFields(c.bytes, meta);
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function runFuzz(opts: FuzzOptions): FuzzReport {
  const keep = opts.keepSlowest ?? 10;
  const report: FuzzReport = { cases: 0, escapes: [], slowest: [], byKind: { truncate: 0, bitflip: 0, 'length-field': 0, 'random-bytes': 0 } };
  let floor = 0;
  opts.seeds.forEach((seed, i) => {
    for (const c of mutations(seed, opts.randomPerSeed, (opts.rngSeed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0)) {
      report.cases++;
      report.byKind[c.kind]++;
      if (opts.progress && report.cases % 10000 === 0) opts.progress(report.cases);
      const t0 = performance.now();
      try {
        runOnce(seed, c);
      } catch (e) {
        report.escapes.push({ source: seed.source, kind: c.kind, bytesHex: hex(c.bytes), origlen: c.origlen, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        continue;
      }
      const ms = performance.now() - t0;
      if (ms > floor || report.slowest.length < keep) {
        const best = Math.min(ms, retime(seed, c), retime(seed, c));
        report.slowest.push({ source: seed.source, kind: c.kind, ms: best, length: c.bytes.length });
        report.slowest.sort((a, b) => b.ms - a.ms);
        report.slowest.length = Math.min(report.slowest.length, keep);
        floor = report.slowest.length === keep ? report.slowest[keep - 1].ms : 0;
      }
    }
  });
  return report;
}

function retime(seed: SeedPacket, c: FuzzCase): number {
  const t0 = performance.now();
  runOnce(seed, c);
  return performance.now() - t0;
}
