/**
 * A small cache of packet-list rows, fetched from the engine by page. Pages are kept in LRU order and the
 * least recently used go when there are more than `maxPages`. A response is used only if it answers the
 * newest request for its page (stale responses are dropped). A page that was cut short by the indexed end
 * is fetched again once more packets exist. Listeners hear about every change (for useSyncExternalStore).
 */
import type { RowsPage } from '../../core/api';

export interface Row {
  number: number;
  relTime: number;
  length: number;
  malformed: boolean;
  source: string;
  destination: string;
  protocol: string;
  info: string;
}

export type FetchPage = (from: number, count: number) => Promise<RowsPage>;

export interface RowCacheOptions {
  pageSize?: number;
  maxPages?: number;
  /** A page request failed (the page stays empty; it is requested again on the next ensure). */
  onError?: (error: unknown) => void;
}

interface Page {
  data: RowsPage;
  /** Rows in data (may be fewer than pageSize at the indexed end). */
  size: number;
}

export class RowCache {
  readonly pageSize: number;
  readonly maxPages: number;
  private readonly pages = new Map<number, Page>();
  /** page → token of the newest request in flight */
  private readonly inflight = new Map<number, number>();
  /** page → the row count (clipped to the page) its in-flight request can return at most */
  private readonly askedAt = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  private token = 0;
  private disposed = false;
  private rowCountValue = 0;
  private versionValue = 0;
  private wanted: { firstPage: number; lastPage: number } | null = null;

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly options: RowCacheOptions = {},
  ) {
    this.pageSize = Math.max(1, options.pageSize ?? 200);
    this.maxPages = Math.max(2, options.maxPages ?? 64);
  }

  get rowCount(): number {
    return this.rowCountValue;
  }

  /** Changes whenever a row becomes available; a snapshot for useSyncExternalStore. */
  get version(): number {
    return this.versionValue;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.versionValue;

  /** The engine has indexed `n` rows; pages cut short before `n` are fetched again if wanted. */
  setRowCount(n: number): void {
    if (n === this.rowCountValue) return;
    this.rowCountValue = Math.max(0, n);
    if (this.wanted) this.request(this.wanted.firstPage, this.wanted.lastPage);
  }

  /** Row `row` if its page is here. Marks the page recently used. */
  get(row: number): Row | undefined {
    const p = Math.floor(row / this.pageSize);
    const page = this.pages.get(p);
    if (!page) return undefined;
    const i = row - page.data.from;
    if (i < 0 || i >= page.size) return undefined;
    const d = page.data;
    return {
      number: d.numbers[i],
      relTime: d.relTimes[i],
      length: d.lengths[i],
      malformed: d.malformed[i] === 1,
      source: d.text[i * 4] ?? '',
      destination: d.text[i * 4 + 1] ?? '',
      protocol: d.text[i * 4 + 2] ?? '',
      info: d.text[i * 4 + 3] ?? '',
    };
  }

  /** Make rows [first, end) available: request every page of the range not already here or on its way. */
  ensure(first: number, end: number): void {
    if (this.disposed) return;
    const last = Math.min(end, this.rowCountValue) - 1;
    if (last < first) {
      this.wanted = null;
      return;
    }
    const firstPage = Math.floor(Math.max(0, first) / this.pageSize);
    const lastPage = Math.floor(last / this.pageSize);
    this.wanted = { firstPage, lastPage };
    this.request(firstPage, lastPage);
  }

  /**
   * The engine's rows changed (e.g. its flow pass finished, so Info texts gain `[TCP Retransmission]`):
   * fetch the wanted pages again, showing the old rows until the new ones arrive, and forget the others.
   */
  refresh(): void {
    if (this.disposed) return;
    const w = this.wanted;
    for (const p of [...this.pages.keys()]) if (!w || p < w.firstPage || p > w.lastPage) this.pages.delete(p);
    if (!w) return;
    for (let p = w.firstPage; p <= w.lastPage; p++) if (p * this.pageSize < this.rowCountValue) this.fetch(p);
  }

  /** Whether a page is cached (for tests and diagnostics). */
  hasPage(page: number): boolean {
    return this.pages.has(page);
  }

  get pageCount(): number {
    return this.pages.size;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.pages.clear();
    this.inflight.clear();
  }

  private request(firstPage: number, lastPage: number): void {
    for (let p = firstPage; p <= lastPage; p++) {
      const from = p * this.pageSize;
      if (from >= this.rowCountValue) break;
      const have = this.pages.get(p);
      if (have) {
        this.touch(p, have);
        const complete = have.size === this.pageSize || from + have.size >= this.rowCountValue;
        if (complete) continue;
      }
      if (this.inflight.has(p) && !this.needsNewer(p)) continue;
      this.fetch(p);
    }
  }

  /** An in-flight request for a page that was asked for when fewer rows existed than now. */
  private needsNewer(p: number): boolean {
    const asked = this.askedAt.get(p) ?? 0;
    const from = p * this.pageSize;
    return asked < Math.min(from + this.pageSize, this.rowCountValue);
  }

  private fetch(p: number): void {
    const token = ++this.token;
    this.inflight.set(p, token);
    this.askedAt.set(p, Math.min(p * this.pageSize + this.pageSize, this.rowCountValue));
    this.fetchPage(p * this.pageSize, this.pageSize).then(
      (data) => {
        if (this.disposed || this.inflight.get(p) !== token) return;
        this.inflight.delete(p);
        this.askedAt.delete(p);
        const size = Math.min(data.numbers.length, Math.floor(data.text.length / 4), data.relTimes.length, data.lengths.length);
        this.pages.set(p, { data, size });
        this.touch(p, this.pages.get(p) as Page);
        this.evict();
        this.changed();
      },
      (error: unknown) => {
        if (this.disposed || this.inflight.get(p) !== token) return;
        this.inflight.delete(p);
        this.askedAt.delete(p);
        this.options.onError?.(error);
      },
    );
  }

  private touch(p: number, page: Page): void {
    this.pages.delete(p);
    this.pages.set(p, page);
  }

  private evict(): void {
    for (const p of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) return;
      const w = this.wanted;
      if (w && p >= w.firstPage && p <= w.lastPage) continue;
      this.pages.delete(p);
    }
  }

  private changed(): void {
    this.versionValue++;
    for (const l of [...this.listeners]) l();
  }
}
