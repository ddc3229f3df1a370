/** What every benchmark returns, so one report prints them all side by side (see report.ts). */

/** One program (or one phase of one) timed on the benchmark's input. */
export interface Measurement {
  name: string;
  wallMs: number;
  /** Peak resident set size of the process that did the work; null when it could not be measured. */
  peakRssBytes: number | null;
  note?: string;
}

/** A derived number worth printing (bytes per packet, a ratio). */
export interface Fact {
  name: string;
  value: number;
  unit: string;
}

/** A goal from an issue: `actual` compared with `limit` by `op`. */
export interface Target {
  name: string;
  actual: number;
  op: '<' | '<=' | '>=';
  limit: number;
  unit: string;
  pass: boolean;
}

export interface BenchReport {
  id: string;
  title: string;
  /** What was measured on: the input, its size. */
  subject: string;
  measurements: Measurement[];
  facts: Fact[];
  targets: Target[];
  /** Things that could not be measured, said plainly. */
  warnings: string[];
}

export function target(name: string, actual: number, op: Target['op'], limit: number, unit: string): Target {
  return { name, actual, op, limit, unit, pass: op === '<' ? actual < limit : op === '<=' ? actual <= limit : actual >= limit };
}
