import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportProgress, FollowProtocol, SessionId } from '../core/api';
import { BadRequestError, FileAccessError, NotFoundError } from '../core/errors';
import { indexCapture } from '../core/pcap/test/export-in-memory';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { createEngine, type Engine } from './engine';
import { ExportService, type ExportFlows } from './export-service';
import type { ServiceHost } from './service-host';
import { Session } from './session';

const cap = (p: string) => join(CAPTURES_DIR, p);

/** tshark's view of a file's frames: lengths, time, comments, interface. */
function frames(path: string, filter?: string): string {
  const args = ['-r', path, ...(filter ? ['-Y', filter] : []), '-T', 'fields', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.time_epoch', '-e', 'frame.comment', '-e', 'frame.interface_name'];
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Each packet's bytes, read with our reader. */
async function packetBytes(path: string): Promise<string[]> {
  const file = new Uint8Array(await readFile(path));
  return indexCapture(file).records.map((r) => Buffer.from(file.subarray(r.dataOffset, r.dataOffset + r.caplen)).toString('hex'));
}

/** What `tshark -r SOURCE [-Y FILTER] -w OUT` writes, as `frames` shows it: the reference for an export. */
function tsharkExport(source: string, dir: string, filter?: string): string {
  const out = join(dir, `tshark-${Math.random().toString(36).slice(2)}.pcapng`);
  execFileSync('tshark', ['-r', source, ...(filter ? ['-Y', filter] : []), '-w', out], { stdio: 'ignore' });
  return frames(out);
}

async function withEngine(fn: (engine: Engine, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-export-test-'));
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: join(dir, 'tmp'), workers: 1 });
  try {
    await fn(engine, dir);
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The final progress of an export, from the events (or the returned progress when already final). */
function finished(events: { onExportProgress: Engine['onExportProgress'] }, start: ExportProgress): Promise<ExportProgress> {
  if (start.done) return Promise.resolve(start);
  return new Promise((resolve) => {
    const sub = events.onExportProgress((p) => {
      if (p.exportId !== start.exportId || !p.done) return;
      sub.dispose();
      resolve(p);
    });
  });
}

async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.includes('trawl-export'));
}

test('export all, a view, a range and chosen packets: the frames tshark sees in the source', async () => {
  await withEngine(async (engine, dir) => {
    const source = cap('zeek-traces/pcapng-multi-interface.pcapng');
    const { sessionId } = await engine.openFile({ path: source });
    await engine.whenIndexed(sessionId);
    const all = join(dir, 'all.pcapng');
    const seen: ExportProgress[] = [];
    const sub = engine.onExportProgress((p) => seen.push(p));
    const end = await finished(engine, await engine.exportPackets({ sessionId, selection: { kind: 'all' }, path: all, comment: 'everything' }));
    sub.dispose();
    assert.equal(end.error, undefined);
    assert.deepEqual([end.written, end.total, end.done, end.cancelled], [6, 6, true, false]);
    assert.ok(end.bytesWritten > 0 && seen.some((p) => p.done));
    assert.equal(frames(all), frames(source));
    assert.deepEqual(await packetBytes(all), await packetBytes(source));

    const pcap = cap('zeek-traces/ssh/ssh.pcap');
    const s2 = (await engine.openFile({ path: pcap })).sessionId;
    await engine.whenIndexed(s2);
    const view = (await engine.applyFilter({ sessionId: s2, expression: 'tcp.flags.push == 1' })).view;
    const viewOut = join(dir, 'view.pcapng');
    await finished(engine, await engine.exportPackets({ sessionId: s2, selection: { kind: 'view', view }, path: viewOut }));
    const want = frames(pcap, 'tcp.flags.push == 1');
    assert.ok(want.split('\n').length > 5);
    assert.equal(frames(viewOut), tsharkExport(pcap, dir, 'tcp.flags.push == 1'));

    const rangeOut = join(dir, 'range.pcapng');
    await finished(engine, await engine.exportPackets({ sessionId: s2, selection: { kind: 'range', from: 3, to: 7 }, path: rangeOut }));
    assert.equal(frames(rangeOut), tsharkExport(pcap, dir, 'frame.number >= 3 && frame.number <= 7'));

    const packetsOut = join(dir, 'packets.pcapng');
    const numbers = Uint32Array.of(9, 2, 9, 4);
    await finished(engine, await engine.exportPackets({ sessionId: s2, selection: { kind: 'packets', numbers }, path: packetsOut }));
    assert.equal(frames(packetsOut), tsharkExport(pcap, dir, 'frame.number in {2, 4, 9}'));
    assert.deepEqual(await leftovers(dir), []);
  });
});

test('refuses the source, relative paths, missing folders and bad selections; cancels unknown ids with NotFoundError', async () => {
  await withEngine(async (engine, dir) => {
    const source = join(dir, 'copy.pcap');
    await copyFile(cap('zeek-traces/ssh/ssh.pcap'), source);
    const before = await readFile(source);
    const { sessionId } = await engine.openFile({ path: source });
    await engine.whenIndexed(sessionId);
    const req = (path: string) => ({ sessionId, selection: { kind: 'all' as const }, path });
    await assert.rejects(engine.exportPackets(req(source)), BadRequestError);
    await assert.rejects(engine.exportPackets(req(join(dir, '.', 'copy.pcap'))), BadRequestError);
    await assert.rejects(engine.exportPackets(req('out.pcapng')), BadRequestError);
    await assert.rejects(engine.exportPackets(req(join(dir, 'no-such-dir', 'out.pcapng'))), (e: unknown) => e instanceof FileAccessError && e.code === 'not-found');
    await assert.rejects(engine.exportPackets(req(dir)), (e: unknown) => e instanceof FileAccessError && e.code === 'not-a-file');
    const out = join(dir, 'x.pcapng');
    await assert.rejects(engine.exportPackets({ sessionId, selection: { kind: 'range', from: 5, to: 2 }, path: out }), BadRequestError);
    await assert.rejects(engine.exportPackets({ sessionId, selection: { kind: 'packets', numbers: Uint32Array.of(1, 100000) }, path: out }), BadRequestError);
    await assert.rejects(engine.exportPackets({ sessionId, selection: { kind: 'view', view: 'filter-99' }, path: out }), NotFoundError);
    await assert.rejects(engine.cancelExport({ exportId: 'export-404' }), NotFoundError);
    assert.deepEqual(await readFile(source), before);
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.pcapng') || f.includes('trawl-export')), []);
  });
});

/** A pcap of `n` copies of one small Ethernet frame (about 80 bytes a packet on disk). */
async function bigPcap(path: string, n: number): Promise<void> {
  const frame = Buffer.from('00112233445566778899aabb08004500002e0001000040110000c0a80001c0a80002d43100350008000000000000000000000000000000000000000000000000', 'hex');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const rec = Buffer.alloc(16 + frame.length);
  rec.writeUInt32LE(frame.length, 8);
  rec.writeUInt32LE(frame.length, 12);
  frame.copy(rec, 16);
  const body = Buffer.alloc(rec.length * n);
  for (let i = 0; i < n; i++) {
    rec.writeUInt32LE(1700000000 + Math.floor(i / 1000), 0);
    rec.writeUInt32LE((i % 1000) * 1000, 4);
    rec.copy(body, i * rec.length);
  }
  await writeFile(path, Buffer.concat([header, body]));
}

test('cancel stops an export and leaves nothing at the path or beside it', async () => {
  await withEngine(async (engine, dir) => {
    const source = join(dir, 'big.pcap');
    await bigPcap(source, 300000);
    const { sessionId } = await engine.openFile({ path: source });
    await engine.whenIndexed(sessionId);
    const out = join(dir, 'out.pcapng');
    const start = await engine.exportPackets({ sessionId, selection: { kind: 'all' }, path: out });
    const end = finished(engine, start);
    await engine.cancelExport({ exportId: start.exportId });
    const p = await end;
    assert.deepEqual([p.done, p.cancelled, p.error], [true, true, undefined]);
    assert.ok(p.written < 300000);
    assert.deepEqual(await leftovers(dir), []);
    await assert.rejects(readFile(out), /ENOENT/);
    // A finished export's id may still be cancelled (too late: nothing happens).
    await engine.cancelExport({ exportId: start.exportId });

    const whole = await finished(engine, await engine.exportPackets({ sessionId, selection: { kind: 'all' }, path: out }));
    assert.deepEqual([whole.written, whole.done, whole.cancelled], [300000, true, false]);
    const capinfos = execFileSync('capinfos', ['-T', '-M', '-c', '-E', out], { encoding: 'utf8' }).trim().split('\n')[1].split('\t');
    assert.deepEqual(capinfos.slice(1), ['ether', '300000']);
  });
});

/** The export service alone over a session, with a fake flow service. */
async function withService(path: string, flows: ExportFlows, fn: (svc: ExportService, s: Session, dir: string, events: ExportProgress[]) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-export-flows-'));
  const s = await Session.open({ sessionId: 's1', path, userPath: true, onProgress: () => undefined });
  const host: ServiceHost = {
    session: (id: SessionId) => {
      if (id !== 's1') throw new NotFoundError('session-not-found', `no session ${id}`);
      return s;
    },
    filterPool: () => undefined,
    tempDir: async () => dir,
    disposed: false,
  };
  const events: ExportProgress[] = [];
  const svc = new ExportService(host, flows, (p) => events.push(p));
  try {
    await s.indexed;
    await fn(svc, s, dir, events);
  } finally {
    await svc.dispose();
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function waitDone(events: ExportProgress[], id: string): Promise<ExportProgress> {
  return new Promise((resolve) => {
    const poll = () => {
      const p = events.find((e) => e.exportId === id && e.done);
      if (p) resolve(p);
      else setTimeout(poll, 5);
    };
    poll();
  });
}

test('flows: every packet of the chosen streams (from the flow service), once, in file order', async () => {
  const pcap = cap('zeek-traces/ssh/ssh.pcap');
  const asked: [FollowProtocol, number][] = [];
  const flows: ExportFlows = {
    streamPackets: async (_s, protocol, stream) => {
      asked.push([protocol, stream]);
      return stream === 0 ? Uint32Array.of(1, 2, 3, 10) : Uint32Array.of(3, 5);
    },
    packetStreams: async () => ({ tcp: new Int32Array(0), udp: new Int32Array(0) }),
  };
  await withService(pcap, flows, async (svc, _s, dir, events) => {
    const out = join(dir, 'flows.pcapng');
    const start = await svc.exportPackets({ sessionId: 's1', selection: { kind: 'flows', protocol: 'tcp', streams: [0, 4] }, path: out });
    const end = await waitDone(events, start.exportId);
    assert.equal(end.error, undefined);
    assert.deepEqual(asked, [['tcp', 0], ['tcp', 4]]);
    assert.equal(frames(out), tsharkExport(pcap, dir, 'frame.number in {1, 2, 3, 5, 10}'));
  });
});

test('an export waiting on the flow pass is cancelled cleanly; a failing flow service ends it with the error and no file', async () => {
  const never: ExportFlows = {
    streamPackets: () => new Promise<Uint32Array>(() => undefined),
    packetStreams: () => new Promise(() => undefined),
  };
  await withService(cap('zeek-traces/ssh/ssh.pcap'), never, async (svc, _s, dir, events) => {
    const out = join(dir, 'never.pcapng');
    const start = await svc.exportPackets({ sessionId: 's1', selection: { kind: 'flows', protocol: 'udp', streams: [1] }, path: out });
    await svc.cancelExport({ exportId: start.exportId });
    const end = await waitDone(events, start.exportId);
    assert.deepEqual([end.cancelled, end.error], [true, undefined]);
    assert.deepEqual(await leftovers(dir), []);
  });
  const failing: ExportFlows = {
    streamPackets: async () => {
      throw new NotFoundError('stream-not-found', 'TCP stream 7 does not exist');
    },
    packetStreams: async () => ({ tcp: new Int32Array(0), udp: new Int32Array(0) }),
  };
  await withService(cap('zeek-traces/ssh/ssh.pcap'), failing, async (svc, _s, dir, events) => {
    const out = join(dir, 'failing.pcapng');
    const start = await svc.exportPackets({ sessionId: 's1', selection: { kind: 'flows', protocol: 'tcp', streams: [7] }, path: out });
    const end = await waitDone(events, start.exportId);
    assert.deepEqual([end.done, end.cancelled, end.error], [true, false, { code: 'stream-not-found', message: 'TCP stream 7 does not exist' }]);
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.pcapng') || f.includes('trawl-export')), []);
  });
});
