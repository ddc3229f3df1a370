import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CancelledError, CaptureFormatError, FileAccessError } from '../core/errors';
import { captureChunks, fileAccessError, openCaptureFile, readAt, readChunks, type CaptureFile } from './capture-file';
import { CAPTURES_DIR } from '../scripts/shared-captures';

/** Every chunk of the capture, as one buffer; with keepCopy the temp file is filled too. */
async function streamAll(f: CaptureFile, opts: Parameters<typeof captureChunks>[1] = {}): Promise<{ data: Buffer; fileBytes: number }> {
  const parts: Uint8Array[] = [];
  let fileBytes = 0;
  for await (const c of captureChunks(f, opts)) {
    parts.push(c.data);
    fileBytes = c.fileBytes;
  }
  return { data: Buffer.concat(parts), fileBytes };
}

const CAPTURES = CAPTURES_DIR;
const GZ = `${CAPTURES}/wireshark-captures/wpa-Induction.pcap.gz`;
const tmp = mkdtempSync(join(tmpdir(), 'trawl-capture-file-test-'));

test('a plain capture is read in place', async () => {
  const path = `${CAPTURES}/libpcap-tests/filter/carp.pcap`;
  const f = await openCaptureFile(path);
  assert.equal(f.compressed, false);
  assert.equal(f.readPath, path);
  assert.equal(f.sizeBytes, readFileSync(path).length);
  await f.close();
});

test('a gzip capture is decompressed as it streams, into a temp file that close() removes', async () => {
  const f = await openCaptureFile(GZ);
  assert.equal(f.compressed, true);
  assert.notEqual(f.readPath, GZ);
  assert.equal(readFileSync(f.readPath).length, 0, 'nothing is decompressed before the stream runs');
  const { data, fileBytes } = await streamAll(f, { keepCopy: true, chunkSize: 4096 });
  assert.deepEqual(data, gunzipSync(readFileSync(GZ)));
  assert.equal(fileBytes, f.sizeBytes, 'progress counts the compressed bytes on disk');
  assert.deepEqual(readFileSync(f.readPath), gunzipSync(readFileSync(GZ)));
  await f.close();
  assert.equal(existsSync(f.readPath), false);
  await f.close();
});

test('multi-member gzip decompresses every member', async () => {
  const p = join(tmp, 'two.pcap.gz');
  const a = Buffer.from('first member ');
  const b = Buffer.from('second member');
  writeFileSync(p, Buffer.concat([gzipSync(a), gzipSync(b)]));
  const f = await openCaptureFile(p);
  await streamAll(f, { keepCopy: true });
  assert.equal(readFileSync(f.readPath, 'utf8'), 'first member second member');
  await f.close();
});

test('cut-short and corrupt gzip are CaptureFormatErrors', async () => {
  const whole = readFileSync(GZ);
  const cut = join(tmp, 'cut.pcap.gz');
  writeFileSync(cut, whole.subarray(0, whole.length - 100));
  await assert.rejects(streamAll(await openCaptureFile(cut)), (e) => e instanceof CaptureFormatError && e.code === 'truncated-gzip');
  // Everything before the cut was still yielded (and kept), so the capture opens as far as it is valid.
  const cutFile = await openCaptureFile(cut);
  await assert.rejects(streamAll(cutFile, { keepCopy: true }), CaptureFormatError);
  const kept = readFileSync(cutFile.readPath);
  assert.ok(kept.length > 0);
  assert.deepEqual(kept, gunzipSync(readFileSync(GZ)).subarray(0, kept.length));
  await cutFile.close();
  const bad = join(tmp, 'bad.pcap.gz');
  const junk = Buffer.from(whole);
  junk.fill(0xff, 10, 60);
  writeFileSync(bad, junk);
  await assert.rejects(streamAll(await openCaptureFile(bad)), (e) => e instanceof CaptureFormatError && e.code === 'corrupt-gzip');
});

test('missing file, directory and permission errors are FileAccessErrors that say what to do', async () => {
  await assert.rejects(openCaptureFile(join(tmp, 'nope.pcap')), (e) => e instanceof FileAccessError && e.code === 'not-found' && /Check the path/.test(e.message));
  await assert.rejects(openCaptureFile(tmp), (e) => e instanceof FileAccessError && e.code === 'not-a-file');
  const denied = fileAccessError(Object.assign(new Error('EACCES'), { code: 'EACCES' }), '/x.pcap', 'opening the file');
  assert.equal(denied.code, 'permission-denied');
  assert.match(denied.message, /\/x\.pcap: permission denied while opening the file\. Make the file readable/);
});

test('readChunks yields the file in order from any start; readAt reads by offset', async () => {
  const path = `${CAPTURES}/libpcap-tests/filter/ISIS_external_lsp.pcap`;
  const whole = readFileSync(path);
  const parts: Uint8Array[] = [];
  for await (const c of readChunks(path, { chunkSize: 1000, start: 7 })) parts.push(c);
  assert.ok(parts.slice(0, -1).every((c) => c.length === 1000));
  assert.deepEqual(Buffer.concat(parts), whole.subarray(7));
  const fh = await open(path, 'r');
  assert.deepEqual(Buffer.from(await readAt(fh, 100, 50)), whole.subarray(100, 150));
  assert.equal((await readAt(fh, whole.length - 3, 50)).length, 3);
  await fh.close();
});

test('an aborted signal stops reading with CancelledError', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(streamAll(await openCaptureFile(GZ), { signal: ac.signal }), CancelledError);
});
