import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BRIDGE_GLOBAL, IPC_CALL, IPC_EVENT_PREFIX, type PreloadBridge } from '../core/rpc/bridge';
import { DROP_ORIGIN } from './call-origin';
import {
  createPreloadBridge,
  installPreload,
  type DropEventLike,
  type DropTarget,
  type IpcListener,
  type IpcRendererLike,
} from './preload-bridge';

function recordingIpc() {
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<IpcListener>>();
  const ipc: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push([channel, ...args]);
      return { ok: true, value: args[0] };
    },
    on(channel, l) {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l));
    },
    removeListener(channel, l) {
      listeners.get(channel)?.delete(l);
    },
  };
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: { secret: true } }, payload);
  };
  return { ipc, invoked, listeners, emit };
}

class FakeDropTarget implements DropTarget {
  readonly listeners: { type: string; capture: boolean; listener: (e: DropEventLike) => void }[] = [];
  addEventListener(type: 'drop' | 'dragover', listener: (e: DropEventLike) => void, capture: boolean): void {
    this.listeners.push({ type, capture, listener });
  }
  dispatch(type: string, e: DropEventLike) {
    for (const l of this.listeners) if (l.type === type) l.listener(e);
  }
}

function dragEvent(files: { name: string }[], types = ['Files']) {
  const state = { prevented: false, stopped: false };
  const e: DropEventLike = {
    dataTransfer: { types, files: files as unknown as File[], dropEffect: 'none' },
    preventDefault: () => void (state.prevented = true),
    stopImmediatePropagation: () => void (state.stopped = true),
  };
  return { e, state };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test('the preload exposes exactly invoke and on under the bridge global', () => {
  const { ipc } = recordingIpc();
  const exposed: [string, unknown][] = [];
  installPreload(
    { contextBridge: { exposeInMainWorld: (k, v) => void exposed.push([k, v]) }, ipcRenderer: ipc, webUtils: { getPathForFile: () => '' } },
    new FakeDropTarget(),
    () => {},
  );
  assert.equal(exposed.length, 1);
  assert.equal(exposed[0][0], BRIDGE_GLOBAL);
  const bridge = exposed[0][1] as Record<string, unknown>;
  assert.deepEqual(Object.keys(bridge).sort(), ['invoke', 'on']);
  assert.ok(Object.isFrozen(bridge));
});

test('invoke sends contract calls and refuses any other name without sending', async () => {
  const { ipc, invoked } = recordingIpc();
  const bridge = createPreloadBridge(ipc);
  assert.deepEqual(await bridge.invoke('openFile', { path: '/a.pcap' }), { ok: true, value: 'openFile' });
  assert.deepEqual(invoked, [[IPC_CALL, 'openFile', { path: '/a.pcap' }]]);
  for (const name of ['fireShellCommand', 'onSessionOpened', '__proto__', 'toString', '']) {
    const env = await bridge.invoke(name, {});
    assert.equal(env.ok, false, name);
    assert.equal(!env.ok && env.error.name, 'BadRequestError');
  }
  const env = await (bridge.invoke as (m: unknown, a: unknown) => ReturnType<PreloadBridge['invoke']>)(42, {});
  assert.equal(env.ok, false);
  assert.equal(invoked.length, 1);
});

test('on subscribes to contract events only, passes the payload without the IPC event, and unsubscribes', () => {
  const { ipc, listeners, emit } = recordingIpc();
  const bridge = createPreloadBridge(ipc);
  const got: unknown[][] = [];
  const off = bridge.on('onShellCommand', (...args: unknown[]) => void got.push(args));
  emit(IPC_EVENT_PREFIX + 'onShellCommand', { command: 'close-file' });
  assert.deepEqual(got, [[{ command: 'close-file' }]]);
  off();
  emit(IPC_EVENT_PREFIX + 'onShellCommand', { command: 'go-to-packet' });
  assert.equal(got.length, 1);
  assert.equal(listeners.get(IPC_EVENT_PREFIX + 'onShellCommand')?.size, 0);
  assert.throws(() => bridge.on('onSecret', () => {}), /Unknown event "onSecret"/);
  assert.throws(() => bridge.on('openFile', () => {}), /Unknown event/);
  assert.throws(() => bridge.on('onSessionOpened', 'nope' as unknown as () => void), /not a function/);
  assert.equal([...listeners.keys()].length, 1);
});

test('dropped files open by path, one after another, and the page never sees the drop', async () => {
  const { ipc, invoked } = recordingIpc();
  const target = new FakeDropTarget();
  const errors: unknown[] = [];
  const paths = new Map([['a.pcap', '/home/u/a.pcap'], ['b.pcapng', '/home/u/b.pcapng']]);
  installPreload(
    {
      contextBridge: { exposeInMainWorld: () => {} },
      ipcRenderer: ipc,
      webUtils: { getPathForFile: (f) => paths.get(f.name) ?? '' },
    },
    target,
    (e) => errors.push(e),
  );
  assert.ok(target.listeners.every((l) => l.capture), 'capture phase, before the page');

  const over = dragEvent([{ name: 'a.pcap' }]);
  target.dispatch('dragover', over.e);
  assert.equal(over.state.prevented, true, 'dragover must be prevented for a drop to happen');
  assert.equal(over.state.stopped, false, 'the page may still show a drop highlight');

  const drop = dragEvent([{ name: 'a.pcap' }, { name: 'pasted.txt' }, { name: 'b.pcapng' }]);
  target.dispatch('drop', drop.e);
  assert.equal(drop.state.prevented, true);
  assert.equal(drop.state.stopped, true);
  await settle();
  assert.deepEqual(invoked, [
    [IPC_CALL, 'openFile', { path: '/home/u/a.pcap' }, DROP_ORIGIN],
    [IPC_CALL, 'openFile', { path: '/home/u/b.pcapng' }, DROP_ORIGIN],
  ]);
  assert.equal(errors.length, 1, 'a file with no path on disk is reported');
});

test('a drag without files (text, a link) is left to the page', async () => {
  const { ipc, invoked } = recordingIpc();
  const target = new FakeDropTarget();
  installPreload({ contextBridge: { exposeInMainWorld: () => {} }, ipcRenderer: ipc, webUtils: { getPathForFile: () => '/x' } }, target, () => {});
  const drop = dragEvent([], ['text/plain']);
  target.dispatch('dragover', drop.e);
  target.dispatch('drop', drop.e);
  await settle();
  assert.deepEqual(drop.state, { prevented: false, stopped: false });
  assert.deepEqual(invoked, []);
});

test('getPathForFile throwing on a non-file is reported, and the other files still open', async () => {
  const { ipc, invoked } = recordingIpc();
  const target = new FakeDropTarget();
  const errors: unknown[] = [];
  installPreload(
    {
      contextBridge: { exposeInMainWorld: () => {} },
      ipcRenderer: ipc,
      webUtils: {
        getPathForFile: (f) => {
          if (f.name === 'weird') throw new TypeError('not a File');
          return `/d/${f.name}`;
        },
      },
    },
    target,
    (e) => errors.push(e),
  );
  target.dispatch('drop', dragEvent([{ name: 'weird' }, { name: 'ok.pcap' }]).e);
  await settle();
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof TypeError);
  assert.deepEqual(invoked, [[IPC_CALL, 'openFile', { path: '/d/ok.pcap' }, DROP_ORIGIN]]);
});
