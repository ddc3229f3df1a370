import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureFormatError, NotFoundError } from '../core/errors';
import type { IndexProgress } from '../core/api';
import { createEngine, type Engine } from './engine';
import { CAPTURES_DIR } from '../scripts/shared-captures';

const CAPTURES = CAPTURES_DIR;
const cap = (p: string) => join(CAPTURES, p);

function capinfosCount(path: string): number {
  const out = execFileSync('capinfos', ['-M', '-c', path], { encoding: 'utf8' });
  const m = /Number of packets:\s+(\d+)/.exec(out);
  assert.ok(m, out);
  return Number(m[1]);
}

async function withEngine(fn: (engine: Engine, dir: string) => Promise<void>, opts: { workers?: number; indexChunkSize?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-engine-test-'));
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir, workers: opts.workers ?? 2, indexChunkSize: opts.indexChunkSize });
  try {
    await fn(engine, dir);
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

test('row count equals capinfos on real captures (pcap, pcapng, big-endian, gzip)', async () => {
  await withEngine(async (engine) => {
    for (const f of [
      'zeek-traces/ssh/ssh.pcap',
      'libpcap-tests/filter/rarp_req_reply.pcapng',
      'pcapng-test-generator/output_be/basic/test010.pcapng',
      'tcpdump-tests/tcp-handshake-nano.pcap',
      'wireshark-captures/wpa-Induction.pcap.gz',
    ]) {
      const info = await engine.openFile({ path: cap(f) });
      const final = await engine.whenIndexed(info.sessionId);
      assert.equal(final.done, true, f);
      assert.equal(final.problem, undefined, `${f}: ${JSON.stringify(final.problem)}`);
      assert.equal(final.packets, capinfosCount(cap(f)), f);
      assert.equal(info.compressed, f.endsWith('.gz'), f);
      const page = await engine.rows({ sessionId: info.sessionId, from: 0, count: 1e9 });
      assert.equal(page.numbers.length, final.packets, f);
      await engine.closeSession({ sessionId: info.sessionId });
    }
  });
});

test('rows for a range match tshark; packet() bytes equal a direct read', async () => {
  await withEngine(async (engine) => {
    const path = cap('zeek-traces/ssh/ssh.pcap');
    const info = await engine.openFile({ path });
    await engine.whenIndexed(info.sessionId);
    const page = await engine.rows({ sessionId: info.sessionId, from: 100, count: 150 });
    assert.equal(page.from, 100);
    assert.deepEqual([...page.numbers.slice(0, 3)], [101, 102, 103]);
    assert.equal(page.text.length, 150 * 4);
    const tshark = execFileSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.time_relative', '-e', 'ip.src', '-e', 'ip.dst', '-Y', 'frame.number > 100 && frame.number <= 250'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    assert.equal(tshark.length, 150);
    for (let r = 0; r < 150; r++) {
      assert.equal(page.lengths[r], Number(tshark[r][0]));
      assert.ok(Math.abs(page.relTimes[r] - Number(tshark[r][1])) < 1e-6);
      assert.equal(page.text[r * 4], tshark[r][2]);
      assert.equal(page.text[r * 4 + 1], tshark[r][3]);
    }
    // The same page again comes from the cache and is identical.
    const again = await engine.rows({ sessionId: info.sessionId, from: 100, count: 150 });
    assert.deepEqual(again.text, page.text);
    // A page past the end is clipped.
    const tail = await engine.rows({ sessionId: info.sessionId, from: 1790, count: 100 });
    assert.equal(tail.numbers.length, 1797 - 1790);

    const detail = await engine.packet({ sessionId: info.sessionId, number: 2 });
    const file = await readFile(path);
    // Packet 2 of a µs pcap: 24-byte file header, record 1 (16 + caplen 1), then record 2's header.
    const caplen1 = file.readUInt32LE(24 + 8);
    const at = 24 + 16 + caplen1 + 16;
    assert.deepEqual([...detail.bytes], [...file.subarray(at, at + detail.caplen)]);
    assert.equal(detail.number, 2);
    assert.ok(detail.tree.length >= 2);
    await assert.rejects(engine.packet({ sessionId: info.sessionId, number: 0 }), NotFoundError);
    await assert.rejects(engine.packet({ sessionId: info.sessionId, number: 1798 }), NotFoundError);
  });
});

test('a truncated file ends with a problem and keeps what is before it', async () => {
  await withEngine(async (engine, dir) => {
    const whole = await readFile(cap('zeek-traces/ssh/ssh.pcap'));
    const cut = join(dir, 'cut.pcap');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const info = await engine.openFile({ path: cut });
    const final = await engine.whenIndexed(info.sessionId);
    assert.ok(final.problem, 'a problem is reported');
    assert.ok(final.packets > 0);
    assert.equal(final.problem.record, final.packets + 1);
    assert.ok(final.problem.offset > 0 && final.problem.offset < whole.length / 2);
    const page = await engine.rows({ sessionId: info.sessionId, from: final.packets - 1, count: 5 });
    assert.equal(page.numbers.length, 1);
  });
});

test('a gzip capture indexes as it decompresses; a cut-short one opens as far as it is valid', async () => {
  await withEngine(async (engine, dir) => {
    const gz = cap('wireshark-captures/wpa-Induction.pcap.gz');
    const whole = await readFile(gz);
    const seen: IndexProgress[] = [];
    const sub = engine.onIndexProgress((p) => seen.push(p));
    const info = await engine.openFile({ path: gz });
    const final = await engine.whenIndexed(info.sessionId);
    sub.dispose();
    // Progress is measured against the compressed file on disk.
    assert.equal(final.totalBytes, whole.length);
    assert.equal(final.bytesRead, whole.length);
    assert.ok(seen.every((p) => p.bytesRead <= p.totalBytes));
    const last = await engine.packet({ sessionId: info.sessionId, number: final.packets });
    assert.equal(last.bytes.length, last.caplen);

    const cut = join(dir, 'cut.pcap.gz');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const cutInfo = await engine.openFile({ path: cut });
    const cutFinal = await engine.whenIndexed(cutInfo.sessionId);
    assert.ok(cutFinal.problem, 'a problem is reported');
    assert.ok(cutFinal.packets > 0 && cutFinal.packets < final.packets, `${cutFinal.packets} of ${final.packets}`);
    assert.equal(cutFinal.problem.record, cutFinal.packets + 1);
    const page = await engine.rows({ sessionId: cutInfo.sessionId, from: 0, count: 1e9 });
    assert.equal(page.numbers.length, cutFinal.packets);
    const p = await engine.packet({ sessionId: cutInfo.sessionId, number: cutFinal.packets });
    assert.deepEqual(p.bytes, (await engine.packet({ sessionId: info.sessionId, number: cutFinal.packets })).bytes);
  });
});

test('a non-capture is rejected with CaptureFormatError; a missing file with FileAccessError', async () => {
  await withEngine(async (engine, dir) => {
    const junk = join(dir, 'notes.txt');
    await writeFile(junk, 'These are not the packets you are looking for.\n'.repeat(20));
    await assert.rejects(engine.openFile({ path: junk }), CaptureFormatError);
    await assert.rejects(engine.openFile({ path: join(dir, 'missing.pcap') }), /no such file/);
    assert.deepEqual(await engine.sessions(), []);
  });
});

test('cancel mid-index on a big file keeps what was indexed', async () => {
  await withEngine(
    async (engine, dir) => {
      const src = await readFile(cap('zeek-traces/modbus/modbusBig.pcap'));
      const records = src.subarray(24);
      const copies = 40; // ~47 MB, ~545k packets
      const big = Buffer.concat([src.subarray(0, 24), ...Array.from({ length: copies }, () => records)]);
      const path = join(dir, 'big.pcap');
      await writeFile(path, big);
      const progress: IndexProgress[] = [];
      let firstProgress: () => void = () => undefined;
      const someIndexed = new Promise<void>((r) => (firstProgress = r));
      engine.onIndexProgress((p) => {
        progress.push(p);
        if (p.packets > 0) firstProgress();
      });
      const info = await engine.openFile({ path });
      await someIndexed;
      // First rows are servable while indexing goes on.
      assert.equal((await engine.indexStatus({ sessionId: info.sessionId })).done, false);
      const first = await engine.rows({ sessionId: info.sessionId, from: 0, count: 10 });
      assert.ok(first.numbers.length > 0);
      await engine.cancelIndex({ sessionId: info.sessionId });
      const final = await engine.indexStatus({ sessionId: info.sessionId });
      assert.equal(final.done, true);
      assert.equal(final.cancelled, true);
      assert.ok(final.packets > 0 && final.packets < 13622 * copies, `packets ${final.packets}`);
      assert.equal(progress.at(-1)?.cancelled, true);
      const page = await engine.rows({ sessionId: info.sessionId, from: final.packets - 2, count: 10 });
      assert.equal(page.numbers.length, 2);
    },
    { indexChunkSize: 64 * 1024 },
  );
});

test('uploads stream into a session named after the upload; recent files are kept', async () => {
  await withEngine(async (engine) => {
    const bytes = await readFile(cap('libpcap-tests/filter/rarp_req_reply.pcapng'));
    const { uploadId } = await engine.beginUpload({ name: 'dropped.pcapng', size: bytes.length });
    await engine.uploadChunk({ uploadId, chunk: bytes.subarray(0, 100) });
    await assert.rejects(engine.finishUpload({ uploadId }), /send the rest/);
    await engine.uploadChunk({ uploadId, chunk: bytes.subarray(100) });
    await assert.rejects(engine.uploadChunk({ uploadId, chunk: new Uint8Array(1) }), /more than/);
    const info = await engine.finishUpload({ uploadId });
    assert.equal(info.name, 'dropped.pcapng');
    assert.equal(info.path, undefined);
    assert.equal((await engine.whenIndexed(info.sessionId)).packets, 2);
    await assert.rejects(engine.beginUpload({ name: 'huge.pcap', size: 1e15 }), /limited/);

    const a = cap('zeek-traces/ssh/ssh.pcap');
    const s = await engine.openFile({ path: a });
    const recent = await engine.recentFiles();
    assert.equal(recent[0].path, a);
    assert.equal(recent.length, 1);
    const closed: string[] = [];
    engine.onSessionClosed((e) => closed.push(e.sessionId));
    await engine.closeSession({ sessionId: s.sessionId });
    assert.deepEqual(closed, [s.sessionId]);
    await assert.rejects(engine.rows({ sessionId: s.sessionId, from: 0, count: 1 }), NotFoundError);
  });
});
