/** One RowCache per shown session and view, kept in step with the view's row count. */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ViewId } from '../../core/api';
import { NotFoundError } from '../../core/errors';
import { RowCache } from '../rows/row-cache';
import { update } from '../store/app-store';
import { showError } from '../store/ui/actions';
import { useApi } from './engine-context';
import { describeError } from './user-error';

export function useRowCache(sessionId: string | null, view: ViewId, rowCount: number): { cache: RowCache | null; version: number } {
  const api = useApi();
  const cache = useMemo(() => {
    if (sessionId === null) return null;
    return new RowCache((from, count) => api.rows({ sessionId, view, from, count }), {
      onError: (e) => {
        // A session closed under an in-flight request answers NotFound; that is not news to the user.
        if (!(e instanceof NotFoundError)) update('ui', (s) => showError(s, describeError('Could not load packets', e)));
      },
    });
  }, [api, sessionId, view]);
  useEffect(() => () => cache?.dispose(), [cache]);
  // The flow pass's end changes Info texts (`[TCP Retransmission]`, reassembled datagrams): fetch again.
  useEffect(() => {
    if (cache === null || sessionId === null) return;
    const sub = api.onFlowProgress((p) => {
      if (p.sessionId === sessionId && p.done && !p.cancelled) cache.refresh();
    });
    return () => sub.dispose();
  }, [api, cache, sessionId]);
  if (cache) cache.setRowCount(rowCount);
  const version = useSyncExternalStore(cache?.subscribe ?? noSubscribe, cache?.getVersion ?? zero);
  return { cache, version };
}

const noSubscribe = () => () => {};
const zero = () => 0;
