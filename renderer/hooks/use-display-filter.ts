/**
 * The display filter's side of the engine: checks the bar's text as the user types (debounced; answers to
 * an older text are dropped by the store), applies and clears filters (dropping the view a filter leaves
 * behind), follows the scan's progress, cancels it, and keeps the history in localStorage. Mounted once.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { SessionId, ViewId } from '../../core/api';
import { FilterError, NotFoundError } from '../../core/errors';
import { getAppState, update, useAppStore } from '../store/app-store';
import {
  appliedDropped,
  applyRejected,
  checkAnswered,
  checkFailed,
  filterApplied,
  filterCleared,
  filterProgressed,
  historyLoaded,
  isBlank,
  textChanged,
} from '../store/filter/actions';
import { loadHistory, saveHistory } from '../store/filter/history-storage';
import { activeView, appliedFilter } from '../store/filter/selectors';
import { viewChanged } from '../store/selection/actions';
import { selectedPacketNumber } from '../store/selection/selectors';
import { showError } from '../store/ui/actions';
import { useApi } from './engine-context';
import { describeError } from './user-error';

/** How long the bar waits after a keystroke before asking the engine whether the text compiles. */
export const CHECK_DELAY_MS = 150;

export interface FilterCommands {
  /** The user edited the text. */
  setText(text: string): void;
  /** Apply `text` (default: the bar's text); an empty text shows every packet again. */
  apply(text?: string): void;
  /** Esc / Clear: empty the bar and show every packet. */
  clear(): void;
  /** Stop the scan of the filter in force; what matched so far stays shown. */
  cancel(): void;
}

export function useDisplayFilter(): FilterCommands {
  const api = useApi();
  const sessionId = useAppStore((s) => s.session.activeId);
  const text = useAppStore((s) => s.filter.text);
  const history = useAppStore((s) => s.filter.history);
  /** Counts apply requests: an answer to an older one is not put in force. */
  const applySeq = useRef(0);

  const report = useCallback((title: string) => (e: unknown) => update('ui', (u) => showError(u, describeError(title, e))), []);

  const dropView = useCallback(
    (sid: SessionId, view: ViewId) => {
      api.dropView({ sessionId: sid, view }).catch((e: unknown) => {
        // The session (and its views) closed meanwhile: nothing is left to drop.
        if (!(e instanceof NotFoundError)) report('Could not release the filtered view')(e);
      });
    },
    [api, report],
  );

  // The same text means something else for another capture (its link types): check it again.
  useEffect(() => {
    update('filter', (s) => textChanged(s, s.text, sessionId));
    const old = getAppState().filter.applied;
    if (old && old.sessionId !== sessionId) {
      update('filter', appliedDropped);
      dropView(old.sessionId, old.view);
    }
  }, [sessionId, dropView]);

  // Check as the user types, once the typing pauses.
  useEffect(() => {
    if (isBlank(text)) return;
    let live = true;
    const timer = setTimeout(() => {
      api.checkFilter({ expression: text, sessionId: sessionId ?? undefined }).then(
        (answer) => live && update('filter', (s) => checkAnswered(s, answer, sessionId)),
        (e: unknown) => live && update('filter', (s) => checkFailed(s, text, sessionId, describeError('', e).message)),
      );
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, text, sessionId]);

  useEffect(() => {
    const sub = api.onFilterProgress((p) => update('filter', (s) => filterProgressed(s, p)));
    return () => sub.dispose();
  }, [api]);

  // History: read once, written whenever it changes.
  const loaded = useRef(false);
  useEffect(() => {
    if (!loaded.current) {
      loaded.current = true;
      update('filter', (s) => historyLoaded(s, loadHistory(window.localStorage)));
      return;
    }
    try {
      saveHistory(window.localStorage, history);
    } catch (e) {
      // Storage full or disabled: the history lasts for this window only. Not worth interrupting the user.
      console.warn('Trawl: the filter history could not be saved:', e);
    }
  }, [history]);

  /** The view is changing: keep the selected packet (the list finds its new row) and release the old view. */
  const leaveView = useCallback(
    (sid: SessionId, old: ViewId | null) => {
      const st = getAppState();
      update('selection', (s) => viewChanged(s, selectedPacketNumber(s, activeView(st.filter, sid))));
      if (old !== null) dropView(sid, old);
    },
    [dropView],
  );

  const clear = useCallback(() => {
    const st = getAppState();
    const sid = st.session.activeId;
    const old = appliedFilter(st.filter, sid);
    applySeq.current++;
    if (old && sid !== null) leaveView(sid, old.view);
    update('filter', filterCleared);
  }, [leaveView]);

  const apply = useCallback(
    (given?: string) => {
      const st = getAppState();
      const sid = st.session.activeId;
      const expression = given ?? st.filter.text;
      if (sid === null) return;
      if (isBlank(expression)) {
        clear();
        return;
      }
      if (given !== undefined && given !== st.filter.text) update('filter', (s) => textChanged(s, given, sid));
      const seq = ++applySeq.current;
      api.applyFilter({ sessionId: sid, expression }).then(
        (p) => {
          const now = getAppState();
          if (seq !== applySeq.current || now.session.activeId !== sid) {
            dropView(sid, p.view); // overtaken by another apply, a clear or another capture
            return;
          }
          const old = appliedFilter(now.filter, sid);
          leaveView(sid, old?.view ?? null);
          update('filter', (s) => filterApplied(s, p));
          // Progress sent before this answer arrived was not recognised: ask where the scan is now.
          api.filterStatus({ sessionId: sid, view: p.view }).then(
            (q) => update('filter', (s) => filterProgressed(s, q)),
            (e: unknown) => {
              if (!(e instanceof NotFoundError)) report('Could not read the filter state')(e);
            },
          );
        },
        (e: unknown) => {
          if (e instanceof FilterError) update('filter', (s) => applyRejected(s, expression, sid, e));
          else report(`Could not apply the filter "${expression}"`)(e);
        },
      );
    },
    [api, clear, dropView, leaveView, report],
  );

  const cancel = useCallback(() => {
    const st = getAppState();
    const a = appliedFilter(st.filter, st.session.activeId);
    if (!a) return;
    api.cancelFilter({ sessionId: a.sessionId, view: a.view }).catch(report('Could not cancel the filter'));
  }, [api, report]);

  const setText = useCallback((t: string) => {
    update('filter', (s) => textChanged(s, t, getAppState().session.activeId));
  }, []);

  return useMemo(() => ({ setText, apply, clear, cancel }), [setText, apply, clear, cancel]);
}
