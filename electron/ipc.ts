/**
 * Binds the engine to Electron IPC: one handler for every call of the contract (answered with an
 * envelope, so typed errors survive), and one forwarded channel per contract event. Calls are accepted
 * only from our window's main frame showing our own renderer page.
 */
import { API_EVENTS, API_METHODS, type ApiMethod, type Disposable } from '../core/api';
import { BadRequestError, deserializeError, serializeError, TrawlError } from '../core/errors';
import { invokeToEnvelope, IPC_CALL, IPC_EVENT_PREFIX, type Envelope } from '../core/rpc/bridge';
import { serve, withCalls } from '../core/rpc/channel';
import { DROP_ORIGIN } from './call-origin';
import type { BrowserWindowLike, IpcMainInvokeEventLike, IpcMainLike, WebFrameLike } from './electron-edge';
import type { ShellEngine } from './shell-engine';

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  engine: ShellEngine;
  /** The window calls may come from and events go to (null once it is gone). */
  window: () => BrowserWindowLike | null;
  /** file:// URL of the renderer's index.html. */
  rendererUrl: string;
  /** A file dropped on the window failed to open (the preload cannot show a dialog). */
  onDropOpenFailed: (path: string, error: Error) => void;
  /** Contract calls the shell answers itself instead of the engine (e.g. `showOpenDialog`). */
  shellCalls?: Partial<Record<ApiMethod, (arg: unknown) => Promise<unknown>>>;
}

const METHODS: ReadonlySet<string> = new Set(API_METHODS);

/** Same document: scheme, host and path equal; query and fragment (renderer state) may differ. */
export function isRendererPage(url: string, rendererUrl: string): boolean {
  if (!URL.canParse(url) || !URL.canParse(rendererUrl)) return false;
  const a = new URL(url);
  const b = new URL(rendererUrl);
  return a.protocol === 'file:' && a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
}

/** The sender is the top frame of our window and shows our renderer page. */
export function isTrustedSender(
  frame: WebFrameLike | null,
  window: BrowserWindowLike | null,
  rendererUrl: string,
): boolean {
  if (!frame || !window || window.isDestroyed() || window.webContents.isDestroyed()) return false;
  const main = window.webContents.mainFrame;
  return (
    frame.parent === null &&
    frame.processId === main.processId &&
    frame.routingId === main.routingId &&
    isRendererPage(frame.url, rendererUrl)
  );
}

function requestedPath(arg: unknown): string {
  const path = typeof arg === 'object' && arg !== null ? (arg as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? path : '(no path)';
}

const refuse = (e: TrawlError): Envelope => ({ ok: false, error: serializeError(e) });

export function bindEngineToIpc(options: IpcBindingOptions): Disposable {
  const { ipcMain, engine, window, rendererUrl, onDropOpenFailed } = options;
  const channel = withCalls(serve(engine, { methods: API_METHODS, events: API_EVENTS }), options.shellCalls ?? {});

  ipcMain.handle(IPC_CALL, async (event: IpcMainInvokeEventLike, method: unknown, arg: unknown, origin: unknown) => {
    if (!isTrustedSender(event.senderFrame, window(), rendererUrl)) {
      return refuse(new TrawlError('forbidden-sender', 'Calls are accepted only from Trawl’s own window.'));
    }
    if (typeof method !== 'string' || !METHODS.has(method)) {
      return refuse(new BadRequestError(`Unknown call "${String(method)}"`));
    }
    const envelope = await invokeToEnvelope(channel, method, arg);
    if (!envelope.ok && origin === DROP_ORIGIN && method === 'openFile') {
      onDropOpenFailed(requestedPath(arg), deserializeError(envelope.error));
    }
    return envelope;
  });

  const subscriptions = API_EVENTS.map((name) =>
    channel.listen(name, (payload) => {
      const w = window();
      if (w && !w.isDestroyed() && !w.webContents.isDestroyed()) w.webContents.send(IPC_EVENT_PREFIX + name, payload);
    }),
  );

  return {
    dispose() {
      ipcMain.removeHandler(IPC_CALL);
      for (const s of subscriptions) s.dispose();
    },
  };
}
