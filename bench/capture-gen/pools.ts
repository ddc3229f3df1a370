/**
 * Payload pools: one block of English-like text and one of random bytes, made once from the seed.
 * Flows take slices at random offsets, which keeps generation fast (no per-byte randomness) and
 * deterministic.
 */
import type { Rng } from './prng';

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there been one all we their has would when what if will more no out so said can ' +
  'packet capture network filter stream session index frame header payload request response server client'
).split(' ');

export const POOL_BYTES = 1 << 20;

export interface Pools {
  text(n: number): Uint8Array;
  noise(n: number): Uint8Array;
}

export function makePools(rng: Rng): Pools {
  const text = new Uint8Array(POOL_BYTES);
  for (let at = 0, col = 0; at < POOL_BYTES; ) {
    const w = rng.pick(WORDS);
    for (let i = 0; i < w.length && at < POOL_BYTES; i++) text[at++] = w.charCodeAt(i);
    col += w.length + 1;
    if (at < POOL_BYTES) text[at++] = col > 72 ? 0x0a : 0x20;
    if (col > 72) col = 0;
  }
  const noise = rng.bytes(POOL_BYTES);
  const slice = (pool: Uint8Array) => (n: number): Uint8Array => {
    if (n > POOL_BYTES) throw new RangeError(`A payload of ${n} bytes is larger than the ${POOL_BYTES}-byte pool`);
    const at = rng.int(0, POOL_BYTES - n);
    return pool.subarray(at, at + n);
  };
  return { text: slice(text), noise: slice(noise) };
}
