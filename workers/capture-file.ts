/**
 * Capture files on disk, for the engine: open (with actionable errors for missing, unreadable and
 * non-regular files), transparent gzip (decompressed as it streams, optionally into a private temp file so
 * packets can be read again by offset), chunked sequential reads for indexing, and positioned reads.
 */
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { CancelledError, FileAccessError } from '../core/errors';
import { createGunzip, isGzip } from '../core/pcap/index';

export const DEFAULT_CHUNK_SIZE = 1 << 20;

export interface CaptureFile {
  /** The file to read packets from: `path` itself, or the decompressed copy of a gzip file. */
  readPath: string;
  /** Absolute path of the file the user named. */
  path: string;
  /** Size of the file the user named, on disk. */
  sizeBytes: number;
  compressed: boolean;
  /** Removes the decompressed copy, if any. Safe to call twice. */
  close(): Promise<void>;
}

/** Turn a Node file-system error into a FileAccessError that says what to do. */
export function fileAccessError(e: unknown, path: string, doing: string): FileAccessError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new FileAccessError('not-found', `${path}: no such file. Check the path and try again.`, path);
    case 'EACCES':
    case 'EPERM':
      return new FileAccessError(
        'permission-denied',
        `${path}: permission denied while ${doing}. Make the file readable by your user (e.g. chmod o+r) or copy it somewhere you own.`,
        path,
      );
    case 'EISDIR':
      return new FileAccessError('not-a-file', `${path} is a directory; choose a capture file inside it.`, path);
    case 'ENOSPC':
      return new FileAccessError('no-space', `No space left on the device while ${doing} (${path}). Free some space and try again.`, path);
    default: {
      const msg = e instanceof Error ? e.message : String(e);
      return new FileAccessError('io-error', `${path}: could not finish ${doing}: ${msg}`, path);
    }
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('Reading the capture was cancelled');
}

/**
 * Check that `path` is a readable regular file and whether it is gzip. A gzip capture gets an empty
 * private temp file (`readPath`) that `captureChunks(file, { keepCopy: true })` fills as it streams, so
 * packets can be read again by offset while the rest is still being decompressed.
 */
export async function openCaptureFile(path: string): Promise<CaptureFile> {
  const abs = resolve(path);
  let size: number;
  try {
    const st = await stat(abs);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!st.isFile()) {
      throw new FileAccessError('not-a-file', `${abs} is not a regular file (a device, pipe or socket); save the capture to a file first.`, abs);
    }
    size = st.size;
  } catch (e) {
    if (e instanceof FileAccessError) throw e;
    throw fileAccessError(e, abs, 'looking at the file');
  }
  let fh: FileHandle;
  try {
    fh = await open(abs, 'r');
  } catch (e) {
    throw fileAccessError(e, abs, 'opening the file');
  }
  let first: Uint8Array;
  try {
    first = await readAt(fh, 0, 2);
  } catch (e) {
    throw fileAccessError(e, abs, 'reading the file');
  } finally {
    await fh.close();
  }
  if (!isGzip(first)) {
    return { readPath: abs, path: abs, sizeBytes: size, compressed: false, close: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), 'trawl-gunzip-'));
  const readPath = join(dir, basename(abs).replace(/\.gz$/i, '') || 'capture');
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await (await open(readPath, 'wx', 0o600)).close();
  } catch (e) {
    await close();
    throw fileAccessError(e, readPath, 'creating a temporary file for the decompressed capture');
  }
  return { readPath, path: abs, sizeBytes: size, compressed: true, close };
}

export interface CaptureChunk {
  /** The next bytes of the capture (decompressed when the file is gzip). */
  data: Uint8Array;
  /** Bytes of the file on disk consumed so far (compressed bytes for gzip), for progress. */
  fileBytes: number;
}

export interface CaptureChunksOptions {
  chunkSize?: number;
  signal?: AbortSignal;
  /** gzip only: append each decompressed chunk to `file.readPath` before it is yielded. */
  keepCopy?: boolean;
}

/**
 * The capture's bytes in order, decompressed on the fly when the file is gzip. A corrupt or cut-short
 * gzip stream throws CaptureFormatError (codes `corrupt-gzip`, `truncated-gzip`) after every byte before
 * the damage has been yielded; an aborted signal throws CancelledError.
 */
export async function* captureChunks(
  file: Pick<CaptureFile, 'path' | 'readPath' | 'compressed'>,
  opts: CaptureChunksOptions = {},
): AsyncGenerator<CaptureChunk> {
  const read = { chunkSize: opts.chunkSize, signal: opts.signal };
  if (!file.compressed) {
    let fileBytes = 0;
    for await (const data of readChunks(file.path, read)) {
      fileBytes += data.length;
      yield { data, fileBytes };
    }
    return;
  }
  let out: FileHandle | undefined;
  if (opts.keepCopy) {
    try {
      out = await open(file.readPath, 'a');
    } catch (e) {
      throw fileAccessError(e, file.readPath, 'writing the decompressed capture');
    }
  }
  try {
    let pending: Uint8Array[] = [];
    const gunzip = createGunzip((d) => pending.push(d));
    let fileBytes = 0;
    const drain = async function* (): AsyncGenerator<CaptureChunk> {
      const ready = pending;
      pending = [];
      for (const data of ready) {
        if (out) {
          try {
            await out.write(data);
          } catch (e) {
            throw fileAccessError(e, file.readPath, 'writing the decompressed capture');
          }
        }
        yield { data, fileBytes };
      }
    };
    for await (const chunk of readChunks(file.path, read)) {
      fileBytes += chunk.length;
      try {
        gunzip.push(chunk);
      } finally {
        // What decompressed before any damage is still the capture's.
        yield* drain();
      }
    }
    try {
      gunzip.finish();
    } finally {
      yield* drain();
    }
  } finally {
    await out?.close();
  }
}

export interface ReadChunksOptions {
  start?: number;
  chunkSize?: number;
  signal?: AbortSignal;
}

/** The file's bytes from `start` to its end, in fresh chunks of `chunkSize` (the last may be shorter). */
export async function* readChunks(path: string, opts: ReadChunksOptions = {}): AsyncGenerator<Uint8Array> {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let position = opts.start ?? 0;
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fileAccessError(e, path, 'opening the file');
  }
  try {
    for (;;) {
      checkAborted(opts.signal);
      const buf = new Uint8Array(chunkSize);
      let n: number;
      try {
        ({ bytesRead: n } = await fh.read(buf, 0, chunkSize, position));
      } catch (e) {
        throw fileAccessError(e, path, 'reading the file');
      }
      if (n === 0) return;
      position += n;
      yield n === chunkSize ? buf : buf.subarray(0, n);
    }
  } finally {
    await fh.close();
  }
}

/** Up to `length` bytes at `offset` (fewer only at the end of the file). */
export async function readAt(fd: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fd.read(buf, got, length - got, offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}
