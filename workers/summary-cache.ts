/**
 * Least-recently-used cache of list summaries by packet number: a Map from number to slot, and the slots
 * in a doubly linked recency list kept in typed arrays, so get, set and eviction are O(1). A slot's four
 * texts sit in one flat array and its malformed flag in a byte array: no object per cached row.
 *
 * Not a Map alone (evicting its first key): after many deletions V8's `map.keys().next()` walks every
 * deleted entry at the front of the table, which made summarising a long capture quadratic
 * (5.5 of 9 s of the engine's main thread on 200,000 rows, bench/dissect).
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
  private readonly slotOf = new Map<number, number>();
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
    return this.slotOf.size;
  }

  /**
   * Copies packet `number`'s row, if cached, into row `row` of a page (`text` four strings a row,
   * `malformed` one byte) and makes it the most recently used. Returns whether it was cached.
   */
  readRow(number: number, text: string[], malformed: Uint8Array, row: number): boolean {
    const slot = this.slotOf.get(number);
    if (slot === undefined) return false;
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
    this.slotOf.clear();
    this.texts.fill('');
    this.newer.fill(NONE);
    this.older.fill(NONE);
    this.head = NONE;
    this.tail = NONE;
    this.used = 0;
  }

  /** The slot of `number`, taken (a free one, else the least recently used) if it has none; now the most recent. */
  private slotFor(number: number): number {
    let slot = this.slotOf.get(number);
    if (slot === undefined) {
      if (this.used < this.keys.length) slot = this.used++;
      else {
        // Full: reuse the least recently used slot.
        slot = this.tail;
        this.slotOf.delete(this.keys[slot]);
      }
      this.slotOf.set(number, slot);
      this.keys[slot] = number;
    }
    this.toFront(slot);
    return slot;
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
