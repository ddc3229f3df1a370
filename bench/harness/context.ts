/** What main.ts hands every benchmark: the capture to work on and how to start a fresh copy of this program. */
export interface BenchCapture {
  path: string;
  packets: number;
  bytes: number;
  seed: number;
}

export interface BenchContext {
  capture: BenchCapture;
  /** argv that re-runs this program (node + loader flags + script), for measurements in a fresh process. */
  self: readonly string[];
}

export function selfCommand(): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1]];
}
