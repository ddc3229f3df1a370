/**
 * A hash table of endpoint pairs: each header of a FlowRecords batch (eth, IP, TCP, UDP) names one entry,
 * the same whichever side sent it (the pair in flow-key.ts's order: address bytes, then port). Entries are
 * numbered 0, 1, 2 … in order of creation, so callers keep their values in plain arrays by entry. Keys
 * are packed into 32-bit words of one typed array and found by open addressing: no string and no object
 * per packet (the sequential stage of the flow pass looks up every header of every packet here).
 */
import type { FlowRecords } from './flow-record';

/** Words of the longest key: length word, two 16-byte addresses, the ports. */
const MAX_KEY_WORDS = 1 + 4 + 4 + 1;

export class PairTable {
  /** Key words of every entry, back to back; entry e's start at keyStart[e], its length at keyStart[e + 1]. */
  private words = new Uint32Array(4096);
  private keyStart = new Uint32Array(1025);
  private entries = 0;
  /** Entry + 1 per slot (0 = empty); the length is a power of two, at most half full. */
  private slots = new Int32Array(2048);
  private readonly key = new Uint32Array(MAX_KEY_WORDS);
  /** Set by `entryOf`: whether it created the entry, and whether the header's source is the pair's first endpoint. */
  created = false;
  srcFirst = false;

  constructor(private readonly withPorts: boolean) {}

  get size(): number {
    return this.entries;
  }

  /** The entry of header `h`'s endpoint pair, created if new (see `created`, `srcFirst`). */
  entryOf(r: FlowRecords, h: number): number {
    const n = this.keyOf(r, h);
    const mask = this.slots.length - 1;
    for (let s = hashWords(this.key, 0, n) & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s] - 1;
      if (e < 0) {
        this.created = true;
        return this.insert(s, n);
      }
      if (this.equals(e, n)) {
        this.created = false;
        return e;
      }
    }
  }

  /** Packs the header's key into `this.key` (first endpoint first); returns its length in words. */
  private keyOf(r: FlowRecords, h: number): number {
    const at = r.addr[h];
    const len = r.addrLen[h];
    const b = r.addrBytes;
    let c = 0;
    for (let i = 0; i < len && c === 0; i++) c = b[at + i] - b[at + len + i];
    const sp = r.srcPort[h];
    const dp = r.dstPort[h];
    const srcFirst = c !== 0 ? c < 0 : sp <= dp;
    this.srcFirst = srcFirst;
    const key = this.key;
    key[0] = len;
    const first = srcFirst ? at : at + len;
    const second = srcFirst ? at + len : at;
    let n = 1;
    if (len === 4) {
      // IPv4, the common case: one word each.
      key[1] = (b[first] << 24) | (b[first + 1] << 16) | (b[first + 2] << 8) | b[first + 3];
      key[2] = (b[second] << 24) | (b[second + 1] << 16) | (b[second + 2] << 8) | b[second + 3];
      n = 3;
    } else {
      n = packAddress(b, first, len, key, n);
      n = packAddress(b, second, len, key, n);
    }
    if (this.withPorts) key[n++] = srcFirst ? ((sp << 16) | dp) >>> 0 : ((dp << 16) | sp) >>> 0;
    return n;
  }

  private equals(e: number, n: number): boolean {
    const from = this.keyStart[e];
    if (this.keyStart[e + 1] - from !== n) return false;
    const words = this.words;
    const key = this.key;
    for (let i = 0; i < n; i++) if (words[from + i] !== key[i]) return false;
    return true;
  }

  private insert(slot: number, n: number): number {
    const e = this.entries++;
    if (this.entries + 1 > this.keyStart.length) this.keyStart = grown(this.keyStart, this.keyStart.length * 2);
    const from = this.keyStart[e];
    if (from + n > this.words.length) this.words = grown(this.words, Math.max(this.words.length * 2, from + n));
    this.words.set(this.key.subarray(0, n), from);
    this.keyStart[e + 1] = from + n;
    this.slots[slot] = e + 1;
    if (this.entries * 2 > this.slots.length) this.rehash();
    return e;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.entries; e++) {
      const from = this.keyStart[e];
      let s = hashWords(this.words, from, this.keyStart[e + 1] - from) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = e + 1;
    }
    this.slots = slots;
  }
}

/** A 32-bit hash of words [from, from + n) (murmur3-style mixing). */
function hashWords(words: Uint32Array, from: number, n: number): number {
  let x = n;
  for (let i = 0; i < n; i++) {
    x = Math.imul(x ^ words[from + i], 0x85ebca6b);
    x ^= x >>> 13;
  }
  x = Math.imul(x ^ (x >>> 16), 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** Address bytes [at, at + len) as big-endian words (the last one zero-padded) into key from index n. */
function packAddress(b: Uint8Array, at: number, len: number, key: Uint32Array, n: number): number {
  let i = 0;
  for (; i + 4 <= len; i += 4) key[n++] = (b[at + i] << 24) | (b[at + i + 1] << 16) | (b[at + i + 2] << 8) | b[at + i + 3];
  if (i < len) {
    let w = 0;
    for (let j = 0; j < 4; j++) w = (w << 8) | (i + j < len ? b[at + i + j] : 0);
    key[n++] = w;
  }
  return n;
}

function grown(a: Uint32Array, cap: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(cap);
  b.set(a);
  return b;
}
