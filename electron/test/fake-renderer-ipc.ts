/**
 * A fake ipcRenderer joined to a fake Electron's ipcMain and to one window's webContents: invoke runs
 * the registered handler as if sent from `frame`, and webContents.send reaches `on` listeners (with
 * structured-clone-like copying left out: the payloads are already plain data and typed arrays).
 */
import type { IpcListener, IpcRendererLike } from '../preload-bridge';
import type { WebFrameLike } from '../electron-edge';
import type { FakeElectron, FakeWindow } from './fake-electron';

export interface FakeRendererIpc extends IpcRendererLike {
  readonly invoked: unknown[][];
  listenerCount(channel: string): number;
}

export function fakeRendererIpc(e: FakeElectron, window: FakeWindow, frame: () => WebFrameLike | null): FakeRendererIpc {
  const listeners = new Map<string, Set<IpcListener>>();
  const invoked: unknown[][] = [];
  const send = window.webContents.send.bind(window.webContents);
  window.webContents.send = (channel: string, ...args: unknown[]) => {
    send(channel, ...args);
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the IpcRendererEvent' }, ...args);
  };
  return {
    invoked,
    async invoke(channel, ...args) {
      invoked.push([channel, ...args]);
      const handler = e.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler({ senderFrame: frame() }, ...args);
    },
    on(channel, listener) {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}
