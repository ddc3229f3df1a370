/**
 * A throughput probe for the benchmark harness (never run from unit tests: timings are noisy).
 * Runs the compiled filter over `packets` round-robin for about `seconds` and reports packets/s.
 */
import { compileJit } from './jit';
import type { RawInsn } from './opcodes';

export interface JitRate {
  /** Filter calls per second of wall time. */
  packetsPerSecond: number;
  /** Filter calls made. */
  calls: number;
  /** Calls that accepted (returned non-zero). */
  accepted: number;
  seconds: number;
}

type Clock = () => number;
const perf = (globalThis as { performance?: { now(): number } }).performance;
const defaultClock: Clock = perf ? () => perf.now() : () => Date.now();

/** `packets[i]` is run with its own length as the wire length. Throws BpfValidationError on a bad program. */
export function measureJitRate(
  prog: readonly RawInsn[],
  packets: readonly Uint8Array[],
  seconds: number,
  clock: Clock = defaultClock,
): JitRate {
  if (packets.length === 0) throw new RangeError('measureJitRate needs at least one packet to filter');
  const filter = compileJit(prog);
  const batch = 4096;
  const start = clock();
  const end = start + seconds * 1000;
  let calls = 0;
  let accepted = 0;
  let i = 0;
  let now = start;
  do {
    for (let j = 0; j < batch; j++) {
      const p = packets[i];
      if (filter(p, p.length) !== 0) accepted++;
      if (++i === packets.length) i = 0;
    }
    calls += batch;
    now = clock();
  } while (now < end);
  const elapsed = (now - start) / 1000;
  return { packetsPerSecond: calls / elapsed, calls, accepted, seconds: elapsed };
}
