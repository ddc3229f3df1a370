/**
 * Keeps the selected packet selected across views. After a filter is applied or cleared the selection has a
 * packet but no row: find the packet's row in the new view (at once in `all`, by binary search in a
 * filter's view, again as the view fills) and select it there; once the scan is over and the packet is not
 * shown, the selection goes. Also learns the packet number of a row selected in a filter's view once its
 * page arrives.
 */
import { useEffect } from 'react';
import { ALL_VIEW, type ViewId } from '../../core/api';
import { NotFoundError } from '../../core/errors';
import { findRowOfPacket } from '../rows/find-row';
import type { RowCache } from '../rows/row-cache';
import { update, useAppStore } from '../store/app-store';
import { clearSelection, packetLocated, packetResolved } from '../store/selection/actions';
import { showError } from '../store/ui/actions';
import { useApi } from './engine-context';
import { describeError } from './user-error';

export function useKeepSelection(sessionId: string, view: ViewId, rowCount: number, settled: boolean, cache: RowCache | null, version: number): void {
  const api = useApi();
  const row = useAppStore((s) => s.selection.row);
  const packet = useAppStore((s) => s.selection.packet);

  useEffect(() => {
    if (row !== null || packet === null) return;
    if (view === ALL_VIEW) {
      if (packet <= rowCount) update('selection', (s) => packetLocated(s, packet, packet - 1, rowCount));
      else if (settled) update('selection', clearSelection);
      return;
    }
    // A newer search (the view grew) supersedes this one: only the newest may act.
    let live = true;
    findRowOfPacket((from, count) => api.rows({ sessionId, view, from, count }), rowCount, packet).then(
      (found) => {
        if (!live) return;
        if (found !== null) update('selection', (s) => packetLocated(s, packet, found, rowCount));
        else if (settled) update('selection', (s) => (s.packet === packet && s.row === null ? clearSelection(s) : s));
      },
      (e: unknown) => {
        if (live && !(e instanceof NotFoundError)) update('ui', (u) => showError(u, describeError('Could not find the selected packet', e)));
      },
    );
    return () => {
      live = false;
    };
    // rowCount and settled: the view grew or finished, so a packet not found before may be there now.
  }, [api, sessionId, view, row, packet, rowCount, settled]);

  useEffect(() => {
    if (view === ALL_VIEW || row === null || packet !== null || !cache) return;
    const data = cache.get(row);
    if (data) update('selection', (s) => packetResolved(s, row, data.number));
  }, [view, row, packet, cache, version]);
}
