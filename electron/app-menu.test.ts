import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findMenuItem, menuTemplate, RECENT_LIMIT, type MenuActions } from './app-menu';
import type { RecentFile } from '../core/api';

function recorder() {
  const calls: string[] = [];
  const actions: MenuActions = {
    open: () => calls.push('open'),
    openRecent: (p) => calls.push(`recent ${p}`),
    saveAs: () => calls.push('save-as'),
    close: () => calls.push('close'),
    goToPacket: () => calls.push('go'),
    startStopCapture: () => calls.push('capture'),
    exportSpecified: () => calls.push('export'),
    follow: (protocol) => calls.push(`follow ${protocol}`),
    conversations: () => calls.push('conversations'),
    mark: (what) => calls.push(`mark ${what}`),
    about: () => calls.push('about'),
  };
  return { calls, actions };
}

test("Wireshark's shortcuts: Ctrl+O, Ctrl+Shift+S, Ctrl+W, Ctrl+Q, Ctrl+G, Ctrl+E", () => {
  const { calls, actions } = recorder();
  const t = menuTemplate({ packaged: true, platform: 'linux', recent: [], actions });
  assert.deepEqual(t.map((m) => m.label?.replaceAll('&', '')), ['File', 'Edit', 'View', 'Go', 'Capture', 'Analyze', 'Statistics', 'Help']);
  assert.equal(findMenuItem(t, 'File', 'Save As…')?.accelerator, 'CmdOrCtrl+Shift+S');
  assert.equal(findMenuItem(t, 'Capture', 'Start/Stop')?.accelerator, 'CmdOrCtrl+E');
  assert.equal(findMenuItem(t, 'File', 'Open…')?.accelerator, 'CmdOrCtrl+O');
  assert.equal(findMenuItem(t, 'File', 'Close')?.accelerator, 'CmdOrCtrl+W');
  assert.equal(findMenuItem(t, 'File', 'Quit')?.accelerator, 'CmdOrCtrl+Q');
  assert.equal(findMenuItem(t, 'File', 'Quit')?.role, 'quit');
  assert.equal(findMenuItem(t, 'Go', 'Go to Packet…')?.accelerator, 'CmdOrCtrl+G');
  findMenuItem(t, 'File', 'Open…')?.click?.();
  findMenuItem(t, 'File', 'Close')?.click?.();
  findMenuItem(t, 'Go', 'Go to Packet…')?.click?.();
  findMenuItem(t, 'Help', 'About Trawl')?.click?.();
  findMenuItem(t, 'File', 'Save As…')?.click?.();
  findMenuItem(t, 'Capture', 'Start/Stop')?.click?.();
  assert.deepEqual(calls, ['open', 'close', 'go', 'about', 'save-as', 'capture']);
});

test('Export Specified Packets, Follow TCP/UDP Stream (keys shown, left to the page) and Conversations', () => {
  const { calls, actions } = recorder();
  const t = menuTemplate({ packaged: true, platform: 'linux', recent: [], actions });
  const tcp = findMenuItem(t, 'Analyze', 'Follow', 'TCP Stream');
  const udp = findMenuItem(t, 'Analyze', 'Follow', 'UDP Stream');
  assert.equal(tcp?.accelerator, 'CmdOrCtrl+Alt+Shift+T');
  assert.equal(udp?.accelerator, 'CmdOrCtrl+Alt+Shift+U');
  // The page handles these keys itself (as in the web shell): registering them would take them from it.
  assert.equal(tcp?.registerAccelerator, false);
  assert.equal(udp?.registerAccelerator, false);
  findMenuItem(t, 'File', 'Export Specified Packets…')?.click?.();
  tcp?.click?.();
  udp?.click?.();
  findMenuItem(t, 'Statistics', 'Conversations')?.click?.();
  assert.deepEqual(calls, ['export', 'follow tcp', 'follow udp', 'conversations']);
});

test("Edit's marking entries: Wireshark's keys shown and left to the page, each its own action", () => {
  const { calls, actions } = recorder();
  const t = menuTemplate({ packaged: true, platform: 'linux', recent: [], actions });
  const entries = [
    ['Mark/Unmark Packet', 'CmdOrCtrl+M'],
    ['Mark All Displayed', 'CmdOrCtrl+Shift+M'],
    ['Unmark All Displayed', 'CmdOrCtrl+Alt+M'],
    ['Next Mark', 'CmdOrCtrl+Shift+N'],
    ['Previous Mark', 'CmdOrCtrl+Shift+B'],
  ];
  for (const [label, key] of entries) {
    const item = findMenuItem(t, 'Edit', label);
    assert.equal(item?.accelerator, key, label);
    assert.equal(item?.registerAccelerator, false, label);
    item?.click?.();
  }
  assert.deepEqual(calls, ['mark packet', 'mark all-displayed', 'mark none-displayed', 'mark next', 'mark previous']);
});

test('Open Recent lists recent files, newest first as given, at most RECENT_LIMIT', () => {
  const { calls, actions } = recorder();
  const recent: RecentFile[] = Array.from({ length: RECENT_LIMIT + 3 }, (_, i) => ({ path: `/c/${i}.pcap`, name: `${i}.pcap`, openedAt: i }));
  const t = menuTemplate({ packaged: true, platform: 'linux', recent, actions });
  const items = findMenuItem(t, 'File', 'Open Recent')?.submenu ?? [];
  assert.equal(items.length, RECENT_LIMIT);
  assert.equal(items[0].label, '/c/0.pcap');
  items[1].click?.();
  assert.deepEqual(calls, ['recent /c/1.pcap']);
  const none = findMenuItem(menuTemplate({ packaged: true, platform: 'linux', recent: [], actions }), 'File', 'Open Recent');
  assert.deepEqual(none?.submenu, [{ label: 'No Recent Files', enabled: false }]);
});

test('reload and developer tools exist only when not packaged, and reload leaves Ctrl+R to the capture', () => {
  const { actions } = recorder();
  const roles = (packaged: boolean) =>
    (findMenuItem(menuTemplate({ packaged, platform: 'linux', recent: [], actions }), 'View')?.submenu ?? []).map((i) => i.role);
  assert.ok(roles(false).includes('reload'));
  assert.ok(roles(false).includes('toggleDevTools'));
  assert.ok(!roles(true).includes('reload'));
  assert.ok(!roles(true).includes('toggleDevTools'));
  const dev = menuTemplate({ packaged: false, platform: 'linux', recent: [], actions });
  const reload = findMenuItem(dev, 'View')?.submenu?.find((i) => i.role === 'reload');
  assert.notEqual(reload?.accelerator, 'CmdOrCtrl+R');
});

test('on macOS the app menu holds Quit', () => {
  const { actions } = recorder();
  const t = menuTemplate({ packaged: true, platform: 'darwin', recent: [], actions });
  assert.equal(t[0].role, 'appMenu');
  assert.equal(findMenuItem(t, 'File', 'Quit'), undefined);
});
