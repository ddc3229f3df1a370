import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionInfo } from '../../core/api';
import { CancelledError, CaptureFormatError } from '../../core/errors';
import { chunkRanges, uploadFile, type UploadApi } from './upload-file';

test('chunks cover the file in order without gaps', () => {
  assert.deepEqual(chunkRanges(0, 4), []);
  assert.deepEqual(chunkRanges(4, 4), [[0, 4]]);
  assert.deepEqual(chunkRanges(10, 4), [[0, 4], [4, 8], [8, 10]]);
  assert.equal(chunkRanges(5 * 1024 * 1024 + 1).length, 6);
});

/** The engine's upload side, reassembling what it receives. */
function receiver(finish: (bytes: Uint8Array) => SessionInfo) {
  const log: string[] = [];
  let parts: Uint8Array[] = [];
  const api: UploadApi = {
    async beginUpload({ name, size }) {
      log.push(`begin ${name} ${size}`);
      parts = [];
      return { uploadId: 'u1' };
    },
    async uploadChunk({ uploadId, chunk }) {
      log.push(`chunk ${uploadId} ${chunk.length}`);
      parts.push(chunk.slice());
      return { received: parts.reduce((n, p) => n + p.length, 0) };
    },
    async finishUpload({ uploadId }) {
      log.push(`finish ${uploadId}`);
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return finish(all);
    },
    async abortUpload({ uploadId }) {
      log.push(`abort ${uploadId}`);
    },
  };
  return { api, log };
}

const info = (name: string, size: number): SessionInfo => ({
  sessionId: 's1',
  name,
  sizeBytes: size,
  format: 'pcap',
  compressed: false,
  byteOrder: 'little',
});

test('a file arrives whole, in order, with progress', async () => {
  const bytes = Uint8Array.from({ length: 10 }, (_, i) => i * 3);
  let received: Uint8Array | undefined;
  const r = receiver((b) => {
    received = b;
    return info('x.pcap', b.length);
  });
  const progress: number[] = [];
  const s = await uploadFile(r.api, Object.assign(new Blob([bytes]), { name: 'x.pcap' }), {
    chunkBytes: 4,
    onProgress: (sent) => progress.push(sent),
  });
  assert.equal(s.name, 'x.pcap');
  assert.deepEqual(received && [...received], [...bytes]);
  assert.deepEqual(progress, [0, 4, 8, 10]);
  assert.deepEqual(r.log, ['begin x.pcap 10', 'chunk u1 4', 'chunk u1 4', 'chunk u1 2', 'finish u1']);
});

test('cancel aborts the upload on the engine', async () => {
  const r = receiver(() => assert.fail('must not finish'));
  const ctl = new AbortController();
  const p = uploadFile(r.api, Object.assign(new Blob([new Uint8Array(12)]), { name: 'y.pcap' }), {
    chunkBytes: 4,
    signal: ctl.signal,
    onProgress: (sent) => {
      if (sent === 4) ctl.abort();
    },
  });
  await assert.rejects(p, CancelledError);
  assert.deepEqual(r.log, ['begin y.pcap 12', 'chunk u1 4', 'abort u1']);
});

test('a rejected capture rejects the upload with the engine error', async () => {
  const r = receiver(() => {
    throw new CaptureFormatError('bad-magic', 'This is not a pcap or pcapng file', 0);
  });
  await assert.rejects(
    uploadFile(r.api, Object.assign(new Blob([new Uint8Array(3)]), { name: 'z.txt' })),
    (e: unknown) => e instanceof CaptureFormatError && e.code === 'bad-magic',
  );
  assert.equal(r.log.at(-1), 'abort u1');
});
