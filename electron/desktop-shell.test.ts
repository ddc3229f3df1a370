import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { IPC_CALL, IPC_EVENT_PREFIX, type Envelope } from '../core/rpc/bridge';
import { findMenuItem } from './app-menu';
import { startDesktopShell, type ShellOptions } from './desktop-shell';
import { fakeElectron, type FakeElectron } from './test/fake-electron';
import { TestEngine } from './test/test-engine';
import { CONTENT_SECURITY_POLICY } from './window-security';

const paths = { preload: '/app/dist/node/preload.cjs', rendererHtml: '/app/dist/renderer/index.html' };

async function start(e: FakeElectron, argv = ['/x/electron', '.'], extra: Partial<ShellOptions> = {}) {
  const engine = new TestEngine();
  const errors: unknown[] = [];
  const shell = await startDesktopShell(e, {
    createEngine: () => engine,
    argv,
    cwd: '/home/u',
    platform: 'linux',
    paths,
    logError: (err) => errors.push(err),
    ...extra,
  });
  return { shell, engine, errors, win: e.windows[0] };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test('one hardened window loads the renderer with the preload, behind the CSP', async () => {
  const e = fakeElectron();
  const { win, errors } = await start(e);
  assert.equal(e.windows.length, 1);
  assert.equal(win.options.webPreferences.preload, paths.preload);
  assert.equal(win.options.webPreferences.contextIsolation, true);
  assert.equal(win.options.webPreferences.sandbox, true);
  assert.equal(win.options.webPreferences.nodeIntegration, false);
  assert.equal(win.options.webPreferences.webSecurity, true);
  assert.equal(win.loaded, paths.rendererHtml);
  assert.equal(win.shown, true);
  assert.equal(win.webContents.prevented('will-navigate', 'https://evil.example/'), true);
  assert.deepEqual(win.webContents.windowOpenHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
  let headers: Record<string, string[]> = {};
  e.record.cspListener?.({ url: 'x' }, (r) => (headers = r.responseHeaders));
  assert.deepEqual(headers['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
  assert.deepEqual(errors, []);
});

test('the engine answers calls from the window over IPC', async () => {
  const e = fakeElectron();
  const { win } = await start(e);
  const env = (await e.handlers.get(IPC_CALL)!({ senderFrame: win.webContents.mainFrame }, 'appInfo', undefined)) as Envelope;
  assert.deepEqual(env, { ok: true, value: { version: '9.8.7', shell: 'test', platform: 'linux' } });
  assert.equal(win.webContents.mainFrame.url, pathToFileURL(paths.rendererHtml).href);
});

test('a capture named on the command line opens on start; a bad one shows an error box', async () => {
  const ok = await start(fakeElectron(), ['/x/electron', '.', 'dns.pcap']);
  assert.deepEqual(ok.engine.opened, ['/home/u/dns.pcap']);
  const e = fakeElectron({ packaged: true });
  const bad = await start(e, ['/opt/Trawl/trawl', '/c/x.bad']);
  assert.deepEqual(bad.engine.opened, ['/c/x.bad']);
  assert.equal(e.record.errorBoxes.length, 1);
  assert.equal(e.record.errorBoxes[0].title, 'Not a capture Trawl can read');
});

test('a second launch opens its file in the running window and brings it forward', async () => {
  const e = fakeElectron({ packaged: true });
  const { engine, win } = await start(e, ['/opt/Trawl/trawl']);
  assert.deepEqual(e.record.lockData, [{ argv: ['/opt/Trawl/trawl'], cwd: '/home/u' }]);
  win.minimized = true;
  e.appEvents.emit('second-instance', {}, ['/opt/Trawl/trawl', '--x'], '/ignored', { argv: ['/opt/Trawl/trawl', 'b.pcap'], cwd: '/there' });
  await settle();
  assert.deepEqual(engine.opened, ['/there/b.pcap']);
  assert.equal(win.minimized, false);
  assert.equal(win.focused, 1);
});

test('without the single-instance lock the app quits and starts nothing', async () => {
  const e = fakeElectron({ lock: false });
  let created = 0;
  const shell = await startDesktopShell(e, {
    createEngine: () => {
      created++;
      return new TestEngine();
    },
    argv: ['/x/electron', '.', 'a.pcap'],
    cwd: '/',
    platform: 'linux',
    paths,
    logError: () => {},
  });
  assert.equal(shell, null);
  assert.equal(e.record.quits, 1);
  assert.equal(created, 0);
  assert.equal(e.windows.length, 0);
});

test('File → Open… shows the dialog then opens the file; Close, Go to Packet, Save As and Capture Start/Stop reach the renderer as events', async () => {
  const e = fakeElectron();
  const { engine, win } = await start(e);
  const menu = e.record.menu!;
  assert.equal(findMenuItem(menu, 'File', 'Open…')?.accelerator, 'CmdOrCtrl+O');
  e.openAnswers.push(['/c/tls.pcapng']);
  findMenuItem(menu, 'File', 'Open…')?.click?.();
  await settle();
  assert.equal(e.record.openDialogs.length, 1);
  assert.deepEqual(engine.opened, ['/c/tls.pcapng']);

  findMenuItem(menu, 'File', 'Close')?.click?.();
  findMenuItem(menu, 'Go', 'Go to Packet…')?.click?.();
  findMenuItem(menu, 'File', 'Save As…')?.click?.();
  findMenuItem(menu, 'Capture', 'Start/Stop')?.click?.();
  const commands = win.webContents.sent.filter(([ch]) => ch === IPC_EVENT_PREFIX + 'onShellCommand').map(([, p]) => p);
  assert.deepEqual(commands, [{ command: 'close-file' }, { command: 'go-to-packet' }, { command: 'save-as' }, { command: 'start-stop-capture' }]);
});

test('Open Recent follows the engine, and its entries open', async () => {
  const e = fakeElectron();
  const { engine } = await start(e, ['/x/electron', '.', '/c/first.pcap']);
  await settle();
  const items = findMenuItem(e.record.menu!, 'File', 'Open Recent')?.submenu ?? [];
  assert.deepEqual(items.map((i) => i.label), ['/c/first.pcap']);
  items[0].click?.();
  await settle();
  assert.deepEqual(engine.opened, ['/c/first.pcap', '/c/first.pcap']);
});

test('Help → About shows the version', async () => {
  const e = fakeElectron();
  await start(e);
  findMenuItem(e.record.menu!, 'Help', 'About Trawl')?.click?.();
  await settle();
  assert.equal(e.record.messageBoxes[0].message, 'Trawl 9.8.7');
});

test('closing the window stops the IPC binding; quitting disposes the engine', async () => {
  const e = fakeElectron();
  const { win, engine, shell } = await start(e);
  win.close();
  assert.equal(e.handlers.has(IPC_CALL), false);
  assert.equal(shell?.window(), null);
  e.appEvents.emit('window-all-closed');
  assert.equal(e.record.quits, 1);
  e.appEvents.emit('will-quit');
  await settle();
  assert.equal(engine.disposed, 1);
});
