/**
 * Streamed uploads (the web shell's drop): each upload is a temp file that chunks are appended to, in
 * order, up to the size announced at the start. Finishing hands the file over to be opened; aborting
 * or closing removes it.
 */
import { randomBytes } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BadRequestError, NotFoundError, TrawlError } from '../core/errors';

interface Upload {
  name: string;
  size: number;
  received: number;
  path: string;
  fh: FileHandle;
  /** Chunks are written one after another; a chunk that arrives while one is writing waits. */
  writing: Promise<unknown>;
}

export interface FinishedUpload {
  name: string;
  path: string;
}

export class Uploads {
  private readonly active = new Map<string, Upload>();

  constructor(
    private readonly tempDir: () => Promise<string>,
    readonly maxBytes: number,
  ) {}

  async begin(req: { name: string; size: number }): Promise<{ uploadId: string }> {
    if (!req || typeof req.name !== 'string' || req.name.length === 0) throw new BadRequestError('beginUpload needs the file name');
    if (!Number.isSafeInteger(req.size) || req.size < 0) throw new BadRequestError(`beginUpload needs a size in bytes (got ${req.size})`);
    if (req.size > this.maxBytes) {
      throw new TrawlError('upload-too-large', `${req.name} is ${req.size} bytes; uploads are limited to ${this.maxBytes} bytes. Open the file by path instead.`, {
        size: req.size,
        limit: this.maxBytes,
      });
    }
    const uploadId = randomBytes(12).toString('hex');
    const name = basename(req.name.replace(/\\/g, '/')) || 'upload';
    const path = join(await this.tempDir(), `upload-${uploadId}-${name.replace(/[^\w.-]/g, '_')}`);
    const fh = await open(path, 'wx', 0o600);
    this.active.set(uploadId, { name, size: req.size, received: 0, path, fh, writing: Promise.resolve() });
    return { uploadId };
  }

  async chunk(req: { uploadId: string; chunk: Uint8Array }): Promise<{ received: number }> {
    const u = this.get(req?.uploadId);
    if (!(req.chunk instanceof Uint8Array)) throw new BadRequestError('uploadChunk needs the chunk as bytes');
    const write = u.writing.then(async () => {
      if (u.received + req.chunk.length > u.size) {
        throw new TrawlError('upload-overflow', `Upload of ${u.name} sent more than the ${u.size} bytes it announced`, { received: u.received });
      }
      await u.fh.write(req.chunk, 0, req.chunk.length, u.received);
      u.received += req.chunk.length;
      return u.received;
    });
    u.writing = write.catch(() => undefined);
    return { received: await write };
  }

  /** Closes the upload's file and hands it over; the caller now owns (and must remove) the path. */
  async finish(req: { uploadId: string }): Promise<FinishedUpload> {
    const u = this.get(req?.uploadId);
    await u.writing;
    if (u.received !== u.size) {
      throw new TrawlError('upload-incomplete', `Upload of ${u.name} has ${u.received} of ${u.size} bytes; send the rest before finishing`, {
        received: u.received,
        size: u.size,
      });
    }
    this.active.delete(req.uploadId);
    await u.fh.close();
    return { name: u.name, path: u.path };
  }

  async abort(req: { uploadId: string }): Promise<void> {
    const u = this.get(req?.uploadId);
    this.active.delete(req.uploadId);
    await this.discard(u);
  }

  async closeAll(): Promise<void> {
    const all = [...this.active.values()];
    this.active.clear();
    await Promise.all(all.map((u) => this.discard(u)));
  }

  private async discard(u: Upload): Promise<void> {
    await u.writing;
    await u.fh.close();
    await rm(u.path, { force: true });
  }

  private get(uploadId: string | undefined): Upload {
    const u = uploadId === undefined ? undefined : this.active.get(uploadId);
    if (!u) throw new NotFoundError('upload-not-found', `No upload in progress with id ${uploadId}; begin it again`);
    return u;
  }
}
