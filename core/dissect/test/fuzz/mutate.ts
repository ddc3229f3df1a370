/**
 * The fuzzer's mutations of one seed packet, each a pure function of (seed packet, case number) so any
 * failing case replays exactly: bit flips, truncation at every length, random values in length fields,
 * and random bytes spliced in.
 */
import { Prng } from './prng';
import type { SeedPacket } from './seeds';

export type MutationKind = 'truncate' | 'bitflip' | 'length-field' | 'random-bytes';

export interface FuzzCase {
  kind: MutationKind;
  bytes: Uint8Array;
  /** Original length the case claims (truncation keeps the seed's, as a snapshot length would). */
  origlen: number;
}

/** Up to this length a packet is cut at every length; a longer one (a 64 kB TSO segment) at a sample beyond. */
const EVERY_LENGTH_UP_TO = 512;
const SAMPLED_CUTS = 64;

/** The lengths a seed is cut at: every length up to EVERY_LENGTH_UP_TO, then an even sample. */
export function truncationLengths(length: number): number[] {
  const out: number[] = [];
  for (let len = 0; len < Math.min(length, EVERY_LENGTH_UP_TO); len++) out.push(len);
  const rest = length - EVERY_LENGTH_UP_TO;
  if (rest > 0) for (let k = 0; k < SAMPLED_CUTS; k++) out.push(EVERY_LENGTH_UP_TO + Math.floor((rest * k) / SAMPLED_CUTS));
  return out;
}

/** Truncation at every length first (deterministic), then random mutations. */
export function* mutations(seed: SeedPacket, randomCases: number, rngSeed: number): Generator<FuzzCase> {
  for (const len of truncationLengths(seed.bytes.length)) {
    yield { kind: 'truncate', bytes: seed.bytes.subarray(0, len), origlen: seed.origlen };
    // The same cut as a malformed packet (the wire length says it ended there).
    yield { kind: 'truncate', bytes: seed.bytes.subarray(0, len), origlen: len };
  }
  const rng = new Prng(rngSeed);
  for (let i = 0; i < randomCases; i++) {
    const pick = rng.below(10);
    if (pick < 4) yield bitflip(seed, rng);
    else if (pick < 8 && seed.lengthFields.length > 0) yield lengthField(seed, rng);
    else yield randomBytes(seed, rng);
  }
}

function bitflip(seed: SeedPacket, rng: Prng): FuzzCase {
  const b = seed.bytes.slice();
  const flips = 1 + rng.below(8);
  for (let i = 0; i < flips && b.length > 0; i++) b[rng.below(b.length)] ^= 1 << rng.below(8);
  return { kind: 'bitflip', bytes: b, origlen: seed.origlen };
}

/** Interesting values for a length: 0, 1, small, around the packet length, all ones, random. */
function lengthValue(rng: Prng, width: number, packetLen: number): number {
  const max = width >= 4 ? 0xffffffff : 2 ** (8 * width) - 1;
  const choices = [0, 1, 2, 3, 4, 7, 8, packetLen - 1, packetLen, packetLen + 1, max, max - 1, rng.next()];
  return (choices[rng.below(choices.length)] >>> 0) % (max + 1);
}

function lengthField(seed: SeedPacket, rng: Prng): FuzzCase {
  const b = seed.bytes.slice();
  const f = seed.lengthFields[rng.below(seed.lengthFields.length)];
  const v = lengthValue(rng, f.length, b.length);
  // Big-endian and little-endian both occur in the corpus; write one at random.
  const little = rng.below(4) === 0;
  for (let i = 0; i < f.length && f.offset + i < b.length; i++) {
    const shift = 8 * (little ? i : f.length - 1 - i);
    b[f.offset + i] = Math.floor(v / 2 ** shift) & 0xff;
  }
  return { kind: 'length-field', bytes: b, origlen: seed.origlen };
}

function randomBytes(seed: SeedPacket, rng: Prng): FuzzCase {
  const b = seed.bytes.slice();
  if (b.length === 0) return { kind: 'random-bytes', bytes: b, origlen: seed.origlen };
  const at = rng.below(b.length);
  const n = 1 + rng.below(Math.min(16, b.length - at));
  for (let i = 0; i < n; i++) b[at + i] = rng.below(256);
  return { kind: 'random-bytes', bytes: b, origlen: seed.origlen };
}
