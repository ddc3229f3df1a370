/**
 * A fixed-size pool of worker threads that all serve the same contract. Jobs queue until a worker is
 * free; a queued job can be cancelled (AbortSignal → CancelledError); a worker that crashes fails its
 * job with WorkerCrashedError and is replaced, so the pool keeps its size.
 */
import type { ContractNames } from '../core/rpc/channel';
import { CancelledError, TrawlError } from '../core/errors';
import { startWorker, type WorkerHandle } from './worker-handle';

export interface PoolOptions {
  script: URL;
  names: ContractNames;
  size: number;
  /** Used in error messages, e.g. "dissect". */
  label: string;
}

interface Slot<T> {
  handle: WorkerHandle<T>;
  busy: boolean;
}

interface QueuedJob<T> {
  /** Starts the job; the promise settles (never rejects) when the job is over. */
  run(handle: WorkerHandle<T>): Promise<void>;
  cancel(e: Error): void;
}

export class WorkerPool<T> {
  private readonly slots: Slot<T>[] = [];
  private readonly queue: QueuedJob<T>[] = [];
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    if (!(options.size >= 1)) throw new TrawlError('bad-pool-size', `A worker pool needs at least one worker (got ${options.size})`);
  }

  get size(): number {
    return this.options.size;
  }

  /** Jobs waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Run `job` on a free worker. Workers start lazily, on the first jobs that need them. */
  run<R>(job: (api: T) => Promise<R>, opts: { signal?: AbortSignal } = {}): Promise<R> {
    if (this.closed) return Promise.reject(new TrawlError('pool-closed', `The ${this.options.label} workers are shut down`));
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(new CancelledError());
    return new Promise<R>((resolve, reject) => {
      const onAbort = () => {
        const i = this.queue.indexOf(queued);
        if (i >= 0) {
          this.queue.splice(i, 1);
          reject(new CancelledError());
        }
      };
      const queued: QueuedJob<T> = {
        run: (handle) => {
          signal?.removeEventListener('abort', onAbort);
          return handle.call(job).then(resolve, reject);
        },
        cancel: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(queued);
      this.pump();
    });
  }

  /** Start every worker now (they otherwise start on the first jobs), so a job about to come starts at once. */
  warm(): void {
    if (this.closed) return;
    while (this.slots.length < this.options.size) this.slots.push({ handle: this.spawn(), busy: false });
  }

  /** Stop every worker; queued jobs fail with CancelledError. */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.cancel(new CancelledError('The worker pool was shut down'));
    await Promise.all(this.slots.splice(0).map((s) => s.handle.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.freeSlot();
      if (!slot) return;
      const job = this.queue.shift() as QueuedJob<T>;
      slot.busy = true;
      void job.run(slot.handle).then(() => {
        slot.busy = false;
        this.pump();
      });
    }
  }

  private freeSlot(): Slot<T> | undefined {
    for (let i = this.slots.length - 1; i >= 0; i--) if (!this.slots[i].handle.alive) this.slots.splice(i, 1);
    const idle = this.slots.find((s) => !s.busy);
    if (idle) return idle;
    if (this.slots.length < this.options.size) {
      const slot: Slot<T> = { handle: this.spawn(), busy: false };
      this.slots.push(slot);
      return slot;
    }
    return undefined;
  }

  private spawn(): WorkerHandle<T> {
    const n = this.slots.length + 1;
    const handle = startWorker<T>(this.options.script, this.options.names, `${this.options.label} #${n}`);
    void handle.exited.then((reason) => {
      if (reason === undefined || this.closed) return;
      // Crashed: replace it so the pool keeps its size; its job already failed through handle.call().
      const i = this.slots.findIndex((s) => s.handle === handle);
      if (i >= 0) this.slots.splice(i, 1);
      this.pump();
    });
    return handle;
  }
}
