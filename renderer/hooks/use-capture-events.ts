/**
 * Live capture's events for the life of the window: every capture's status (onCaptureStatus, and
 * captures() at connect, for a window that reconnects while one runs), whether capture works here
 * (checkCapture, once), and the capture filter checked as it is typed for the selected interface's link
 * type. With a ring buffer, when the capture moves to a new file and the previous one was shown, the
 * window moves to the new file's session (with the display filter in force applied to it first, so the
 * list never shows it unfiltered), then closes the previous session (its file stays on disk).
 */
import { useEffect } from 'react';
import type { CaptureStatus, SessionId } from '../../core/api';
import { NotFoundError } from '../../core/errors';
import { getAppState, update, useAppStore } from '../store/app-store';
import { captureChecked, captureFilterAnswered, captureFilterFailed, captureStatusReceived, capturesLoaded } from '../store/capture/actions';
import { captureFilterLinkType } from '../store/capture/selectors';
import { filterApplied, filterProgressed } from '../store/filter/actions';
import { appliedFilter } from '../store/filter/selectors';
import { clearSelection } from '../store/selection/actions';
import { sessionActivated } from '../store/session/actions';
import { showError } from '../store/ui/actions';
import { useEngineConnection } from './engine-context';
import { CHECK_DELAY_MS } from './use-display-filter';
import { describeError } from './user-error';

export function useCaptureEvents(): void {
  const conn = useEngineConnection();
  const { api } = conn;

  useEffect(() => {
    let live = true;
    const fail = (title: string) => (e: unknown) => {
      if (live) update('ui', (s) => showError(s, describeError(title, e)));
    };
    const onStatus = (status: CaptureStatus) => {
      const before = getAppState();
      const prev = before.capture.captures[status.captureId];
      update('capture', (s) => captureStatusReceived(s, status));
      const old = prev?.sessionId;
      const next = status.sessionId;
      if (old === undefined || next === undefined || old === next) return;
      // A ring buffer moved on to its next file.
      const closeOld = () =>
        api.closeSession({ sessionId: old }).catch((e: unknown) => {
          // Already closed (the user closed it, or the ring deleted its file first): nothing left to do.
          if (!(e instanceof NotFoundError)) fail('Could not close the previous ring-buffer file')(e);
        });
      if (before.session.activeId !== old) {
        void closeOld(); // the user looks at something else: leave them there
        return;
      }
      const applied = appliedFilter(before.filter, old);
      if (!applied) {
        show(next);
        void closeOld();
        return;
      }
      api.applyFilter({ sessionId: next, expression: applied.expression }).then(
        (p) => {
          if (!live) return;
          if (getAppState().session.activeId !== old) {
            dropView(next, p.view); // the user moved on meanwhile
          } else {
            show(next);
            update('filter', (s) => filterApplied(s, p));
            // Progress sent before the view was in force was not taken: ask where the scan is now.
            api.filterStatus({ sessionId: next, view: p.view }).then(
              (q) => live && update('filter', (s) => filterProgressed(s, q)),
              (e: unknown) => {
                if (!(e instanceof NotFoundError)) fail('Could not read the filter state')(e);
              },
            );
          }
          void closeOld();
        },
        (e: unknown) => {
          fail(`Could not apply the filter "${applied.expression}" to the next ring-buffer file`)(e);
          show(next);
          void closeOld();
        },
      );
    };
    const show = (sessionId: SessionId) => {
      update('selection', clearSelection);
      update('session', (s) => sessionActivated(s, sessionId));
    };
    const dropView = (sessionId: SessionId, view: string) =>
      api.dropView({ sessionId, view }).catch((e: unknown) => {
        // The session closed meanwhile, and its views with it.
        if (!(e instanceof NotFoundError)) fail('Could not release the filtered view')(e);
      });
    const sub = api.onCaptureStatus(onStatus);
    api.captures().then((list) => live && update('capture', (s) => capturesLoaded(s, list)), fail('Could not list the captures'));
    api.checkCapture().then((c) => live && update('capture', (s) => captureChecked(s, c)), fail('Could not check whether live capture works'));
    return () => {
      live = false;
      sub.dispose();
    };
  }, [api]);

  // Check the capture filter as the user types, once the typing pauses, for the selected interface.
  const text = useAppStore((s) => s.capture.filterText);
  const linkType = useAppStore((s) => captureFilterLinkType(s.capture));
  useEffect(() => {
    if (text.trim() === '') return;
    let live = true;
    const timer = setTimeout(() => {
      api.checkFilter({ expression: text, linkType, capture: true }).then(
        (answer) => live && update('capture', (s) => captureFilterAnswered(s, answer, linkType)),
        (e: unknown) => live && update('capture', (s) => captureFilterFailed(s, text, linkType, describeError('', e).message)),
      );
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, text, linkType]);
}
