import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { API_EVENTS, API_METHODS, type TrawlApi } from '../core/api';
import { CaptureFormatError, FileAccessError, TrawlError } from '../core/errors';
import { channelFromBridge, IPC_CALL, IPC_EVENT_PREFIX, type Envelope } from '../core/rpc/bridge';
import { proxy } from '../core/rpc/channel';
import { DROP_ORIGIN } from './call-origin';
import { bindEngineToIpc, isRendererPage, isTrustedSender } from './ipc';
import { createPreloadBridge } from './preload-bridge';
import { fakeElectron, FakeFrame, type FakeWindow } from './test/fake-electron';
import { fakeRendererIpc } from './test/fake-renderer-ipc';
import { TestEngine } from './test/test-engine';
import { windowOptions } from './window-security';

const HTML = '/app/dist/renderer/index.html';
const URL_OF_HTML = pathToFileURL(HTML).href;

async function setup(shellCalls?: Parameters<typeof bindEngineToIpc>[0]['shellCalls']) {
  const e = fakeElectron();
  const engine = new TestEngine();
  const win = new e.BrowserWindow(windowOptions('/app/dist/node/preload.cjs')) as FakeWindow;
  await win.loadFile(HTML);
  const drops: [string, Error][] = [];
  const binding = bindEngineToIpc({
    ipcMain: e.ipcMain,
    engine,
    window: () => (win.isDestroyed() ? null : win),
    rendererUrl: URL_OF_HTML,
    onDropOpenFailed: (path, error) => drops.push([path, error]),
    shellCalls,
  });
  let frame: FakeFrame | null = win.webContents.mainFrame;
  const ipc = fakeRendererIpc(e, win, () => frame);
  const call = (...args: unknown[]) => e.handlers.get(IPC_CALL)!({ senderFrame: frame }, ...args) as Promise<Envelope>;
  return { e, engine, win, binding, drops, ipc, call, setFrame: (f: FakeFrame | null) => (frame = f) };
}

test('a valid call from our window reaches the engine and answers with its envelope', async () => {
  const { engine, call } = await setup();
  const env = await call('openFile', { path: '/c/dns.pcap' });
  assert.equal(env.ok, true);
  assert.equal(env.ok && (env.value as { name: string }).name, 'dns.pcap');
  assert.deepEqual(engine.opened, ['/c/dns.pcap']);
});

test('an unknown method is refused without reaching the engine', async () => {
  const { engine, call } = await setup();
  for (const m of ['fireShellCommand', 'dispose', 'constructor', 'onSessionOpened', 42, undefined]) {
    const env = await call(m, { path: '/c/x.pcap' });
    assert.equal(env.ok, false, String(m));
    assert.equal(!env.ok && env.error.name, 'BadRequestError');
  }
  assert.deepEqual(engine.commands, []);
  assert.deepEqual(engine.opened, []);
});

test('calls from a foreign frame are refused: another page, a subframe, another frame, no frame', async () => {
  const { engine, call, setFrame, win } = await setup();
  const main = win.webContents.mainFrame;
  const foreign = [
    new FakeFrame('https://evil.example/', main.processId, main.routingId),
    new FakeFrame('file:///tmp/other.html', main.processId, main.routingId),
    new FakeFrame(URL_OF_HTML, main.processId, 7, main),
    new FakeFrame(URL_OF_HTML, 2, main.routingId),
    null,
  ];
  for (const f of foreign) {
    setFrame(f);
    const env = await call('openFile', { path: '/c/dns.pcap' });
    assert.equal(!env.ok && env.error.code, 'forbidden-sender', f?.url ?? 'null frame');
  }
  assert.deepEqual(engine.opened, []);
  setFrame(new FakeFrame(`${URL_OF_HTML}#/packets?x=1`, main.processId, main.routingId));
  assert.equal((await call('sessions', undefined)).ok, true, 'a fragment on our own page is still our page');
});

test('the sender check needs a live window', () => {
  const frame = new FakeFrame(URL_OF_HTML);
  assert.equal(isTrustedSender(frame, null, URL_OF_HTML), false);
  assert.equal(isRendererPage('https://x/app/dist/renderer/index.html', 'https://x/app/dist/renderer/index.html'), false);
  assert.equal(isRendererPage('::', URL_OF_HTML), false);
});

test('through the preload bridge a typed error comes back as its class', async () => {
  const { ipc } = await setup();
  const api = proxy<TrawlApi>(channelFromBridge(createPreloadBridge(ipc)), { methods: API_METHODS, events: API_EVENTS });
  await assert.rejects(api.openFile({ path: '/c/x.bad' }), (err: unknown) => {
    assert.ok(err instanceof CaptureFormatError);
    assert.equal(err.code, 'bad-magic');
    return true;
  });
  await assert.rejects(api.openFile({ path: '/missing/a.pcap' }), (err: unknown) => {
    assert.ok(err instanceof FileAccessError);
    assert.equal(err.path, '/missing/a.pcap');
    return true;
  });
  await assert.rejects(api.packet({ sessionId: 'nope', number: 1 }), (err: unknown) => err instanceof TrawlError && err.code === 'no-session');
  const info = await api.openFile({ path: '/c/ok.pcap' });
  assert.equal(info.sessionId, 's1');
  assert.deepEqual((await api.sessions()).map((s) => s.path), ['/c/ok.pcap']);
});

test('every contract event is forwarded to the window, and stops when the binding is disposed', async () => {
  const { engine, win, binding, e } = await setup();
  await engine.openFile({ path: '/c/a.pcap' });
  engine.fireShellCommand('go-to-packet');
  await engine.closeSession({ sessionId: 's1' });
  assert.deepEqual(
    win.webContents.sent.map(([ch]) => ch),
    [IPC_EVENT_PREFIX + 'onSessionOpened', IPC_EVENT_PREFIX + 'onShellCommand', IPC_EVENT_PREFIX + 'onSessionClosed'],
  );
  assert.deepEqual(win.webContents.sent[1][1], { command: 'go-to-packet' });
  binding.dispose();
  engine.fireShellCommand('close-file');
  assert.equal(win.webContents.sent.length, 3);
  assert.equal(e.handlers.has(IPC_CALL), false);
});

test('events are not sent to a window that is gone', async () => {
  const { engine, win } = await setup();
  win.close();
  engine.fireShellCommand('close-file');
  assert.deepEqual(win.webContents.sent, []);
});

test('a dropped file that fails to open is reported with its path; renderer calls are not', async () => {
  const { call, drops } = await setup();
  await call('openFile', { path: '/c/x.bad' }, DROP_ORIGIN);
  await call('openFile', { path: '/c/y.bad' });
  await call('openFile', { path: '/c/fine.pcap' }, DROP_ORIGIN);
  assert.equal(drops.length, 1);
  assert.equal(drops[0][0], '/c/x.bad');
  assert.ok(drops[0][1] instanceof CaptureFormatError);
});

test('a call with a malformed argument is a typed error, not a crash', async () => {
  const { call } = await setup();
  const env = await call('openFile', null);
  assert.equal(env.ok, false);
  assert.equal(!env.ok && typeof env.error.message, 'string');
});

test('a call the shell answers itself (the native open dialog) never reaches the engine', async () => {
  const { engine, call } = await setup({
    showOpenDialog: async () => engine.openFile({ path: '/c/picked.pcapng' }),
  });
  const env = await call('showOpenDialog', undefined);
  assert.equal(env.ok, true);
  assert.equal(env.ok && (env.value as { name: string }).name, 'picked.pcapng');
  assert.deepEqual(engine.opened, ['/c/picked.pcapng']);
});

test('without the shell answering it, showOpenDialog is the engine\'s typed refusal', async () => {
  const { call } = await setup();
  const env = await call('showOpenDialog', undefined);
  assert.equal(env.ok, false);
  assert.equal(!env.ok && env.error.code, 'no-open-dialog');
});
