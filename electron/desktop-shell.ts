/**
 * The desktop shell's life: one instance, one engine, one hardened window showing the renderer, the
 * engine bound to IPC, the menu, and captures opened from the command line or a second launch.
 * Takes Electron as `ElectronLike` (main.ts passes the real one, tests a fake).
 */
import { pathToFileURL } from 'node:url';
import type { SessionInfo, ShellCommand } from '../core/api';
import { menuTemplate, type MenuActions } from './app-menu';
import type { BrowserWindowLike, ElectronLike } from './electron-edge';
import { bindEngineToIpc } from './ipc';
import { captureFromArgs, captureFromSecondInstance, type InstanceData } from './launch-args';
import { describeOpenError, openCapture, openFromDialog } from './open-capture';
import type { ShellEngine } from './shell-engine';
import { hardenWebContents, installSessionPolicy, windowOptions } from './window-security';

/** Edit's marking entries as the shell commands the renderer acts on. */
const MARK_COMMANDS: Record<Parameters<MenuActions['mark']>[0], ShellCommand> = {
  packet: 'mark-packet',
  'all-displayed': 'mark-all-displayed',
  'none-displayed': 'unmark-all-displayed',
  next: 'next-mark',
  previous: 'previous-mark',
};

export interface ShellOptions {
  createEngine: () => ShellEngine;
  argv: string[];
  cwd: string;
  platform: string;
  paths: { preload: string; rendererHtml: string; icon?: string };
  /** Where failures nobody waits for go (a log line); never swallowed. */
  logError: (error: unknown) => void;
}

export interface DesktopShell {
  readonly engine: ShellEngine;
  window(): BrowserWindowLike | null;
  open(path: string): Promise<SessionInfo | null>;
  refreshMenu(): Promise<void>;
}

/** Start the shell; resolves null when another instance is running (it receives our file instead). */
export async function startDesktopShell(electron: ElectronLike, options: ShellOptions): Promise<DesktopShell | null> {
  const { app, dialog } = electron;
  const { argv, cwd, platform, paths, logError } = options;
  const instanceData: InstanceData = { argv, cwd };
  if (!app.requestSingleInstanceLock({ ...instanceData })) {
    app.quit();
    return null;
  }

  const engine = options.createEngine();
  let win: BrowserWindowLike | null = null;
  const currentWindow = () => (win && !win.isDestroyed() ? win : null);

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, electron.shell, logError));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    Promise.resolve(engine.dispose?.()).catch(logError);
  });

  const open = (path: string) => openCapture(engine, dialog, path);

  const refreshMenu = async () => {
    const recent = await engine.recentFiles().catch((e: unknown) => {
      logError(e);
      return [];
    });
    const template = menuTemplate({
      packaged: app.isPackaged,
      platform,
      recent,
      actions: {
        open: () => {
          const w = currentWindow();
          if (w) openFromDialog(engine, dialog, w).catch(logError);
        },
        openRecent: (path) => void open(path).catch(logError),
        saveAs: () => engine.fireShellCommand('save-as'),
        close: () => engine.fireShellCommand('close-file'),
        goToPacket: () => engine.fireShellCommand('go-to-packet'),
        startStopCapture: () => engine.fireShellCommand('start-stop-capture'),
        exportSpecified: () => engine.fireShellCommand('export-specified'),
        follow: (protocol) => engine.fireShellCommand(protocol === 'tcp' ? 'follow-tcp' : 'follow-udp'),
        conversations: () => engine.fireShellCommand('conversations'),
        mark: (what) => engine.fireShellCommand(MARK_COMMANDS[what]),
        about: () => {
          const w = currentWindow();
          if (w) {
            dialog
              .showMessageBox(w, {
                type: 'info',
                title: 'About Trawl',
                message: `Trawl ${app.getVersion()}`,
                detail: `A fast packet analyzer.\nPlatform: ${platform}`,
                buttons: ['OK'],
              })
              .catch(logError);
          }
        },
      },
    });
    electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template));
  };

  const ready = app.whenReady();
  app.on('second-instance', (_event, otherArgv, workingDirectory, additionalData) => {
    const path = captureFromSecondInstance(otherArgv, workingDirectory, additionalData, app.isPackaged);
    ready
      .then(async () => {
        const w = currentWindow();
        if (w) {
          if (w.isMinimized()) w.restore();
          w.focus();
        }
        if (path) await open(path);
      })
      .catch(logError);
  });

  await ready;
  installSessionPolicy(electron.session.defaultSession);

  win = new electron.BrowserWindow(windowOptions(paths.preload, paths.icon));
  const shown = win;
  shown.once('ready-to-show', () => shown.show());
  const ipc = bindEngineToIpc({
    ipcMain: electron.ipcMain,
    engine,
    window: currentWindow,
    rendererUrl: pathToFileURL(paths.rendererHtml).href,
    onDropOpenFailed: (path, error) => {
      const { title, content } = describeOpenError(path, error);
      dialog.showErrorBox(title, content);
    },
    // The toolbar's Open button asks for the same native dialog as File → Open.
    shellCalls: { showOpenDialog: () => openFromDialog(engine, dialog, shown) },
  });
  shown.on('closed', () => {
    ipc.dispose();
    win = null;
  });
  const opened = engine.onSessionOpened(() => void refreshMenu());
  app.on('will-quit', () => opened.dispose());

  await refreshMenu();
  await shown.loadFile(paths.rendererHtml);

  const first = captureFromArgs({ argv, cwd, packaged: app.isPackaged });
  if (first) await open(first);

  return { engine, window: currentWindow, open, refreshMenu };
}
