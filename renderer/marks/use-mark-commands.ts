/**
 * Marked packets, Wireshark's Edit menu and keys: Ctrl+M marks or unmarks the selected packet,
 * Ctrl+Shift+M marks every displayed packet, Ctrl+Alt+M unmarks them, Ctrl+Shift+N and Ctrl+Shift+B go to
 * the next and previous marked packet of the displayed list (wrapping around as Wireshark's Find does,
 * and saying so in the status bar). Under a display filter the displayed packets' numbers come from the
 * engine a page at a time (view-pages.ts); in the `all` view they are 1..count and no call is made.
 * Marks of a session go when it closes. Mounted once (App.tsx).
 */
import { useCallback, useEffect, useMemo } from 'react';
import { ALL_VIEW, type SessionId, type ViewId } from '../../core/api';
import { NotFoundError } from '../../core/errors';
import { useApi } from '../hooks/engine-context';
import { describeError } from '../hooks/user-error';
import { getAppState, update, type AppState } from '../store/app-store';
import { activeView, displayedCount } from '../store/filter/selectors';
import { jobEnded, jobProgressed, jobStarted, noticeShown, packetToggled, runsMarked, runsUnmarked, sessionForgotten } from '../store/marks/actions';
import { marksOf } from '../store/marks/selectors';
import { selectRow } from '../store/selection/actions';
import { selectedPacketNumber } from '../store/selection/selectors';
import { packetCount } from '../store/session/selectors';
import { showError } from '../store/ui/actions';
import { allViewNumbers, nextMarkedRow, previousMarkedRow, type FetchNumbers } from './find-marked';
import { walkViewRuns } from './view-pages';

export interface MarkCommands {
  toggleSelected(): void;
  markAllDisplayed(): void;
  unmarkAllDisplayed(): void;
  nextMark(): void;
  previousMark(): void;
}

/** The shown session, the view its list shows and that view's rows now; null without a session. */
function shown(st: AppState): { sessionId: SessionId; view: ViewId; rows: number } | null {
  const sessionId = st.session.activeId;
  if (sessionId === null) return null;
  return { sessionId, view: activeView(st.filter, sessionId), rows: displayedCount(st.filter, sessionId, packetCount(st.session)) };
}

const note = (text: string) => update('marks', (s) => noticeShown(s, text));

let jobSeq = 0;
let searchSeq = 0;

export function useMarkCommands(): MarkCommands {
  const api = useApi();

  useEffect(() => {
    const closed = api.onSessionClosed(({ sessionId }) => update('marks', (s) => sessionForgotten(s, sessionId)));
    return () => closed.dispose();
  }, [api]);

  const numbersOf = useCallback(
    (sessionId: SessionId, view: ViewId, rows: number): FetchNumbers =>
      view === ALL_VIEW ? allViewNumbers(rows) : (from, count) => api.viewNumbers({ sessionId, view, from, count }).then((p) => p.numbers),
    [api],
  );

  const toggleSelected = useCallback(() => {
    const st = getAppState();
    const at = shown(st);
    if (!at) return;
    const packet = selectedPacketNumber(st.selection, at.view);
    if (packet === null) {
      note('Select a packet to mark it.');
      return;
    }
    update('marks', (s) => packetToggled(s, at.sessionId, packet));
  }, []);

  const allDisplayed = useCallback(
    (kind: 'mark' | 'unmark') => {
      const at = shown(getAppState());
      if (!at || at.rows === 0) return;
      const apply = kind === 'mark' ? runsMarked : runsUnmarked;
      const id = ++jobSeq;
      if (at.view === ALL_VIEW) {
        // Every packet: one run, whatever the capture's size. It also supersedes a job still running.
        update('marks', (s) => jobEnded(apply(s, at.sessionId, Uint32Array.of(1, at.rows)), s.job?.id ?? -1));
        return;
      }
      update('marks', (s) => jobStarted(s, { id, sessionId: at.sessionId, kind, total: at.rows }));
      const current = () => getAppState().marks.job?.id === id;
      walkViewRuns({
        fetch: numbersOf(at.sessionId, at.view, at.rows),
        rowCount: () => {
          const st = getAppState();
          return st.session.activeId === at.sessionId ? displayedCount(st.filter, at.sessionId, packetCount(st.session)) : 0;
        },
        // Another mark-all, the session closed, or another filter: the list no longer shows these packets.
        stopped: () => !current() || shown(getAppState())?.view !== at.view,
        onRuns: (runs, done, total) => update('marks', (s) => jobProgressed(apply(s, at.sessionId, runs), id, done, total)),
      }).then(
        () => update('marks', (s) => jobEnded(s, id)),
        (e: unknown) => {
          update('marks', (s) => jobEnded(s, id));
          // The session or the view went while a page was on its way: nothing left to mark.
          if (!(e instanceof NotFoundError)) {
            update('ui', (s) => showError(s, describeError(`Could not ${kind} all displayed packets`, e)));
          }
        },
      );
    },
    [numbersOf],
  );

  const goToMark = useCallback(
    (direction: 'next' | 'previous') => {
      const st = getAppState();
      const at = shown(st);
      if (!at) return;
      const marks = marksOf(st.marks, at.sessionId);
      if (marks.count === 0) {
        note('No packet is marked.');
        return;
      }
      const fetch = numbersOf(at.sessionId, at.view, at.rows);
      const from = selectedPacketNumber(st.selection, at.view);
      const seq = ++searchSeq;
      const find = async () => {
        const found = direction === 'next' ? await nextMarkedRow(fetch, at.rows, marks, from ?? 0) : await previousMarkedRow(fetch, at.rows, marks, from ?? Infinity);
        if (found || from === null) return { found, wrapped: false };
        // Wireshark's Find wraps around by default, and says so.
        const again = direction === 'next' ? await nextMarkedRow(fetch, at.rows, marks, 0) : await previousMarkedRow(fetch, at.rows, marks, Infinity);
        return { found: again, wrapped: again !== null };
      };
      find().then(
        ({ found, wrapped }) => {
          // A newer search, or the list changed under this one: its row means nothing now.
          const now = shown(getAppState());
          if (seq !== searchSeq || now?.sessionId !== at.sessionId || now.view !== at.view) return;
          if (!found) {
            note(at.view === ALL_VIEW ? 'No packet is marked.' : 'No displayed packet is marked.');
            return;
          }
          update('selection', (s) => selectRow(s, found.row, now.rows, 'center', found.packet));
          if (wrapped) note(direction === 'next' ? 'No marked packet after this one: continued from the first.' : 'No marked packet before this one: continued from the last.');
        },
        (e: unknown) => {
          if (!(e instanceof NotFoundError)) update('ui', (s) => showError(s, describeError(`Could not go to the ${direction} marked packet`, e)));
        },
      );
    },
    [numbersOf],
  );

  const markAllDisplayed = useCallback(() => allDisplayed('mark'), [allDisplayed]);
  const unmarkAllDisplayed = useCallback(() => allDisplayed('unmark'), [allDisplayed]);
  const nextMark = useCallback(() => goToMark('next'), [goToMark]);
  const previousMark = useCallback(() => goToMark('previous'), [goToMark]);

  // Wireshark's keys. e.code: with Alt held, some layouts turn e.key into another character.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const { shiftKey: shift, altKey: alt } = e;
      let run: (() => void) | null = null;
      if (e.code === 'KeyM' && !e.repeat) run = shift && !alt ? markAllDisplayed : alt && !shift ? unmarkAllDisplayed : !shift && !alt ? toggleSelected : null;
      else if (e.code === 'KeyN' && shift && !alt) run = nextMark;
      else if (e.code === 'KeyB' && shift && !alt) run = previousMark;
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleSelected, markAllDisplayed, unmarkAllDisplayed, nextMark, previousMark]);

  return useMemo(
    () => ({ toggleSelected, markAllDisplayed, unmarkAllDisplayed, nextMark, previousMark }),
    [toggleSelected, markAllDisplayed, unmarkAllDisplayed, nextMark, previousMark],
  );
}
