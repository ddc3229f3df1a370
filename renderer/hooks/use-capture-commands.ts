/**
 * What the toolbar, the keyboard, the menu and drag-and-drop can ask for: open (by path or by upload),
 * cancel (upload or indexing), close, go to packet. Engine calls and their errors are handled here.
 */
import { useCallback, useMemo, useRef } from 'react';
import { CancelledError } from '../../core/errors';
import { getAppState, update } from '../store/app-store';
import { activeSession, isIndexing } from '../store/session/selectors';
import { dismissError, setGotoOpen, showError, uploadEnded, uploadProgressed, uploadStarted } from '../store/ui/actions';
import { uploadFile } from '../upload/upload-file';
import { useEngineConnection } from './engine-context';
import { describeError } from './user-error';

export interface CaptureCommands {
  openPath(path: string, name?: string): void;
  upload(file: File): void;
  /** Show the file picker: Electron's native dialog, or the browser's (the hidden <input type=file>). */
  chooseFile(): void;
  /** Cancel what is running: the upload, else the indexing of the shown capture. */
  cancel(): void;
  closeActive(): void;
  openGoto(): void;
}

export function useCaptureCommands(fileInput: React.RefObject<HTMLInputElement | null>): CaptureCommands {
  const { api, shell } = useEngineConnection();
  const uploadAbort = useRef<AbortController | null>(null);

  const openPath = useCallback(
    (path: string, name?: string) => {
      update('ui', dismissError);
      api.openFile({ path }).catch((e: unknown) => {
        update('ui', (s) => showError(s, describeError(`Could not open ${name ?? path}`, e)));
      });
    },
    [api],
  );

  const upload = useCallback(
    (file: File) => {
      if (uploadAbort.current) return;
      const ctl = new AbortController();
      uploadAbort.current = ctl;
      update('ui', dismissError);
      update('ui', (s) => uploadStarted(s, file.name, file.size));
      uploadFile(api, file, { signal: ctl.signal, onProgress: (sent) => update('ui', (s) => uploadProgressed(s, sent)) })
        .catch((e: unknown) => {
          if (!(e instanceof CancelledError)) update('ui', (s) => showError(s, describeError(`Could not open ${file.name}`, e)));
        })
        .finally(() => {
          uploadAbort.current = null;
          update('ui', uploadEnded);
        });
    },
    [api],
  );

  // Electron shows its native dialog and opens the file in place; the browser picks a file to upload.
  const chooseFile = useCallback(() => {
    if (shell !== 'electron') {
      fileInput.current?.click();
      return;
    }
    update('ui', dismissError);
    api.showOpenDialog().catch((e: unknown) => {
      update('ui', (s) => showError(s, describeError('Could not open the capture', e)));
    });
  }, [api, shell, fileInput]);

  const cancel = useCallback(() => {
    if (uploadAbort.current) {
      uploadAbort.current.abort();
      return;
    }
    const st = getAppState().session;
    const s = activeSession(st);
    // A live capture's session indexes as long as it captures: Esc does not stop a capture (Ctrl+E does).
    if (s && isIndexing(st) && s.captureId === undefined) {
      api.cancelIndex({ sessionId: s.sessionId }).catch((e: unknown) => {
        update('ui', (u) => showError(u, describeError('Could not cancel indexing', e)));
      });
    }
  }, [api]);

  const closeActive = useCallback(() => {
    const s = activeSession(getAppState().session);
    if (!s) return;
    api.closeSession({ sessionId: s.sessionId }).catch((e: unknown) => {
      update('ui', (u) => showError(u, describeError(`Could not close ${s.name}`, e)));
    });
  }, [api]);

  const openGoto = useCallback(() => {
    if (activeSession(getAppState().session)) update('ui', (s) => setGotoOpen(s, true));
  }, []);

  return useMemo(
    () => ({ openPath, upload, chooseFile, cancel, closeActive, openGoto }),
    [openPath, upload, chooseFile, cancel, closeActive, openGoto],
  );
}
