/**
 * What the start page, the toolbar, the keys and the menu can ask of live capture: start (on an
 * interface, with the capture filter and options), stop, Ctrl+E's start-or-stop, the options dialog,
 * Save As, and Wireshark's "Save the captured packets before …?" when a temporary capture's packets would
 * be lost (`guard`). Engine calls and their errors are handled here; the store says what is shown.
 */
import { useCallback, useMemo, useRef } from 'react';
import type { CaptureRequest, SessionId } from '../../core/api';
import { FilterError, NotFoundError } from '../../core/errors';
import { captureRequest } from '../capture/capture-form';
import { getAppState, update } from '../store/app-store';
import {
  captureFilterRejected,
  captureFilterTyped,
  captureSaved,
  captureStarted,
  captureStatusReceived,
  optionsOpened,
  saveAsOpened,
  savedAs,
  startEnded,
  startRequested,
  unsavedPrompted,
} from '../store/capture/actions';
import { canStart, captureFilterLinkType, captureFilterTone, isRunning, runningCapture, unsavedSession } from '../store/capture/selectors';
import type { UnsavedAction } from '../store/capture/state';
import { sessionActivated } from '../store/session/actions';
import { activeSession } from '../store/session/selectors';
import { dismissError, showError } from '../store/ui/actions';
import { useApi } from './engine-context';
import { describeError } from './user-error';

export interface LiveCaptureCommands {
  /** Start on `iface` (default: the selected one) with the field's filter and the options. */
  start(iface?: string): void;
  /** Stop the running capture (the current one first). */
  stop(): void;
  /** Ctrl+E: stop what runs; else start the last request again; else let the user pick an interface. */
  startStop(): void;
  setFilterText(text: string): void;
  openOptions(): void;
  /** Ctrl+Shift+S: Save As for the shown session. */
  saveAs(): void;
  /** The Save As dialog's Save: resolves with the problem to show, or null once saved. */
  save(sessionId: SessionId, path: string): Promise<string | null>;
  cancelSaveAs(): void;
  answerUnsaved(answer: 'save' | 'discard' | 'cancel'): void;
  /**
   * Run `proceed`, unless the packets of a temporary capture nobody saved would be lost by it (closing
   * `sessionId`, or with no id any such session): then ask first, and proceed after Save or Discard.
   */
  guard(action: UnsavedAction, proceed: () => void, sessionId?: SessionId): void;
}

/** Where the interface list is, for Ctrl+E with nothing to start again. */
const INTERFACE_LIST = '[data-testid=interface-list]';

export function useLiveCapture(): LiveCaptureCommands {
  const api = useApi();
  /** What to do once the question about unsaved packets is answered (Save: once saved). */
  const pending = useRef<(() => void) | null>(null);
  const afterSave = useRef<(() => void) | null>(null);

  const report = useCallback((title: string) => (e: unknown) => update('ui', (u) => showError(u, describeError(title, e))), []);

  const stopCapture = useCallback(
    (captureId: string): Promise<void> =>
      api.stopCapture({ captureId }).then(
        (status) => update('capture', (s) => captureStatusReceived(s, status)),
        (e: unknown) => {
          // It ended and the engine forgot it (or it was never this engine's): there is nothing to stop.
          if (!(e instanceof NotFoundError)) report('Could not stop the capture')(e);
        },
      ),
    [api, report],
  );

  const stop = useCallback(() => {
    const c = runningCapture(getAppState().capture);
    if (c) void stopCapture(c.captureId);
  }, [stopCapture]);

  const guard = useCallback((action: UnsavedAction, proceed: () => void, sessionId?: SessionId) => {
    const st = getAppState();
    const sessions = sessionId === undefined ? st.session.sessions : st.session.sessions.filter((x) => x.sessionId === sessionId);
    const at = unsavedSession(st.capture, sessions, st.session.activeId);
    if (!at) {
      proceed();
      return;
    }
    pending.current = proceed;
    update('capture', (s) => unsavedPrompted(s, { ...at, action }));
  }, []);

  const launch = useCallback(
    async (request: CaptureRequest) => {
      const running = runningCapture(getAppState().capture);
      if (running) await stopCapture(running.captureId); // Wireshark's restart: the old one stops first
      update('ui', dismissError);
      update('capture', (s) => startRequested(s, request));
      const linkType = captureFilterLinkType(getAppState().capture);
      try {
        const status = await api.startCapture(request);
        update('capture', (s) => captureStarted(s, status, request));
        const sid = status.sessionId;
        if (sid !== undefined) update('session', (s) => sessionActivated(s, sid));
      } catch (e) {
        update('capture', startEnded);
        const title = `Could not start the capture on ${request.interface}`;
        if (e instanceof FilterError && request.filter !== undefined) {
          const expression = request.filter;
          update('capture', (s) => captureFilterRejected(s, expression, linkType, e));
          // The field shows it red with the error under it, when the field can be seen.
          const st = getAppState();
          if (st.session.activeId === null || st.capture.optionsOpen) return;
        }
        report(title)(e);
      }
    },
    [api, report, stopCapture],
  );

  const start = useCallback(
    (iface?: string) => {
      const st = getAppState().capture;
      const name = iface ?? st.selected;
      if (name === null) {
        document.querySelector<HTMLElement>(INTERFACE_LIST)?.focus();
        return;
      }
      if (!canStart(st, name)) {
        if (captureFilterTone(st) === 'invalid') document.querySelector<HTMLElement>('#capture-filter-input')?.focus();
        return;
      }
      const r = captureRequest(name, st.filterText, st.options);
      if ('errors' in r) {
        update('capture', (s) => optionsOpened(s, true)); // the dialog shows what to fix, beside each field
        return;
      }
      guard('start', () => void launch(r.request));
    },
    [guard, launch],
  );

  const startStop = useCallback(() => {
    const st = getAppState();
    if (runningCapture(st.capture)) {
      stop();
      return;
    }
    if (st.capture.starting !== null) return;
    const last = st.capture.lastRequest;
    if (last) {
      guard('start', () => void launch(last));
      return;
    }
    const list = document.querySelector<HTMLElement>(INTERFACE_LIST);
    if (list) list.focus();
    else update('capture', (s) => optionsOpened(s, true));
  }, [guard, launch, stop]);

  const setFilterText = useCallback((text: string) => update('capture', (s) => captureFilterTyped(s, text)), []);

  const openOptions = useCallback(() => update('capture', (s) => optionsOpened(s, true)), []);

  const saveAs = useCallback(() => {
    const s = activeSession(getAppState().session);
    if (!s) return;
    afterSave.current = null;
    update('capture', (c) => saveAsOpened(c, s.sessionId));
  }, []);

  const save = useCallback(
    async (sessionId: SessionId, path: string): Promise<string | null> => {
      try {
        const result = await api.saveSessionAs({ sessionId, path });
        const info = getAppState().session.sessions.find((x) => x.sessionId === sessionId);
        const captureId = info?.captureId;
        if (captureId !== undefined) update('capture', (s) => captureSaved(s, captureId));
        update('capture', (s) => savedAs(saveAsOpened(s, null), result));
        const then = afterSave.current;
        afterSave.current = null;
        then?.();
        return null;
      } catch (e) {
        return describeError('', e).message;
      }
    },
    [api],
  );

  const cancelSaveAs = useCallback(() => {
    afterSave.current = null;
    update('capture', (s) => saveAsOpened(s, null));
  }, []);

  const answerUnsaved = useCallback(
    (answer: 'save' | 'discard' | 'cancel') => {
      const prompt = getAppState().capture.unsavedPrompt;
      const proceed = pending.current;
      pending.current = null;
      update('capture', (s) => unsavedPrompted(s, null));
      if (!prompt || !proceed || answer === 'cancel') return;
      if (answer === 'discard') {
        if (prompt.action === 'close') {
          proceed(); // closing the session is what discards it
          return;
        }
        api
          .closeSession({ sessionId: prompt.sessionId })
          .catch((e: unknown) => {
            if (!(e instanceof NotFoundError)) report('Could not close the temporary capture')(e);
          })
          .finally(proceed);
        return;
      }
      // Save: a capture still writing its file stops first (Save As refuses a file being written).
      const c = getAppState().capture.captures[prompt.captureId];
      const ready = isRunning(c) ? stopCapture(prompt.captureId) : Promise.resolve();
      void ready.then(() => {
        afterSave.current = proceed;
        update('capture', (s) => saveAsOpened(s, prompt.sessionId));
      });
    },
    [api, report, stopCapture],
  );

  return useMemo(
    () => ({ start, stop, startStop, setFilterText, openOptions, saveAs, save, cancelSaveAs, answerUnsaved, guard }),
    [start, stop, startStop, setFilterText, openOptions, saveAs, save, cancelSaveAs, answerUnsaved, guard],
  );
}
