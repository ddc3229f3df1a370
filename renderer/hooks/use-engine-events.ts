/**
 * Wires the engine's events into the store for the life of the window: the sessions already open (the
 * newest is shown), sessions opened and closed later, index progress, recent files, the connection's
 * loss, and menu commands (handed to `onCommand`).
 */
import { useEffect, useRef } from 'react';
import type { ShellCommand } from '../../core/api';
import { getAppState, update } from '../store/app-store';
import { isRingSuccessor } from '../store/capture/selectors';
import { progressReceived, sessionClosed, sessionOpened } from '../store/session/actions';
import { clearSelection } from '../store/selection/actions';
import { connected, connectionLost, recentFilesLoaded, showError } from '../store/ui/actions';
import { useEngineConnection } from './engine-context';
import { describeError } from './user-error';

export function useEngineEvents(onCommand: (c: ShellCommand) => void): void {
  const conn = useEngineConnection();
  const commandRef = useRef(onCommand);
  commandRef.current = onCommand;

  useEffect(() => {
    const { api } = conn;
    let live = true;
    const fail = (title: string) => (e: unknown) => {
      if (live) update('ui', (s) => showError(s, describeError(title, e)));
    };
    const track = (sessionId: string) => {
      api.indexStatus({ sessionId }).then((p) => {
        if (live) update('session', (s) => progressReceived(s, p));
      }, fail('Could not read the indexing state'));
    };
    const subs = [
      api.onSessionOpened((info) => {
        // A ring buffer's next file is shown when its capture says so (use-capture-events), not here.
        const show = !isRingSuccessor(getAppState().capture, info);
        update('session', (s) => sessionOpened(s, info, show));
        if (show) update('selection', clearSelection);
        track(info.sessionId);
        api.recentFiles().then((files) => live && update('ui', (s) => recentFilesLoaded(s, files)), fail('Could not list recent files'));
      }),
      api.onSessionClosed(({ sessionId }) => {
        update('session', (s) => sessionClosed(s, sessionId));
        update('selection', clearSelection);
      }),
      api.onIndexProgress((p) => update('session', (s) => progressReceived(s, p))),
      api.onShellCommand((e) => commandRef.current(e.command)),
    ];
    api.sessions().then((list) => {
      if (!live) return;
      update('ui', (s) => connected(s, conn.shell));
      for (const info of list) {
        update('session', (s) => sessionOpened(s, info));
        track(info.sessionId);
      }
    }, fail('Could not reach the engine'));
    api.recentFiles().then((files) => live && update('ui', (s) => recentFilesLoaded(s, files)), fail('Could not list recent files'));
    conn.onLost((reason) => {
      if (live) update('ui', (s) => connectionLost(s, reason));
    });
    return () => {
      live = false;
      for (const s of subs) s.dispose();
    };
  }, [conn]);
}
