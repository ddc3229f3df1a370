/**
 * Least-recently-used cache of list summaries by packet number: each number's slot in an array indexed by
 * number (4 bytes per packet of the capture), and the slots in a doubly linked recency list kept in typed
 * arrays, so get, set and eviction are O(1). A slot's four texts sit in one flat array and its malformed
 * flag in a byte array: no object per cached row.
 *
 * Not a Map: evicting its first key made summarising a long capture quadratic (after many deletions V8's
 * `map.keys().next()` walks every deleted entry at the front of the table: 5.5 of 9 s of the engine's main
 * thread on 200,000 rows), and a Map from number to slot with one delete and one set per row still cost
 * 0.5 µs a row (bench/dissect).
 */
export interface CachedSummary {
  source: string;
  destination: string;
  protocol: string;
  info: string;
  malformed: boolean;
}

const NONE = -1;

export class SummaryCache {
  /** Slot + 1 of each packet number (index = number); 0: not cached. Grown to the largest number cached. */
  private slotOf = new Int32Array(1024);
  private count = 0;
  private readonly keys: Float64Array;
  /** Slot s's source, destination, protocol and info at texts[4s … 4s + 3]. */
  private readonly texts: string[];
  private readonly bad: Uint8Array;
  /** Neighbours in the recency list: towards the most recent (`newer`) and the least (`older`). */
  private readonly newer: Int32Array;
  private readonly older: Int32Array;
  /** Most and least recently used slots. */
  private head = NONE;
  private tail = NONE;
  private used = 0;

  constructor(readonly capacity = 50_000) {
    const n = Math.max(1, Math.floor(capacity));
    this.keys = new Float64Array(n);
    this.texts = new Array<string>(n * 4).fill('');
    this.bad = new Uint8Array(n);
    this.newer = new Int32Array(n).fill(NONE);
    this.older = new Int32Array(n).fill(NONE);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Copies packet `number`'s row, if cached, into row `row` of a page (`text` four strings a row,
   * `malformed` one byte) and makes it the most recently used. Returns whether it was cached.
   */
  readRow(number: number, text: string[], malformed: Uint8Array, row: number): boolean {
    const slot = this.cachedSlot(number);
    if (slot < 0) return false;
    this.toFront(slot);
    const s = slot * 4;
    const r = row * 4;
    text[r] = this.texts[s];
    text[r + 1] = this.texts[s + 1];
    text[r + 2] = this.texts[s + 2];
    text[r + 3] = this.texts[s + 3];
    malformed[row] = this.bad[slot];
    return true;
  }

  /** Caches row `row` of a page (as readRow lays it out) as packet `number`'s. */
  writeRow(number: number, text: readonly string[], malformed: ArrayLike<number>, row: number): void {
    const slot = this.slotFor(number);
    const s = slot * 4;
    const r = row * 4;
    this.texts[s] = text[r];
    this.texts[s + 1] = text[r + 1];
    this.texts[s + 2] = text[r + 2];
    this.texts[s + 3] = text[r + 3];
    this.bad[slot] = malformed[row] === 1 ? 1 : 0;
  }

  get(number: number): CachedSummary | undefined {
    const text: string[] = new Array<string>(4);
    const malformed = new Uint8Array(1);
    if (!this.readRow(number, text, malformed, 0)) return undefined;
    return { source: text[0], destination: text[1], protocol: text[2], info: text[3], malformed: malformed[0] === 1 };
  }

  set(number: number, summary: CachedSummary): void {
    const slot = this.slotFor(number);
    const s = slot * 4;
    this.texts[s] = summary.source;
    this.texts[s + 1] = summary.destination;
    this.texts[s + 2] = summary.protocol;
    this.texts[s + 3] = summary.info;
    this.bad[slot] = summary.malformed ? 1 : 0;
  }

  clear(): void {
    this.slotOf.fill(0);
    this.count = 0;
    this.texts.fill('');
    this.newer.fill(NONE);
    this.older.fill(NONE);
    this.head = NONE;
    this.tail = NONE;
    this.used = 0;
  }

  /** The slot of `number`, taken (a free one, else the least recently used) if it has none; now the most recent. */
  private slotFor(number: number): number {
    if (!(Number.isInteger(number) && number >= 0 && number <= 0xffffffff)) throw new RangeError(`summary cache: ${number} is not a packet number`);
    let slot = this.cachedSlot(number);
    if (slot < 0) {
      if (this.used < this.keys.length) slot = this.used++;
      else {
        // Full: reuse the least recently used slot.
        slot = this.tail;
        this.slotOf[this.keys[slot]] = 0;
        this.count--;
      }
      if (number >= this.slotOf.length) {
        const grown = new Int32Array(Math.max(number + 1, 2 * this.slotOf.length));
        grown.set(this.slotOf);
        this.slotOf = grown;
      }
      this.slotOf[number] = slot + 1;
      this.count++;
      this.keys[slot] = number;
    }
    this.toFront(slot);
    return slot;
  }

  /** The slot holding `number`, or −1. */
  private cachedSlot(number: number): number {
    return Number.isInteger(number) && number >= 0 && number < this.slotOf.length ? this.slotOf[number] - 1 : -1;
  }

  /** Make `slot` the most recently used (it may be in the list already, or new). */
  private toFront(slot: number): void {
    if (slot === this.head) return;
    const newer = this.newer[slot];
    const older = this.older[slot];
    // Unlink (a new slot has no neighbours and is not the tail, unless the list is empty).
    if (newer !== NONE) this.older[newer] = older;
    if (older !== NONE) this.newer[older] = newer;
    if (this.tail === slot) this.tail = newer;
    // Link at the front.
    this.older[slot] = this.head;
    this.newer[slot] = NONE;
    if (this.head !== NONE) this.newer[this.head] = slot;
    this.head = slot;
    if (this.tail === NONE) this.tail = slot;
  }
}
