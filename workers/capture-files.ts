/**
 * The files a live capture writes: the one output file, or the ring of files named as `dumpcap -b`
 * names them (`<dir>/<stem>_<NNNNN>_<YYYYMMDDHHMMSS><ext>`). Each file is created exclusively (an
 * existing file is never overwritten), written with synchronous whole writes, and the oldest ring files
 * are deleted once more than `ring.files` exist. Errors are FileAccessErrors that say what to do.
 */
import { closeSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { FileAccessError } from '../core/errors';
import type { CaptureRing } from './capture-worker-api';

/** dumpcap's sequence numbers have five digits and wrap (ringbuffer.c RINGBUFFER_MAX_NUM_FILES). */
const SEQUENCE_WRAP = 100000;
const DEFAULT_EXT = '.pcapng';
/** As dumpcap: a capture may hold anything the machine said, so only its owner may read it. */
const FILE_MODE = 0o600;

const two = (n: number) => String(n).padStart(2, '0');

/** `YYYYMMDDHHMMSS` in local time, as dumpcap stamps ring files. */
export function ringTimestamp(at: Date): string {
  return `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
}

/**
 * The name of ring file number `sequence` (1-based) made from `outputPath`, as dumpcap makes it:
 * `/cap/web.pcapng` → `/cap/web_00001_20261123101500.pcapng`; no extension gives `.pcapng`.
 */
export function ringFilePath(outputPath: string, sequence: number, at: Date): string {
  const base = basename(outputPath);
  const ext = extname(base);
  const stem = ext === '' ? base : base.slice(0, -ext.length);
  const seq = String(sequence % SEQUENCE_WRAP).padStart(5, '0');
  return join(dirname(outputPath), `${stem}_${seq}_${ringTimestamp(at)}${ext || DEFAULT_EXT}`);
}

/** A Node file-system error while creating, writing or deleting a capture file, as a user can act on it. */
export function outputFileError(e: unknown, path: string, doing: string): FileAccessError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const dir = dirname(path);
  switch (code) {
    case 'EEXIST':
      return new FileAccessError('output-exists', `${path} already exists. Choose another file name, or move the existing file away first.`, path);
    case 'ENOENT':
      return new FileAccessError('not-found', `Cannot write ${path}: the folder ${dir} does not exist. Create it or choose another folder.`, path);
    case 'ENOTDIR':
      return new FileAccessError('not-found', `Cannot write ${path}: part of the folder path ${dir} is not a folder. Choose another folder.`, path);
    case 'EISDIR':
      return new FileAccessError('not-a-file', `Cannot write ${path}: it is a folder. Give a file name inside it.`, path);
    case 'EACCES':
    case 'EPERM':
      return new FileAccessError(
        'permission-denied',
        `Cannot write ${path}: permission denied while ${doing}. Choose a folder you can write to (e.g. your home folder), or change the folder's permissions.`,
        path,
      );
    case 'EROFS':
      return new FileAccessError('read-only', `Cannot write ${path}: the file system is read-only. Choose a folder on a writable disk.`, path);
    case 'ENOSPC':
    case 'EDQUOT':
      return new FileAccessError('no-space', `No space left on the device while ${doing} (${path}). Free some space or use a ring buffer with fewer files.`, path);
    default: {
      const msg = e instanceof Error ? e.message : String(e);
      return new FileAccessError('io-error', `${path}: could not finish ${doing}: ${msg}`, path);
    }
  }
}

/** The file being written. */
export interface OpenCaptureFile {
  /** 0 for the first file, one more per rotation. */
  readonly index: number;
  readonly path: string;
  /** When it was created (ms since the epoch). */
  readonly openedAt: number;
  /** Bytes in it so far. */
  readonly bytes: number;
}

interface OpenState {
  index: number;
  path: string;
  openedAt: number;
  bytes: number;
  fd: number;
}

/** The output file or ring files of one capture, oldest first. */
export class CaptureFileSet {
  private open_: OpenState | undefined;
  private readonly existing: string[] = [];
  private opened = 0;
  private written = 0;

  /**
   * `outputPath`: the file to write, or without a ring the name ring files are made from. `now` gives
   * the creation time (tests pass a fixed clock).
   */
  constructor(
    private readonly outputPath: string,
    private readonly ring: CaptureRing | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.outputPath = resolve(outputPath);
  }

  /** The file being written, if one is open. */
  get current(): OpenCaptureFile | undefined {
    return this.open_;
  }

  /** Files that exist (created and not deleted), oldest first. */
  get files(): string[] {
    return [...this.existing];
  }

  /** Bytes written to all files, deleted ones included. */
  get bytesWritten(): number {
    return this.written;
  }

  /**
   * Create the next file exclusively and make it current. Without a ring only one file is ever made.
   * Throws FileAccessError (`output-exists`, `not-found`, `permission-denied`, …).
   */
  openNext(): OpenCaptureFile {
    if (this.open_) throw new Error(`internal: ${this.open_.path} is still open`);
    if (this.ring === undefined && this.opened > 0) throw new Error(`internal: ${this.outputPath} is the only file without a ring`);
    const openedAt = this.now();
    const path = this.ring === undefined ? this.outputPath : ringFilePath(this.outputPath, this.opened + 1, new Date(openedAt));
    let fd: number;
    try {
      fd = openSync(path, 'wx', FILE_MODE);
    } catch (e) {
      throw outputFileError(e, path, 'creating the capture file');
    }
    this.open_ = { index: this.opened, path, openedAt, bytes: 0, fd };
    this.opened++;
    this.existing.push(path);
    return this.open_;
  }

  /** Append all of `data` to the current file (at its end as we know it, so a truncate moves the next write back). */
  write(data: Uint8Array): void {
    const f = this.requireOpen();
    let done = 0;
    try {
      while (done < data.length) done += writeSync(f.fd, data, done, data.length - done, f.bytes + done);
    } catch (e) {
      throw outputFileError(e, f.path, 'writing the capture file');
    } finally {
      f.bytes += done;
      this.written += done;
    }
  }

  /** Cut the current file back to `bytes` (to drop a block that turned out to be invalid). */
  truncate(bytes: number): void {
    const f = this.requireOpen();
    if (bytes >= f.bytes) return;
    try {
      ftruncateSync(f.fd, bytes);
    } catch (e) {
      throw outputFileError(e, f.path, 'truncating the capture file');
    }
    this.written -= f.bytes - bytes;
    f.bytes = bytes;
  }

  /** Close the current file. A file with no bytes is deleted instead (nothing can open it); returns whether it was. */
  close(): { path: string; bytes: number; deleted: boolean } {
    const f = this.requireOpen();
    this.open_ = undefined;
    try {
      closeSync(f.fd);
    } catch (e) {
      throw outputFileError(e, f.path, 'closing the capture file');
    }
    if (f.bytes > 0) return { path: f.path, bytes: f.bytes, deleted: false };
    this.remove(f.path);
    return { path: f.path, bytes: 0, deleted: true };
  }

  /** With a ring that keeps `files` files: delete the oldest while more exist. Returns their paths. */
  deleteOldest(): string[] {
    const keep = this.ring?.files ?? 0;
    const deleted: string[] = [];
    while (keep > 0 && this.existing.length > keep && this.existing[0] !== this.open_?.path) {
      const path = this.existing[0];
      this.remove(path);
      deleted.push(path);
    }
    return deleted;
  }

  private remove(path: string): void {
    try {
      unlinkSync(path);
    } catch (e) {
      // Somebody removed it already: it is gone either way, which is what we wanted.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw outputFileError(e, path, 'deleting an old ring file');
    }
    const i = this.existing.indexOf(path);
    if (i >= 0) this.existing.splice(i, 1);
  }

  private requireOpen(): OpenState {
    if (!this.open_) throw new Error('internal: no capture file is open');
    return this.open_;
  }
}
