/**
 * Least-recently-used cache of list summaries by packet number: a Map from number to slot, and the slots
 * in a doubly linked recency list kept in typed arrays, so get, set and eviction are O(1).
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
  private readonly values: (CachedSummary | undefined)[];
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
    this.values = new Array<CachedSummary | undefined>(n).fill(undefined);
    this.newer = new Int32Array(n).fill(NONE);
    this.older = new Int32Array(n).fill(NONE);
  }

  get size(): number {
    return this.slotOf.size;
  }

  get(number: number): CachedSummary | undefined {
    const slot = this.slotOf.get(number);
    if (slot === undefined) return undefined;
    this.toFront(slot);
    return this.values[slot];
  }

  set(number: number, summary: CachedSummary): void {
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
    this.values[slot] = summary;
    this.toFront(slot);
  }

  clear(): void {
    this.slotOf.clear();
    this.values.fill(undefined);
    this.newer.fill(NONE);
    this.older.fill(NONE);
    this.head = NONE;
    this.tail = NONE;
    this.used = 0;
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
