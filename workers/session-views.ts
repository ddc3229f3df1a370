/**
 * The filter views of one session, by id. The `all` view is not stored: it is the packet index itself.
 * Dropping a view stops its scan; closing the session drops them all.
 */
import { ALL_VIEW, type ViewId } from '../core/api';
import { NotFoundError } from '../core/errors';

/** What the session needs of a view: a growing list of packet numbers, and a way to stop filling it. */
export interface StoredView {
  readonly id: ViewId;
  /** Rows so far. */
  readonly count: number;
  /** 1-based packet number of view row `r` (0 ≤ r < count). */
  numberAt(r: number): number;
  /** Stop filling; resolves once nothing is running for the view any more. */
  stop(): Promise<void>;
}

export class SessionViews<V extends StoredView = StoredView> {
  private readonly views = new Map<ViewId, V>();
  private next = 1;

  /** A fresh id; never reused within the session. */
  newId(): ViewId {
    return `filter-${this.next++}`;
  }

  add(view: V): V {
    this.views.set(view.id, view);
    return view;
  }

  get(id: ViewId): V {
    const v = this.views.get(id);
    if (!v) {
      throw new NotFoundError(
        'view-not-found',
        id === ALL_VIEW ? `"${ALL_VIEW}" is not a filter view` : `View "${id}" does not exist in this session (it was dropped, or never made); apply the filter again`,
      );
    }
    return v;
  }

  has(id: ViewId): boolean {
    return this.views.has(id);
  }

  async drop(id: ViewId): Promise<void> {
    const v = this.get(id);
    this.views.delete(id);
    await v.stop();
  }

  async dropAll(): Promise<void> {
    const all = [...this.views.values()];
    this.views.clear();
    await Promise.all(all.map((v) => v.stop()));
  }
}
