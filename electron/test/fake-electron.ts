/**
 * A fake of the Electron main-process API at the edge (electron-edge.ts), recording what the shell does
 * with it, so the shell's logic runs for real in tests. Each call of `fakeElectron()` is independent.
 */
import { pathToFileURL } from 'node:url';
import type {
  BrowserWindowLike,
  BrowserWindowOptionsLike,
  ElectronLike,
  HeadersReceivedDetailsLike,
  IpcMainInvokeEventLike,
  MenuItemTemplate,
  MessageBoxOptionsLike,
  OpenDialogOptionsLike,
  PreventableEvent,
  WebFrameLike,
  WindowOpenResponse,
} from '../electron-edge';

type Listener = (...args: never[]) => unknown;

class Events {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = (...args: never[]) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped));
      return listener(...args);
    };
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeFrame implements WebFrameLike {
  constructor(
    public url: string,
    public processId = 1,
    public routingId = 1,
    public parent: WebFrameLike | null = null,
  ) {}
}

export class FakeWebContents extends Events {
  readonly mainFrame = new FakeFrame('about:blank');
  readonly sent: [string, ...unknown[]][] = [];
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => WindowOpenResponse) | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void {
    this.windowOpenHandler = handler;
  }
  /** Emit a preventable event; true when a listener prevented it. */
  prevented(event: string, ...args: unknown[]): boolean {
    let stopped = false;
    const e: PreventableEvent = { preventDefault: () => (stopped = true) };
    this.emit(event, e, ...args);
    return stopped;
  }
}

export interface FakeElectron extends ElectronLike {
  readonly windows: FakeWindow[];
  readonly record: {
    quits: number;
    lockData: Record<string, unknown>[];
    menu: MenuItemTemplate[] | null;
    openDialogs: OpenDialogOptionsLike[];
    errorBoxes: { title: string; content: string }[];
    messageBoxes: MessageBoxOptionsLike[];
    external: string[];
    cspListener: ((d: HeadersReceivedDetailsLike, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null;
    permissionRequest: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null;
    permissionCheck: ((c: unknown, p: string) => boolean) | null;
  };
  /** What the next open dialogs answer, in order (then: cancelled). */
  readonly openAnswers: string[][];
  readonly appEvents: Events;
  handlers: Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>>;
}

export class FakeWindow extends Events implements BrowserWindowLike {
  readonly webContents = new FakeWebContents();
  loaded: string | null = null;
  shown = false;
  focused = 0;
  minimized = false;
  destroyed = false;
  constructor(readonly options: BrowserWindowOptionsLike) {
    super();
  }
  async loadFile(path: string): Promise<void> {
    this.loaded = path;
    this.webContents.mainFrame.url = pathToFileURL(path).href;
    this.emit('ready-to-show');
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export function fakeElectron(opts: { packaged?: boolean; lock?: boolean } = {}): FakeElectron {
  const appEvents = new Events();
  const windows: FakeWindow[] = [];
  const handlers = new Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const openAnswers: string[][] = [];
  const record: FakeElectron['record'] = {
    quits: 0,
    lockData: [],
    menu: null,
    openDialogs: [],
    errorBoxes: [],
    messageBoxes: [],
    external: [],
    cspListener: null,
    permissionRequest: null,
    permissionCheck: null,
  };
  class Window extends FakeWindow {
    constructor(options: BrowserWindowOptionsLike) {
      super(options);
      windows.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
  }
  return {
    windows,
    record,
    openAnswers,
    appEvents,
    handlers,
    app: {
      isPackaged: opts.packaged ?? false,
      getVersion: () => '9.8.7',
      whenReady: () => Promise.resolve(),
      requestSingleInstanceLock: (data) => {
        record.lockData.push(data ?? {});
        return opts.lock ?? true;
      },
      quit: () => void record.quits++,
      on: (event: string, listener: Listener) => appEvents.on(event, listener),
    },
    BrowserWindow: Window,
    Menu: {
      buildFromTemplate: (template) => ({ template }),
      setApplicationMenu: (menu) => {
        record.menu = (menu as { template: MenuItemTemplate[] }).template;
      },
    },
    dialog: {
      showOpenDialog: async (_w, options) => {
        record.openDialogs.push(options);
        const filePaths = openAnswers.shift() ?? [];
        return { canceled: filePaths.length === 0, filePaths };
      },
      showErrorBox: (title, content) => void record.errorBoxes.push({ title, content }),
      showMessageBox: async (_w, options) => {
        record.messageBoxes.push(options);
        return { response: 0 };
      },
    },
    ipcMain: {
      handle: (channel, listener) => {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler: (channel) => void handlers.delete(channel),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (l) => void (record.cspListener = l) },
        setPermissionRequestHandler: (h) => void (record.permissionRequest = h),
        setPermissionCheckHandler: (h) => void (record.permissionCheck = h),
      },
    },
    shell: { openExternal: async (url) => void record.external.push(url) },
  };
}
