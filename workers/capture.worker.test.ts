/**
 * The capture worker, started as the engine starts it (startWorker + workerUrl('capture')), driving a
 * FAKE capture helper: a shell script written here that behaves as helper/trawl-capture does on its
 * stdin, stderr and exit code (see workers/capture-helper.ts) and sends a shared pcapng capture in odd
 * pieces. Needs no root. What the worker writes is checked byte for byte against what the fake sent,
 * by core/pcap reading the files back from disk, and by tshark.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InterfaceInfo } from '../core/api';
import type { RawInsn } from '../core/bpf/opcodes';
import { BadRequestError, FileAccessError, HelperError } from '../core/errors';
import { compileFilter } from '../core/filter/compile';
import { createCaptureParser } from '../core/pcap/index';
import { BlockType } from '../core/pcap/pcapng-reader';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { ringFilePath } from './capture-files';
import { encodeProgram, startCaptureHelper, type HelperReady } from './capture-helper';
import type {
  CaptureBatchEvent,
  CaptureFileClosedEvent,
  CaptureFileEvent,
  CaptureOutcome,
  CaptureRing,
  CaptureStatsEvent,
  CaptureWorkerApi,
} from './capture-worker-api';
import { CAPTURE_WORKER_NAMES } from './capture-worker-api';
import { PcapngBlockSplitter, isPacketBlock } from './pcapng-block-splitter';
import { HELPER, NetnsPair, assertSameFrames, exited, must, readCapture, requireCaptureTools } from './test/netns';
import { startWorker, type WorkerHandle } from './worker-handle';
import { workerUrl } from './worker-url';

// SHB, IDB, 100 EPBs, ISB: the shape of the helper's own output; 59252 bytes, and tshark dissects it without a warning.
const QUIC = join(CAPTURES_DIR, 'zeek-traces', 'quic', 'merlinc2_Zeek_example.pcapng');
// SHB, IDB, 79 EPBs; 11168 bytes.
const LEAK_TEST = join(CAPTURES_DIR, 'zeek-traces', 'snmp', 'leak_test.pcapng');
const PROGRAM: RawInsn[] = [{ code: 0x06, jt: 0, jf: 0, k: 262144 }]; // ret #262144
const READY_LINE = 'ready interface=fake0 ifindex=1 linktype=1 snaplen=262144 ring=4194304 blocks=4';
const ROOT_WARNING = 'Running as user "root" and group "root". This could be dangerous.';

let work = '';
let serial = 0;

interface FakeHelper {
  /** The capture to send. */
  source: string;
  /** Where each piece of stdout ends (ascending byte offsets); default: pieces of 997 bytes, the whole file. */
  cuts?: number[];
  /** Seconds to sleep after each piece. */
  delay?: number;
  /** Sleep this long after piece `index` (an idle interface). */
  pause?: { index: number; seconds: number };
  /** Say `error …` and exit with this code after the pieces (or before any, with cuts []). */
  fail?: { exit: number; error: string };
  /** Stop like the real helper when stdin closes. */
  stopOnStdinEof?: boolean;
  /** The final stats line's counters. */
  packets?: number;
}

interface Fake {
  path: string;
  dir: string;
  /** The fake's pid, once it ran. */
  pid(): number | undefined;
  /** Whether it got SIGINT (and stopped cleanly). */
  interrupted(): boolean;
  args(): string[];
  program(): Buffer;
}

/** Writes an executable fake helper: the helper's stdin/stderr/exit contract, `source` on stdout. */
function fakeHelper(o: FakeHelper): Fake {
  const dir = join(work, `fake${serial++}`);
  mkdirSync(dir);
  const size = readFileSync(o.source).length;
  const cuts = o.cuts ?? Array.from({ length: Math.ceil(size / 997) }, (_, i) => Math.min(size, (i + 1) * 997));
  const packets = o.packets ?? 0;
  const pieces = cuts.map((cut, i) => {
    const from = i === 0 ? 0 : cuts[i - 1];
    const sleep = [o.delay ?? 0, o.pause?.index === i ? o.pause.seconds : 0].filter((s) => s > 0);
    return [
      `dd if='${o.source}' bs=65536 iflag=skip_bytes,count_bytes skip=${from} count=${cut - from} status=none 2>/dev/null || :`, // the real helper exits 8 here; this one goes on, so a test sees who ends it
      ...sleep.map((s) => `sleep ${s} & wait $!`),
      ...(i === 0 ? ['echo "stats received=1 dropped=0 written=1" >&2'] : []),
    ].join('\n');
  });
  const script = [
    '#!/bin/sh',
    '# A fake trawl-capture for workers/capture.worker.test.ts.',
    `D='${dir}'`,
    'echo $$ > "$D/pid"',
    'printf "%s\\n" "$@" > "$D/args"',
    `head -c ${encodeProgram(PROGRAM).length} > "$D/program"`,
    `trap 'echo "stats received=7 dropped=1 written=6" >&2; : > "$D/sigint"; exit 0' INT`,
    ...(o.stopOnStdinEof ? ['( cat > /dev/null; kill -INT $$ ) &'] : []),
    ...(o.fail && cuts.length === 0 ? [] : [`echo "${READY_LINE}" >&2`]),
    ...pieces,
    ...(o.fail ? [`echo "error ${o.fail.error}" >&2`, `exit ${o.fail.exit}`] : [`echo "stats received=${packets} dropped=0 written=${packets}" >&2`, 'exit 0']),
    '',
  ].join('\n');
  const path = join(dir, 'trawl-capture');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : undefined);
  return {
    path,
    dir,
    pid: () => {
      const p = read('pid');
      return p === undefined ? undefined : Number(p.toString().trim());
    },
    interrupted: () => read('sigint') !== undefined,
    args: () => (read('args')?.toString() ?? '').split('\n').filter((a) => a !== ''),
    program: () => read('program') ?? Buffer.alloc(0),
  };
}

type Logged =
  | { kind: 'ready'; e: HelperReady }
  | { kind: 'file'; e: CaptureFileEvent }
  | { kind: 'closed'; e: CaptureFileClosedEvent }
  | { kind: 'batch'; e: CaptureBatchEvent }
  | { kind: 'stats'; e: CaptureStatsEvent };

interface Started {
  worker: WorkerHandle<CaptureWorkerApi>;
  log: Logged[];
  run: Promise<CaptureOutcome>;
}

/** Starts a capture worker as the engine does and runs one capture with `fake`. */
function startCapture(fake: Fake, outputPath: string, ring?: CaptureRing, batchSize = 40): Started {
  const worker = startWorker<CaptureWorkerApi>(workerUrl('capture'), CAPTURE_WORKER_NAMES, 'capture');
  const log: Logged[] = [];
  worker.api.onReady((e) => log.push({ kind: 'ready', e }));
  worker.api.onFile((e) => log.push({ kind: 'file', e }));
  worker.api.onFileClosed((e) => log.push({ kind: 'closed', e }));
  worker.api.onBatch((e) => log.push({ kind: 'batch', e }));
  worker.api.onStats((e) => log.push({ kind: 'stats', e }));
  const run = worker.call((w) => w.run({ helper: { interface: 'fake0', program: PROGRAM, helperPath: fake.path }, outputPath, ring, batchSize }));
  run.catch(() => undefined); // each test awaits it
  return { worker, log, run };
}

async function settle<T>(p: Promise<T>): Promise<{ ok: T } | { error: unknown }> {
  try {
    return { ok: await p };
  } catch (error) {
    return { error };
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One row per packet, as core/pcap reads the file back from disk. */
function packetsOnDisk(path: string): { rows: string[]; problem: unknown; validBytes: number } {
  const rows: string[] = [];
  const parser = createCaptureParser({
    packet: (_rec, dataOffset, caplen, origlen, tsSec, tsNsec, iface) => void rows.push([dataOffset, caplen, origlen, tsSec, tsNsec, iface].join(' ')),
    interface: () => undefined,
  });
  parser.push(readFileSync(path));
  return { rows, problem: parser.finish(), validBytes: parser.validBytes };
}

/** The interfaces core/pcap reads from a capture's IDBs. */
function interfacesOf(path: string): InterfaceInfo[] {
  const found: InterfaceInfo[] = [];
  createCaptureParser({ packet: () => undefined, interface: (i) => found.push(i) }).push(readFileSync(path));
  return found;
}

/** The same rows from the worker's batches for file `fileIndex`. */
function packetsInBatches(log: Logged[], fileIndex: number): string[] {
  const rows: string[] = [];
  for (const l of log) {
    if (l.kind !== 'batch' || l.e.fileIndex !== fileIndex) continue;
    const b = l.e;
    for (let i = 0; i < b.count; i++) rows.push([b.dataOffsets[i], b.caplens[i], b.origlens[i], b.tsSecs[i], b.tsNsecs[i], b.interfaceIds[i]].join(' '));
  }
  return rows;
}

/** `tshark -r F -T fields -e frame.time_epoch -e frame.len`: its lines; fails on any warning. */
function tsharkFrames(path: string): string[] {
  const r = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len'], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'tshark (Wireshark) must be installed for these tests');
  assert.equal(r.status, 0, `tshark -r ${path}: ${r.stderr}`);
  assert.equal(r.stderr.replace(ROOT_WARNING, '').trim(), '', `tshark warns about ${path}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** The header blocks (everything before the first packet block) and whole-block ends of a capture. */
function layout(path: string): { header: Buffer; blockEnds: number[] } {
  const bytes = readFileSync(path);
  const blocks = new PcapngBlockSplitter().push(bytes);
  const first = blocks.findIndex((b) => isPacketBlock(b.type));
  return { header: bytes.subarray(0, blocks[first].offset), blockEnds: blocks.map((b) => b.offset + b.bytes.length) };
}

/** The events' order follows the contract: ready; per file, onFile, its batches, onFileClosed; then the next. */
function assertEventOrder(log: Logged[]): void {
  const ready = log.findIndex((l) => l.kind === 'ready');
  assert.equal(ready, 0, 'onReady comes first');
  let open: number | undefined;
  let next = 0;
  for (const l of log) {
    if (l.kind === 'file') {
      assert.equal(open, undefined, `onFile(${l.e.fileIndex}) while file ${open} is open`);
      assert.equal(l.e.fileIndex, next);
      open = l.e.fileIndex;
      next++;
    } else if (l.kind === 'batch') {
      assert.equal(l.e.fileIndex, open, 'a batch for a file that is not open');
    } else if (l.kind === 'closed') {
      assert.equal(l.e.fileIndex, open);
      open = undefined;
    }
  }
  assert.equal(open, undefined, 'the last file was closed');
}

/** Whether `pid` is a live process (a zombie has ended; nobody reaps a child whose worker thread is gone). */
function processRuns(pid: number): boolean {
  const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  return status !== '' && !/^State:\s+Z/m.test(status);
}

const files = (log: Logged[]) => log.flatMap((l) => (l.kind === 'file' ? [l.e] : []));
const closes = (log: Logged[]) => log.flatMap((l) => (l.kind === 'closed' ? [l.e] : []));

before(() => {
  work = mkdtempSync(join(tmpdir(), 'trawl-capture-worker-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('capture worker with a fake helper', () => {
  it('writes the helper stream byte for byte and indexes exactly what core/pcap reads back from the file', async () => {
    const fake = fakeHelper({ source: QUIC, packets: 100 });
    const out = join(work, 'single.pcapng');
    const { worker, log, run } = startCapture(fake, out);
    const outcome = await run;
    await worker.terminate();

    const source = readFileSync(QUIC);
    assert.ok(readFileSync(out).equals(source), 'the file is what the helper wrote');
    assert.deepEqual(outcome, { stats: { received: 100, dropped: 0, written: 100 }, bytesWritten: source.length, files: [out] });
    const disk = packetsOnDisk(out);
    assert.equal(disk.rows.length, 100);
    assert.deepEqual(packetsInBatches(log, 0), disk.rows);
    const counts = log.flatMap((l) => (l.kind === 'batch' ? [l.e.count] : []));
    assert.ok(counts.length >= 3 && counts.every((n) => n > 0 && n <= 40), `batches of at most 40 packets: ${counts.join(' ')}`);

    assertEventOrder(log);
    assert.deepEqual(log[0], { kind: 'ready', e: { interface: 'fake0', ifindex: 1, linkType: 1, snaplen: 262144, ringBytes: 4194304, blocks: 4 } });
    assert.deepEqual(files(log), [{ fileIndex: 0, path: out, header: { format: 'pcapng', byteOrder: 'little' }, interfaces: interfacesOf(QUIC) }]);
    assert.deepEqual(closes(log), [{ fileIndex: 0, path: out, bytes: source.length, deleted: [] }]);
    for (const l of log) {
      if (l.kind !== 'batch') continue;
      const last = l.e.dataOffsets[l.e.count - 1] + l.e.caplens[l.e.count - 1];
      assert.ok(l.e.bytesRead >= last && l.e.bytesRead <= source.length, 'a batch points only at bytes already written');
      assert.deepEqual(l.e.interfaces.map((i) => [i.id, i.linkType]), [[0, 1]]);
    }
    const stats = log.flatMap((l) => (l.kind === 'stats' ? [l.e] : []));
    assert.ok(stats.length >= 1);
    assert.ok(stats.every((s) => s.bytesWritten >= 0 && s.bytesWritten <= source.length));
    assert.deepEqual(stats.at(-1), { received: 100, dropped: 0, written: 100, bytesWritten: stats.at(-1)?.bytesWritten });

    assert.ok(fake.program().equals(encodeProgram(PROGRAM)), 'the helper got the filter program on stdin');
    assert.deepEqual(fake.args(), ['--interface', 'fake0']);
    assert.deepEqual(tsharkFrames(out), tsharkFrames(QUIC));
  });

  it('ring by size: several files, each starting with SHB+IDB, each clean in tshark, together every packet in order', async () => {
    const fake = fakeHelper({ source: QUIC, packets: 100 });
    const out = join(work, 'ring-size', 'cap.pcapng');
    mkdirSync(join(work, 'ring-size'));
    const ring = { files: 0, fileBytes: 12000 };
    const { worker, log, run } = startCapture(fake, out, ring);
    const outcome = await run;
    await worker.terminate();

    const { header } = layout(QUIC);
    const announced = files(log);
    assert.ok(announced.length >= 5, `${announced.length} files`);
    assert.deepEqual(outcome.files, announced.map((f) => f.path));
    assert.deepEqual(readdirSync(join(work, 'ring-size')).sort(), announced.map((f) => f.path.split('/').at(-1)));
    announced.forEach((f, k) => assert.match(f.path, new RegExp(`/cap_${String(k + 1).padStart(5, '0')}_\\d{14}\\.pcapng$`)));
    announced.forEach((f) => assert.deepEqual(f.interfaces, interfacesOf(QUIC)));
    assertEventOrder(log);

    const frames: string[] = [];
    let bytes = 0;
    closes(log).forEach((c, k) => {
      const file = readFileSync(c.path);
      bytes += file.length;
      assert.equal(c.bytes, file.length);
      assert.deepEqual(c.deleted, []);
      assert.ok(file.subarray(0, header.length).equals(header), `file ${k} starts with the header blocks`);
      const disk = packetsOnDisk(c.path);
      assert.equal(disk.problem, undefined);
      assert.deepEqual(packetsInBatches(log, k), disk.rows, `file ${k}: batches = what is on disk`);
      assert.ok(file.length <= ring.fileBytes || disk.rows.length === 1, `file ${k} is ${file.length} bytes with ${disk.rows.length} packets`);
      frames.push(...tsharkFrames(c.path));
    });
    assert.deepEqual(frames, tsharkFrames(QUIC));
    assert.equal(outcome.bytesWritten, bytes);
    // The ISB the helper writes at the end goes into the last file.
    const last = readFileSync(closes(log).at(-1)?.path ?? '');
    const isbLength = last.readUInt32LE(last.length - 4);
    assert.equal(last.readUInt32LE(last.length - isbLength), BlockType.ISB);
  });

  it('ring files: 2 keeps only the two newest; onFileClosed names the files each rotation deleted', async () => {
    const fake = fakeHelper({ source: QUIC, packets: 100 });
    mkdirSync(join(work, 'ring-2'));
    const out = join(work, 'ring-2', 'cap.pcapng');
    const { worker, log, run } = startCapture(fake, out, { files: 2, fileBytes: 10000 });
    const outcome = await run;
    await worker.terminate();

    const all = files(log).map((f) => f.path);
    assert.ok(all.length >= 5, `${all.length} files`);
    assert.deepEqual(outcome.files, all.slice(-2));
    assert.deepEqual(readdirSync(join(work, 'ring-2')).sort(), all.slice(-2).map((p) => p.split('/').at(-1)));
    // Rotation k (closing file k, opening k + 1) deletes file k - 1.
    assert.deepEqual(closes(log).map((c) => c.deleted), all.map((_, k) => (k === 0 || k === all.length - 1 ? [] : [all[k - 1]])));
    assert.equal(outcome.bytesWritten, closes(log).reduce((n, c) => n + c.bytes, 0));
    for (const p of outcome.files) tsharkFrames(p);
  });

  it('ring by time rotates as time passes, also while no packet arrives', async () => {
    // 12 pieces 0.15 s apart, and 1.3 s of silence after the first.
    const fake = fakeHelper({ source: LEAK_TEST, packets: 79, delay: 0.15, pause: { index: 0, seconds: 1.3 } });
    mkdirSync(join(work, 'ring-time'));
    const out = join(work, 'ring-time', 'cap.pcapng');
    const { worker, log, run } = startCapture(fake, out, { files: 0, fileSeconds: 0.5 });
    const outcome = await run;
    await worker.terminate();

    assertEventOrder(log);
    const { header } = layout(LEAK_TEST);
    const paths = outcome.files;
    assert.ok(paths.length >= 5, `${paths.length} files in about 3 s`);
    const counts = paths.map((p) => packetsOnDisk(p).rows.length);
    assert.ok(counts.includes(0), `a file made while nothing arrived (packets per file: ${counts.join(' ')})`);
    const frames: string[] = [];
    for (const p of paths) {
      assert.ok(readFileSync(p).subarray(0, header.length).equals(header));
      frames.push(...tsharkFrames(p));
    }
    assert.deepEqual(frames, tsharkFrames(LEAK_TEST));
    paths.forEach((p, k) => assert.deepEqual(packetsInBatches(log, k), packetsOnDisk(p).rows));
  });

  it('a helper that exits 4 before writing anything rejects with HelperError capture-permission and leaves no empty file', async () => {
    const fake = fakeHelper({ source: QUIC, cuts: [], fail: { exit: 4, error: 'no CAP_NET_RAW: run sudo setcap cap_net_raw,cap_net_admin=eip /x/trawl-capture' } });
    const out = join(work, 'denied.pcapng');
    const { worker, log, run } = startCapture(fake, out);
    const r = await settle(run);
    await worker.terminate();
    assert.ok('error' in r && r.error instanceof HelperError, `rejected with ${'error' in r ? String(r.error) : 'nothing'}`);
    assert.equal(r.error.code, 'capture-permission');
    assert.equal(r.error.exitCode, 4);
    assert.match(r.error.message, /lacks its capabilities: no CAP_NET_RAW: run sudo setcap/);
    assert.equal(existsSync(out), false, 'the empty output file was removed');
    assert.deepEqual(log, []);
  });

  it('a helper that fails mid-stream (exit 9) rejects; the file holds every whole block it sent and reads cleanly', async () => {
    const cut = 40001; // inside a block
    const fake = fakeHelper({ source: QUIC, cuts: [997, 20000, cut], fail: { exit: 9, error: 'the interface went down for good' } });
    const out = join(work, 'failed.pcapng');
    const { worker, log, run } = startCapture(fake, out);
    const r = await settle(run);
    await worker.terminate();
    assert.ok('error' in r && r.error instanceof HelperError);
    assert.equal(r.error.code, 'capture-failed');
    assert.match(r.error.message, /the interface went down for good/);

    const whole = Math.max(...layout(QUIC).blockEnds.filter((e) => e <= cut));
    assert.ok(whole < cut);
    const file = readFileSync(out);
    assert.ok(file.equals(readFileSync(QUIC).subarray(0, whole)), `the file is the first ${whole} bytes`);
    const disk = packetsOnDisk(out);
    assert.equal(disk.problem, undefined);
    assert.deepEqual(packetsInBatches(log, 0), disk.rows);
    assertEventOrder(log);
    assert.deepEqual(closes(log), [{ fileIndex: 0, path: out, bytes: whole, deleted: [] }]);
    assert.equal(tsharkFrames(out).length, disk.rows.length);
  });

  it('an existing output file rejects with FileAccessError output-exists before the helper starts', async () => {
    const fake = fakeHelper({ source: QUIC });
    const out = join(work, 'exists.pcapng');
    writeFileSync(out, 'keep me');
    const { worker, log, run } = startCapture(fake, out);
    const r = await settle(run);
    await worker.terminate();
    assert.ok('error' in r && r.error instanceof FileAccessError, `rejected with ${'error' in r ? String(r.error) : 'nothing'}`);
    assert.equal(r.error.code, 'output-exists');
    assert.equal(r.error.path, out);
    assert.match(r.error.message, /already exists\. Choose another file name/);
    assert.equal(fake.pid(), undefined, 'the helper never ran');
    assert.equal(readFileSync(out, 'utf8'), 'keep me');
    assert.deepEqual(log, []);
  });

  it('stop() during a slow stream: SIGINT to the helper, and run() resolves with what was written', async () => {
    const { blockEnds } = layout(QUIC);
    const cuts = blockEnds.filter((_, i) => i % 10 === 9); // whole blocks, as the real helper writes them
    const fake = fakeHelper({ source: QUIC, cuts, delay: 0.1 });
    const out = join(work, 'stopped.pcapng');
    const { worker, log, run } = startCapture(fake, out);
    while (!log.some((l) => l.kind === 'batch')) await sleep(20);
    await worker.api.stop();
    const outcome = await run;
    await worker.terminate();

    assert.ok(fake.interrupted(), 'the helper got SIGINT');
    const file = readFileSync(out);
    assert.ok(file.length > 0 && file.length < cuts.at(-1)!, `${file.length} bytes of ${cuts.at(-1)}`);
    assert.ok(file.equals(readFileSync(QUIC).subarray(0, file.length)));
    assert.deepEqual(outcome, { stats: { received: 7, dropped: 1, written: 6 }, bytesWritten: file.length, files: [out] });
    assert.deepEqual(packetsInBatches(log, 0), packetsOnDisk(out).rows);
    assertEventOrder(log);
  });

  it('a malformed stream: keeps what was valid, stops the helper, resolves with the problem', async () => {
    const source = readFileSync(LEAK_TEST);
    const { blockEnds } = layout(LEAK_TEST);
    const good = blockEnds[20];
    const bad = Buffer.alloc(16);
    bad.writeUInt32LE(BlockType.EPB, 0);
    bad.writeUInt32LE(13, 4); // not a multiple of 4
    const stream = join(work, 'malformed-source.pcapng');
    writeFileSync(stream, Buffer.concat([source.subarray(0, good), bad, source.subarray(good)]));
    const fake = fakeHelper({ source: stream, cuts: [good + 5, good + 997, good + 4000, good + 8000], delay: 0.3 });
    const out = join(work, 'malformed.pcapng');
    const { worker, log, run } = startCapture(fake, out);
    const outcome = await run;
    await worker.terminate();

    assert.ok(fake.interrupted(), 'the helper was asked to stop');
    assert.ok(readFileSync(out).equals(source.subarray(0, good)));
    assert.equal(outcome.problem?.code, 'bad-block-length');
    assert.equal(outcome.problem?.offset, good);
    assert.equal(outcome.problem?.record, packetsOnDisk(out).rows.length + 1);
    assert.match(outcome.problem?.reason ?? '', /Enhanced Packet Block has an invalid total length of 13 bytes/);
    assert.deepEqual(packetsInBatches(log, 0), packetsOnDisk(out).rows);
    assertEventOrder(log);
  });

  it('a ring file that cannot be made ends the capture with that FileAccessError and kills the helper; the files before it stay', async () => {
    const d = join(work, 'ring-blocked');
    mkdirSync(d);
    // Somebody already has every name the second ring file could get in the next 20 seconds.
    const now = Date.now();
    for (let s = -1; s < 20; s++) writeFileSync(ringFilePath(join(d, 'cap.pcapng'), 2, new Date(now + s * 1000)), 'theirs');
    const fake = fakeHelper({ source: QUIC, delay: 0.2 }); // 60 pieces: 12 s
    const { worker, log, run } = startCapture(fake, join(d, 'cap.pcapng'), { files: 0, fileSeconds: 0.4 });
    const r = await settle(run);
    const pid = fake.pid();
    await worker.terminate();
    assert.ok('error' in r && r.error instanceof FileAccessError, `rejected with ${'error' in r ? String(r.error) : 'nothing'}`);
    assert.equal(r.error.code, 'output-exists');
    assert.match(r.error.path, /cap_00002_\d{14}\.pcapng$/);
    await sleep(200);
    assert.equal(pid !== undefined && processRuns(pid), false, 'the helper was killed');
    assert.equal(fake.interrupted(), false, 'killed, not asked');
    const first = files(log)[0];
    assert.deepEqual(closes(log), [{ fileIndex: 0, path: first.path, bytes: readFileSync(first.path).length, deleted: [] }]);
    assert.deepEqual(packetsInBatches(log, 0), packetsOnDisk(first.path).rows);
    assertEventOrder(log);
  });

  it('terminating the worker mid-capture closes the helper’s stdin, which ends it (the real helper stops on end of stdin)', async () => {
    const fake = fakeHelper({ source: QUIC, delay: 0.2, stopOnStdinEof: true });
    const { worker, log } = startCapture(fake, join(work, 'terminated.pcapng'));
    while (!log.some((l) => l.kind === 'file')) await sleep(20);
    const pid = fake.pid();
    assert.ok(pid !== undefined);
    await worker.terminate();
    for (let i = 0; i < 100 && processRuns(pid); i++) await sleep(30);
    assert.equal(processRuns(pid), false, 'the helper still runs after its worker was terminated');
    assert.ok(fake.interrupted());
  });

  it('runs one capture per worker', async () => {
    const fake = fakeHelper({ source: LEAK_TEST, packets: 79 });
    const { worker, run } = startCapture(fake, join(work, 'once.pcapng'));
    await run;
    const again = await settle(worker.call((w) => w.run({ helper: { interface: 'fake0', program: PROGRAM, helperPath: fake.path }, outputPath: join(work, 'twice.pcapng') })));
    await worker.terminate();
    assert.ok('error' in again && again.error instanceof BadRequestError);
    assert.equal(existsSync(join(work, 'twice.pcapng')), false);
  });
});

describe('capture worker with the real helper in network namespaces', () => {
  const needsRoot = process.getuid?.() === 0 ? false : 'needs root for network namespaces and the real helper (CI runs it as root): sudo npx tsx --test workers/capture.worker.test.ts';
  const net = new NetnsPair('cw');
  const replay = join(CAPTURES_DIR, 'zeek-traces', 'dns-edns-ecs.pcap'); // 89 frames: DNS over UDP/TCP, IPv4 and IPv6

  before(() => {
    if (needsRoot) return;
    requireCaptureTools('capture worker real-helper test');
    net.create();
  });
  after(() => {
    if (!needsRoot) net.destroy();
  });

  it('the helper keeps draining its ring while its reader pauses: a burst beyond pipe + ring + 1 MiB arrives whole', { skip: needsRoot }, async () => {
    // smb2.pcap 10 times: 11,780 frames, 15.9 MB of pcapng. An 8 MiB ring, the 1 MiB pipe and the 1 MiB
    // the helper used to hold hold 10 MiB: a helper that waits for its reader drops about a third.
    const burst = join(CAPTURES_DIR, 'zeek-traces', 'smb', 'smb2.pcap');
    const frames = 1178 * 10;
    const helper = startCaptureHelper({ interface: net.ifA, program: PROGRAM, ringKiB: 8192, helperPath: HELPER, launcher: net.inA() });
    helper.done.catch(() => undefined); // awaited below
    await helper.ready;
    // Nobody reads the helper's stdout while the burst arrives (tcpreplay runs synchronously).
    // At 20,000 packets/s (0.6 s), not top speed: the test is about the reader pausing, and at top speed a
    // loaded machine may not schedule the helper itself often enough to keep up with tcpreplay.
    must(...(net.inB() as [string, ...string[]]), 'tcpreplay', '-q', '-i', net.ifB, '--pps=20000', '--loop=10', burst);
    await sleep(300); // one block timeout and more: the last ring block is handed over
    helper.stop();
    const splitter = new PcapngBlockSplitter();
    let epbs = 0;
    for await (const chunk of helper.pcapng) for (const b of splitter.push(chunk as Uint8Array)) if (b.type === BlockType.EPB) epbs++;
    const stats = await helper.done;
    assert.equal(splitter.finish(), undefined);
    assert.equal(stats.dropped, 0, `dropped ${stats.dropped} of ${stats.received}`);
    assert.ok(epbs >= frames, `${epbs} packets written, ${frames} sent`); // plus whatever else the veth carried
    assert.equal(stats.written, epbs);
  });

  it('writes ring files that hold exactly what tcpdump captured with the same filter, the ISB in the last', { skip: needsRoot }, async () => {
    const expr = 'ip6 or (udp and port 53)';
    const d = join(work, 'real');
    mkdirSync(d);
    const theirs = join(d, 'tcpdump.pcap');
    const td = await net.tcpdump(theirs, expr);
    const worker = startWorker<CaptureWorkerApi>(workerUrl('capture'), CAPTURE_WORKER_NAMES, 'capture');
    const log: Logged[] = [];
    const ready = new Promise<void>((res) => worker.api.onReady(() => res()));
    worker.api.onFile((e) => log.push({ kind: 'file', e }));
    worker.api.onFileClosed((e) => log.push({ kind: 'closed', e }));
    worker.api.onBatch((e) => log.push({ kind: 'batch', e }));
    const run = worker.call((w) =>
      w.run({
        helper: { interface: net.ifA, program: compileFilter(expr, { linkType: 1 }), immediate: true, helperPath: HELPER, launcher: net.inA() },
        outputPath: join(d, 'live.pcapng'),
        ring: { files: 0, fileBytes: 3000 },
      }),
    );
    run.catch(() => undefined);
    await ready;
    net.replay(replay);
    await sleep(400);
    await worker.api.stop();
    td.kill('SIGINT');
    const outcome = await run;
    await worker.terminate();
    assert.equal(await exited(td), 0);

    const tcpdump = readCapture(theirs).frames;
    assert.ok(tcpdump.length > 10 && tcpdump.length < 89, `tcpdump kept ${tcpdump.length} of 89 frames`);
    assert.ok(outcome.files.length >= 3, `${outcome.files.length} ring files`);
    const ours = outcome.files.flatMap((p, k) => {
      const r = readCapture(p);
      assert.equal(r.problem, undefined);
      assert.deepEqual(packetsInBatches(log, k), packetsOnDisk(p).rows);
      assert.equal(tsharkFrames(p).length, r.frames.length);
      return r.frames;
    });
    assertSameFrames(ours, tcpdump);
    assert.equal(outcome.stats.written, tcpdump.length);
    const last = readFileSync(outcome.files.at(-1) ?? '');
    assert.equal(last.readUInt32LE(last.length - last.readUInt32LE(last.length - 4)), BlockType.ISB, 'the helper’s ISB ends the last file');
  });
});
