/**
 * The rows of the Flows view from the engine: conversations page by page in the engine's sort (pages
 * loaded as the viewport asks), or a table's endpoints whole, sorted here; the row count of every tab; and,
 * while the answer is partial (the flow pass or the display filter's scan still running), the loaded pages
 * asked again twice a second so that the table grows as the engine learns.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Conversation, ConversationKind, Endpoint, SessionId, TrawlApi, ViewId } from '../../core/api';
import { NotFoundError } from '../../core/errors';
import { describeError } from '../hooks/user-error';
import { conversationColumns, endpointColumns, FLOW_KINDS, sortEndpoints } from './flow-columns';

export const PAGE_ROWS = 200;
export const REFRESH_MS = 500;

export interface FlowTableQuery {
  sessionId: SessionId;
  kind: ConversationKind;
  view: ViewId;
  endpoints: boolean;
  sort: { column: string; descending: boolean };
}

export interface FlowTable {
  total: number;
  /** Row counts of the tabs (conversations or endpoints), where known. */
  counts: Partial<Record<ConversationKind, number>>;
  conversation(row: number): Conversation | undefined;
  endpoint(row: number): Endpoint | undefined;
  /** The selection key of a row: a conversation's id, an endpoint's row; undefined while not loaded. */
  keyAt(row: number): number | undefined;
  /** Load the pages under rows [first, end). */
  ensure(first: number, end: number): void;
  partial: boolean;
  error: string | null;
  /** Changes when rows arrive. */
  version: number;
}

interface Loaded {
  key: string;
  total: number;
  partial: boolean;
  pages: Map<number, Conversation[]>;
  endpoints: Endpoint[] | null;
  counts: Partial<Record<ConversationKind, number>>;
}

const queryKey = (q: FlowTableQuery) => JSON.stringify(q);

/**
 * `settled`: the flow pass and the view's scan are done. Endpoints carry no `partial` flag, so they are
 * asked again until then.
 */
export function useFlowTable(api: TrawlApi, q: FlowTableQuery, settled: boolean): FlowTable {
  const key = queryKey(q);
  const settledRef = useRef(settled);
  settledRef.current = settled;
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const loaded = useRef<Loaded>({ key, total: 0, partial: true, pages: new Map(), endpoints: null, counts: {} });
  const inFlight = useRef(new Set<number>());
  if (loaded.current.key !== key) {
    loaded.current = { key, total: 0, partial: true, pages: new Map(), endpoints: null, counts: {} };
    inFlight.current = new Set();
  }
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const fail = useCallback((e: unknown) => {
    // The session closed under the request: the view is going away with it.
    if (e instanceof NotFoundError) return;
    setError(describeError('', e).message);
  }, []);

  const sortKey = q.endpoints ? undefined : (conversationColumns(q.kind).find((c) => c.key === q.sort.column)?.sortKey ?? 'id');

  const loadPage = useCallback(
    (page: number) => {
      const mine = loaded.current;
      if (q.endpoints || inFlight.current.has(page)) return;
      inFlight.current.add(page);
      api
        .conversations({ sessionId: q.sessionId, kind: q.kind, view: q.view, sort: { key: sortKey ?? 'id', descending: q.sort.descending }, from: page * PAGE_ROWS, count: PAGE_ROWS })
        .then((p) => {
          if (loaded.current !== mine) return;
          mine.pages.set(page, p.rows);
          mine.total = p.total;
          mine.partial = p.partial;
          mine.counts = { ...mine.counts, [q.kind]: p.total };
          setError(null);
          bump();
        }, fail)
        .finally(() => {
          if (loaded.current === mine) inFlight.current.delete(page);
        });
    },
    [api, q.sessionId, q.kind, q.view, q.endpoints, q.sort.descending, sortKey, bump, fail],
  );

  const loadEndpoints = useCallback(() => {
    const mine = loaded.current;
    api.endpoints({ sessionId: q.sessionId, kind: q.kind, view: q.view }).then((rows) => {
      if (loaded.current !== mine) return;
      const column = endpointColumns(q.kind).find((c) => c.key === q.sort.column);
      mine.endpoints = sortEndpoints(rows, column, q.sort.descending);
      mine.total = rows.length;
      mine.partial = !settledRef.current;
      mine.counts = { ...mine.counts, [q.kind]: rows.length };
      setError(null);
      bump();
    }, fail);
  }, [api, q.sessionId, q.kind, q.view, q.sort.column, q.sort.descending, bump, fail]);

  /** The other tabs' counts (conversations; endpoint counts come from their own tab). */
  const loadCounts = useCallback(() => {
    const mine = loaded.current;
    if (q.endpoints) return;
    for (const { kind } of FLOW_KINDS) {
      if (kind === q.kind) continue;
      api.conversations({ sessionId: q.sessionId, kind, view: q.view, from: 0, count: 0 }).then((p) => {
        if (loaded.current !== mine) return;
        mine.counts = { ...mine.counts, [kind]: p.total };
        bump();
      }, fail);
    }
  }, [api, q.sessionId, q.kind, q.view, q.endpoints, bump, fail]);

  // A new question: start with the first page (or the endpoints) and the tab counts.
  useEffect(() => {
    setError(null);
    if (q.endpoints) loadEndpoints();
    else loadPage(0);
    loadCounts();
  }, [key, q.endpoints, loadEndpoints, loadPage, loadCounts]);

  // While partial, ask again for what is loaded.
  const partial = loaded.current.partial;
  useEffect(() => {
    if (!partial || error !== null) return;
    const timer = setInterval(() => {
      const mine = loaded.current;
      if (q.endpoints) loadEndpoints();
      else for (const page of mine.pages.keys()) loadPage(page);
      loadCounts();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [partial, error, key, q.endpoints, loadEndpoints, loadPage, loadCounts]);

  const ensure = useCallback(
    (first: number, end: number) => {
      if (q.endpoints || end <= first) return;
      for (let page = Math.floor(first / PAGE_ROWS); page <= Math.floor((end - 1) / PAGE_ROWS); page++) {
        if (!loaded.current.pages.has(page)) loadPage(page);
      }
    },
    [q.endpoints, loadPage],
  );

  const l = loaded.current;
  const conversation = (row: number) => l.pages.get(Math.floor(row / PAGE_ROWS))?.[row % PAGE_ROWS];
  const endpoint = (row: number) => l.endpoints?.[row];
  const keyAt = (row: number) => (q.endpoints ? (endpoint(row) ? row : undefined) : conversation(row)?.id);
  return { total: l.total, counts: l.counts, conversation, endpoint, keyAt, ensure, partial: l.partial, error, version };
}
