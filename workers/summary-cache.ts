/** Least-recently-used cache of list summaries by packet number (a Map keeps insertion order). */
export interface CachedSummary {
  source: string;
  destination: string;
  protocol: string;
  info: string;
  malformed: boolean;
}

export class SummaryCache {
  private readonly map = new Map<number, CachedSummary>();

  constructor(readonly capacity = 50_000) {}

  get size(): number {
    return this.map.size;
  }

  get(number: number): CachedSummary | undefined {
    const v = this.map.get(number);
    if (v !== undefined) {
      this.map.delete(number);
      this.map.set(number, v);
    }
    return v;
  }

  set(number: number, summary: CachedSummary): void {
    this.map.delete(number);
    this.map.set(number, summary);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }

  clear(): void {
    this.map.clear();
  }
}
