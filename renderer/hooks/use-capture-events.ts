/**
 * Live capture's events for the life of the window: every capture's status (onCaptureStatus, and
 * captures() at connect, for a window that reconnects while one runs), whether capture works here
 * (checkCapture, once), and the capture filter checked as it is typed for the selected interface's link
 * type. With a ring buffer, when the capture moves to a new file it moves the window to that file's
 * session, carries the display filter over, and closes the previous session (its file stays on disk).
 */
import { useEffect } from 'react';
import type { CaptureStatus } from '../../core/api';
import { NotFoundError } from '../../core/errors';
import { getAppState, update, useAppStore } from '../store/app-store';
import { captureChecked, captureFilterAnswered, captureFilterFailed, captureStatusReceived, capturesLoaded } from '../store/capture/actions';
import { captureFilterLinkType } from '../store/capture/selectors';
import { appliedFilter } from '../store/filter/selectors';
import { sessionActivated } from '../store/session/actions';
import { showError } from '../store/ui/actions';
import { useEngineConnection } from './engine-context';
import type { FilterCommands } from './use-display-filter';
import { CHECK_DELAY_MS } from './use-display-filter';
import { describeError } from './user-error';

export function useCaptureEvents(filter: FilterCommands): void {
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
      // A ring buffer moved on to its next file: show it (if the old one was shown) and let the old one go.
      const shown = before.session.activeId === old;
      const applied = appliedFilter(before.filter, old);
      if (shown) {
        update('session', (s) => sessionActivated(s, next));
        if (applied) filter.apply(applied.expression);
      }
      api.closeSession({ sessionId: old }).catch((e: unknown) => {
        // Already closed (the user closed it, or the ring deleted its file first): nothing left to do.
        if (!(e instanceof NotFoundError)) fail('Could not close the previous ring-buffer file')(e);
      });
    };
    const sub = api.onCaptureStatus(onStatus);
    api.captures().then((list) => live && update('capture', (s) => capturesLoaded(s, list)), fail('Could not list the captures'));
    api.checkCapture().then((c) => live && update('capture', (s) => captureChecked(s, c)), fail('Could not check whether live capture works'));
    return () => {
      live = false;
      sub.dispose();
    };
  }, [api, filter]);

  // Check the capture filter as the user types, once the typing pauses, for the selected interface.
  const text = useAppStore((s) => s.capture.filterText);
  const linkType = useAppStore((s) => captureFilterLinkType(s.capture));
  useEffect(() => {
    if (text.trim() === '') return;
    let live = true;
    const timer = setTimeout(() => {
      api.checkFilter({ expression: text, linkType }).then(
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
