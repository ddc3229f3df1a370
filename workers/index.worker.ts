/**
 * The index worker: streams one capture file through the pcap/pcapng parser in chunks and sends the
 * packet index back in batches (see index-worker-api.ts). One per session; the engine stops it when
 * the session closes.
 */
import { Emitter } from '../core/rpc/channel';
import type { CaptureProblem } from '../core/api';
import { CaptureFormatError } from '../core/errors';
import { createCaptureParser } from '../core/pcap/index';
import { captureChunks } from './capture-file';
import { IndexBatcher, batchEvent } from './index-batcher';
import type { IndexBatchEvent, IndexHeader, IndexOutcome, IndexRunRequest, IndexWorkerApi } from './index-worker-api';
import { INDEX_WORKER_NAMES } from './index-worker-api';
import { serveInWorker } from './worker-side';

const DEFAULT_CHUNK = 1 << 20;
const DEFAULT_BATCH = 8192;
/** A partial batch goes out at least this often, so the first rows show while indexing goes on. */
const FLUSH_MS = 50;

class IndexWorker implements IndexWorkerApi {
  private readonly header = new Emitter<IndexHeader>();
  private readonly batch = new Emitter<IndexBatchEvent>();
  readonly onHeader = this.header.event;
  readonly onBatch = this.batch.event;
  private readonly abort = new AbortController();

  async run(req: IndexRunRequest): Promise<IndexOutcome> {
    let bytesRead = 0;
    let streamProblem: CaptureProblem | undefined;
    const batcher = new IndexBatcher(req.batchSize ?? DEFAULT_BATCH, (b) => this.batch.fire(batchEvent(b, bytesRead, batcher.interfaces)));
    const parser = createCaptureParser(batcher);
    let headerSent = false;
    let lastFlush = Date.now();
    let cancelled = false;
    try {
      const file = { path: req.path, readPath: req.readPath ?? req.path, compressed: req.compressed ?? false };
      const chunks = captureChunks(file, { chunkSize: req.chunkSize ?? DEFAULT_CHUNK, signal: this.abort.signal, keepCopy: true });
      for await (const { data, fileBytes } of chunks) {
        const more = parser.push(data);
        bytesRead = fileBytes;
        if (!headerSent && parser.header) {
          headerSent = true;
          this.header.fire({ format: parser.header.format, byteOrder: parser.header.byteOrder });
        }
        if (!more) break;
        if (Date.now() - lastFlush >= FLUSH_MS) {
          batcher.drain();
          lastFlush = Date.now();
        }
        if (this.abort.signal.aborted) break;
      }
    } catch (e) {
      if (this.abort.signal.aborted) {
        // Cancelled: what was indexed stays.
      } else if (e instanceof CaptureFormatError && parser.header && (e.code === 'corrupt-gzip' || e.code === 'truncated-gzip')) {
        // The gzip stream breaks after the capture began: keep what decompressed before the damage.
        streamProblem = { code: e.code, record: parser.packets + 1, offset: e.offset, reason: `${e.message} (offset ${e.offset} of the compressed file)` };
      } else {
        throw e;
      }
    }
    cancelled = this.abort.signal.aborted;
    const problem = cancelled ? parser.problem : (parser.problem ?? streamProblem ?? parser.finish());
    if (!parser.header) {
      const why = problem?.reason ?? 'the file is empty';
      throw new CaptureFormatError(problem?.code ?? 'not-a-capture', `This is not a pcap or pcapng capture file: ${why}`, problem?.offset ?? 0);
    }
    batcher.drain();
    const consumed = req.compressed ? bytesRead : Math.min(bytesRead, parser.validBytes || bytesRead);
    return { packets: parser.packets, bytesRead: consumed, cancelled, problem, interfaces: [...parser.interfaces] };
  }

  async cancel(): Promise<void> {
    this.abort.abort();
  }
}

serveInWorker(new IndexWorker(), INDEX_WORKER_NAMES);
