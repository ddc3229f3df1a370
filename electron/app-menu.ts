/**
 * The application menu, with Wireshark's names and shortcuts (File → Open… Ctrl+O, Save As…
 * Ctrl+Shift+S, Export Specified Packets…, Close Ctrl+W, Quit Ctrl+Q; Edit → Mark/Unmark Packet Ctrl+M, Mark All
 * Displayed Ctrl+Shift+M, Unmark All Displayed Ctrl+Alt+M, Next/Previous Mark Ctrl+Shift+N/B; Go → Go to Packet… Ctrl+G; Capture →
 * Start/Stop Ctrl+E; Analyze → Follow → TCP Stream Ctrl+Alt+Shift+T, UDP Stream Ctrl+Alt+Shift+U;
 * Statistics → Conversations; View zoom Ctrl++ / Ctrl+- / Ctrl+=). A pure template: the actions are
 * injected, so the structure is tested without Electron.
 */
import type { RecentFile } from '../core/api';
import type { MenuItemTemplate } from './electron-edge';

export interface MenuActions {
  open(): void;
  openRecent(path: string): void;
  saveAs(): void;
  close(): void;
  goToPacket(): void;
  startStopCapture(): void;
  exportSpecified(): void;
  follow(protocol: 'tcp' | 'udp'): void;
  conversations(): void;
  /** Edit's marking entries: the selected packet, all or none of the displayed ones, the next or previous marked. */
  mark(what: 'packet' | 'all-displayed' | 'none-displayed' | 'next' | 'previous'): void;
  about(): void;
}

export interface MenuInput {
  /** Packaged builds have no reload or developer tools. */
  packaged: boolean;
  platform: string;
  recent: readonly RecentFile[];
  actions: MenuActions;
}

const separator: MenuItemTemplate = { type: 'separator' };
/** Most recent entries shown, as Wireshark's default. */
export const RECENT_LIMIT = 10;

function recentMenu(recent: readonly RecentFile[], actions: MenuActions): MenuItemTemplate[] {
  if (recent.length === 0) return [{ label: 'No Recent Files', enabled: false }];
  return recent.slice(0, RECENT_LIMIT).map((f) => ({ label: f.path, click: () => actions.openRecent(f.path) }));
}

export function menuTemplate({ packaged, platform, recent, actions }: MenuInput): MenuItemTemplate[] {
  const mac = platform === 'darwin';
  const file: MenuItemTemplate = {
    label: '&File',
    submenu: [
      { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: actions.open },
      { label: 'Open &Recent', submenu: recentMenu(recent, actions) },
      separator,
      { label: 'Save &As…', accelerator: 'CmdOrCtrl+Shift+S', click: actions.saveAs },
      { label: 'Export Specified Packets…', click: actions.exportSpecified },
      separator,
      { label: '&Close', accelerator: 'CmdOrCtrl+W', click: actions.close },
      ...(mac ? [] : [separator, { label: '&Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' }]),
    ],
  };
  const edit: MenuItemTemplate = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator,
      // Shown, not registered: the page handles these keys itself (as in the web shell).
      { label: 'Mark/Unmark Packet', accelerator: 'CmdOrCtrl+M', registerAccelerator: false, click: () => actions.mark('packet') },
      { label: 'Mark All Displayed', accelerator: 'CmdOrCtrl+Shift+M', registerAccelerator: false, click: () => actions.mark('all-displayed') },
      { label: 'Unmark All Displayed', accelerator: 'CmdOrCtrl+Alt+M', registerAccelerator: false, click: () => actions.mark('none-displayed') },
      { label: 'Next Mark', accelerator: 'CmdOrCtrl+Shift+N', registerAccelerator: false, click: () => actions.mark('next') },
      { label: 'Previous Mark', accelerator: 'CmdOrCtrl+Shift+B', registerAccelerator: false, click: () => actions.mark('previous') },
    ],
  };
  const view: MenuItemTemplate = {
    label: '&View',
    submenu: [
      { role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
      { role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      { label: 'Normal Size', role: 'resetZoom', accelerator: 'CmdOrCtrl+=' },
      separator,
      { role: 'togglefullscreen', accelerator: 'F11' },
      // Ctrl+R is Wireshark's Reload (the capture), so the page reload of development moves aside.
      ...(packaged ? [] : [separator, { role: 'reload', accelerator: 'CmdOrCtrl+Alt+R' }, { role: 'toggleDevTools' }]),
    ],
  };
  const go: MenuItemTemplate = {
    label: '&Go',
    submenu: [{ label: '&Go to Packet…', accelerator: 'CmdOrCtrl+G', click: actions.goToPacket }],
  };
  // Wireshark's Capture → Start (Ctrl+E) and Stop (Ctrl+E) are one toggle: the renderer knows which applies.
  const capture: MenuItemTemplate = {
    label: '&Capture',
    submenu: [{ label: '&Start/Stop', accelerator: 'CmdOrCtrl+E', click: actions.startStopCapture }],
  };
  // The page handles the Follow keys itself (the web shell has no menu): the menu shows them without taking them.
  const analyze: MenuItemTemplate = {
    label: '&Analyze',
    submenu: [
      {
        label: 'Follow',
        submenu: [
          { label: 'TCP Stream', accelerator: 'CmdOrCtrl+Alt+Shift+T', registerAccelerator: false, click: () => actions.follow('tcp') },
          { label: 'UDP Stream', accelerator: 'CmdOrCtrl+Alt+Shift+U', registerAccelerator: false, click: () => actions.follow('udp') },
        ],
      },
    ],
  };
  const statistics: MenuItemTemplate = {
    label: '&Statistics',
    submenu: [{ label: 'Conversations', click: actions.conversations }],
  };
  const help: MenuItemTemplate = {
    label: '&Help',
    role: 'help',
    submenu: [{ label: '&About Trawl', click: actions.about }],
  };
  return [...(mac ? [{ role: 'appMenu' }] : []), file, edit, view, go, capture, analyze, statistics, help];
}

/** Depth-first search by label (without the `&` mnemonics), for callers and tests. */
export function findMenuItem(template: readonly MenuItemTemplate[], ...path: string[]): MenuItemTemplate | undefined {
  const [head, ...rest] = path;
  const item = template.find((i) => i.label?.replaceAll('&', '') === head);
  if (!item || rest.length === 0) return item;
  return findMenuItem(item.submenu ?? [], ...rest);
}
