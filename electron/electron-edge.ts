/**
 * The one place that reaches the `electron` module, and the minimal types of exactly the part of
 * Electron's main-process API the desktop shell uses. The npm package (and so its typings) may be absent
 * (docs/DECISIONS.md 2), and tests replace this edge with a fake: everything else takes an `ElectronLike`.
 */
import { createRequire } from 'node:module';
import { TrawlError } from '../core/errors';

export interface PreventableEvent {
  preventDefault(): void;
}

/** A frame of a page (Electron's WebFrameMain). */
export interface WebFrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
  readonly parent: WebFrameLike | null;
}

export type WindowOpenResponse = { action: 'deny' } | { action: 'allow' };

export interface WebContentsLike {
  readonly mainFrame: WebFrameLike;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface WebPreferencesLike {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  webviewTag: boolean;
  navigateOnDragDrop: boolean;
  spellcheck: boolean;
}

export interface BrowserWindowOptionsLike {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  icon?: string;
  webPreferences: WebPreferencesLike;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadFile(path: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export type BrowserWindowConstructorLike = new (options: BrowserWindowOptionsLike) => BrowserWindowLike;

/** Electron's MenuItemConstructorOptions, the part we use. */
export interface MenuItemTemplate {
  label?: string;
  role?: string;
  type?: 'separator' | 'normal' | 'submenu';
  accelerator?: string;
  /** false: the accelerator is shown but left to the page (which handles the key itself). */
  registerAccelerator?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuStatic {
  buildFromTemplate(template: MenuItemTemplate[]): unknown;
  setApplicationMenu(menu: unknown): void;
}

export interface FileFilterLike {
  name: string;
  extensions: string[];
}

export interface OpenDialogOptionsLike {
  title: string;
  properties: ('openFile' | 'multiSelections')[];
  filters: FileFilterLike[];
}

export interface MessageBoxOptionsLike {
  type: 'info' | 'error';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
}

export interface DialogLike {
  showOpenDialog(window: BrowserWindowLike, options: OpenDialogOptionsLike): Promise<{ canceled: boolean; filePaths: string[] }>;
  showErrorBox(title: string, content: string): void;
  showMessageBox(window: BrowserWindowLike, options: MessageBoxOptionsLike): Promise<unknown>;
}

export interface IpcMainInvokeEventLike {
  readonly senderFrame: WebFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface HeadersReceivedDetailsLike {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersReceivedDetailsLike,
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

export interface AppLike {
  readonly isPackaged: boolean;
  getVersion(): string;
  whenReady(): Promise<void>;
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
  quit(): void;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void,
  ): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
  on(event: 'window-all-closed' | 'will-quit', listener: () => void): unknown;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** The Electron main-process API as Trawl's desktop shell uses it. */
export interface ElectronLike {
  app: AppLike;
  BrowserWindow: BrowserWindowConstructorLike;
  Menu: MenuStatic;
  dialog: DialogLike;
  ipcMain: IpcMainLike;
  session: { defaultSession: SessionLike };
  shell: ShellLike;
}

/**
 * The real module. Under plain Node, `require('electron')` is the npm package, which exports the path of
 * the binary (a string), not the API: say how to start the app instead of failing later on a missing name.
 */
export function loadElectron(): ElectronLike {
  const mod: unknown = createRequire(import.meta.url)('electron');
  if (typeof mod !== 'object' || mod === null || !('app' in mod)) {
    throw new TrawlError(
      'not-electron',
      "Trawl's desktop shell must run inside Electron, not plain Node: start it with `npm start`.",
    );
  }
  return mod as ElectronLike;
}
