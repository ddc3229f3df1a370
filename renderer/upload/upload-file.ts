/**
 * Streams a dropped or picked file to the engine (web shell): beginUpload, the chunks in order, then
 * finishUpload, which opens the capture. Aborting (AbortSignal) tells the engine to drop the upload.
 */
import type { SessionInfo, TrawlApi } from '../../core/api';
import { CancelledError } from '../../core/errors';

export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

export type UploadApi = Pick<TrawlApi, 'beginUpload' | 'uploadChunk' | 'finishUpload' | 'abortUpload'>;

export interface UploadSource {
  name: string;
  size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** [start, end) byte ranges of the chunks of a file of `size` bytes. */
export function chunkRanges(size: number, chunk = UPLOAD_CHUNK_BYTES): [number, number][] {
  const out: [number, number][] = [];
  for (let at = 0; at < size; at += chunk) out.push([at, Math.min(size, at + chunk)]);
  return out;
}

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (sent: number, total: number) => void;
  chunkBytes?: number;
}

export async function uploadFile(api: UploadApi, file: UploadSource, options: UploadOptions = {}): Promise<SessionInfo> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new CancelledError('Upload cancelled');
  const { uploadId } = await api.beginUpload({ name: file.name, size: file.size });
  const abort = async (): Promise<never> => {
    await api.abortUpload({ uploadId });
    throw new CancelledError('Upload cancelled');
  };
  try {
    let sent = 0;
    onProgress?.(0, file.size);
    for (const [start, end] of chunkRanges(file.size, options.chunkBytes)) {
      if (signal?.aborted) return await abort();
      const chunk = new Uint8Array(await file.slice(start, end).arrayBuffer());
      if (signal?.aborted) return await abort();
      await api.uploadChunk({ uploadId, chunk });
      sent = end;
      onProgress?.(sent, file.size);
    }
    if (signal?.aborted) return await abort();
    return await api.finishUpload({ uploadId });
  } catch (e) {
    if (!(e instanceof CancelledError) && !signal?.aborted) {
      // Tell the engine to free what it holds; the original error is the one the user needs to see.
      await api.abortUpload({ uploadId }).catch((abortError: unknown) => {
        void abortError;
      });
    }
    throw e;
  }
}
