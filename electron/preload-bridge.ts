/**
 * The preload's logic: the `PreloadBridge` it exposes (invoke and on, for the contract's names only)
 * and opening files dropped on the window. Pure apart from the injected Electron renderer API, because
 * a sandboxed preload can require nothing but 'electron' (and this file is bundled into it).
 */
import { API_EVENTS, API_METHODS } from '../core/api';
import { BadRequestError, serializeError } from '../core/errors';
import { BRIDGE_GLOBAL, IPC_CALL, IPC_EVENT_PREFIX, type Envelope, type PreloadBridge } from '../core/rpc/bridge';
import { DROP_ORIGIN } from './call-origin';

export type IpcListener = (event: unknown, ...args: unknown[]) => void;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

export interface PreloadElectron {
  contextBridge: ContextBridgeLike;
  ipcRenderer: IpcRendererLike;
  webUtils: WebUtilsLike;
}

/** The part of a DragEvent the drop handler reads. */
export interface DropEventLike {
  readonly dataTransfer: { readonly types: readonly string[]; readonly files: ArrayLike<File>; dropEffect: string } | null;
  preventDefault(): void;
  stopImmediatePropagation(): void;
}

export interface DropTarget {
  addEventListener(type: 'drop' | 'dragover', listener: (event: DropEventLike) => void, capture: boolean): void;
}

const METHODS: ReadonlySet<string> = new Set(API_METHODS);
const EVENTS: ReadonlySet<string> = new Set(API_EVENTS);

const refused = (message: string): Envelope => ({ ok: false, error: serializeError(new BadRequestError(message)) });

export function createPreloadBridge(ipc: IpcRendererLike): PreloadBridge {
  return Object.freeze({
    invoke(method: string, arg: unknown): Promise<Envelope> {
      if (typeof method !== 'string' || !METHODS.has(method)) {
        return Promise.resolve(refused(`Unknown call "${String(method)}"`));
      }
      return ipc.invoke(IPC_CALL, method, arg) as Promise<Envelope>;
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !EVENTS.has(event)) throw new BadRequestError(`Unknown event "${String(event)}"`);
      if (typeof listener !== 'function') throw new BadRequestError(`The listener of "${event}" is not a function`);
      const channel = IPC_EVENT_PREFIX + event;
      // The IpcRendererEvent stays here: it carries `sender`, which the page must never reach.
      const wrapped: IpcListener = (_event, payload) => listener(payload);
      ipc.on(channel, wrapped);
      return () => void ipc.removeListener(channel, wrapped);
    },
  });
}

const carriesFiles = (e: DropEventLike) => e.dataTransfer !== null && e.dataTransfer.types.includes('Files');

/**
 * Files dropped on the window open by path. The page cannot learn a dropped file's path under context
 * isolation, so the preload takes the drop in the capture phase, before the page's own handlers (which,
 * in the web shell, upload dropped files instead), and stops it there. Dragging over only allows the
 * drop: the page still sees it, to show where a drop will land.
 */
export function installDropToOpen(
  target: DropTarget,
  ipc: IpcRendererLike,
  webUtils: WebUtilsLike,
  reportError: (error: unknown) => void,
): void {
  target.addEventListener(
    'dragover',
    (e) => {
      if (!carriesFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    true,
  );
  target.addEventListener(
    'drop',
    (e) => {
      if (!carriesFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      const paths: string[] = [];
      for (const file of Array.from(e.dataTransfer.files)) {
        try {
          const path = webUtils.getPathForFile(file);
          if (path) paths.push(path);
          else reportError(new BadRequestError(`"${file.name}" is not a file on disk`));
        } catch (err) {
          reportError(err);
        }
      }
      // One after another, in the order dropped; main shows any that fails to open.
      void paths.reduce<Promise<unknown>>(
        (prev, path) => prev.then(() => ipc.invoke(IPC_CALL, 'openFile', { path }, DROP_ORIGIN)).catch(reportError),
        Promise.resolve(),
      );
    },
    true,
  );
}

/** Everything the preload does: expose the bridge, take file drops. */
export function installPreload(electron: PreloadElectron, target: DropTarget, reportError: (e: unknown) => void): void {
  electron.contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createPreloadBridge(electron.ipcRenderer));
  installDropToOpen(target, electron.ipcRenderer, electron.webUtils, reportError);
}
