/**
 * One worker thread speaking a contract: start it, get the typed proxy, learn when it dies.
 * A worker that exits without being asked to (uncaught exception, process.exit, out of memory) is a
 * crash: `exited` resolves with the reason and every pending call fails with WorkerCrashedError.
 */
import { Worker } from 'node:worker_threads';
import { proxy, type ContractNames } from '../core/rpc/channel';
import { ChannelClosedError, connectClient } from '../core/rpc/protocol';
import { CancelledError, TrawlError } from '../core/errors';
import { portEndpoint } from './port-endpoint';

export class WorkerCrashedError extends TrawlError {
  override name = 'WorkerCrashedError';
  constructor(worker: string, reason: string) {
    super('worker-crashed', `The ${worker} worker stopped unexpectedly (${reason}); the job was not completed. Try again.`, {
      worker,
      reason,
    });
  }
}

export interface WorkerHandle<T> {
  readonly api: T;
  readonly label: string;
  /** False from the moment the thread exits. */
  readonly alive: boolean;
  /** Resolves once the thread is gone: `undefined` when we terminated it, else the crash reason. */
  readonly exited: Promise<string | undefined>;
  /** Calls `fn` with the proxy; a crash of the worker meanwhile becomes WorkerCrashedError. */
  call<R>(fn: (api: T) => Promise<R>): Promise<R>;
  terminate(): Promise<void>;
}

export function startWorker<T>(script: URL, names: ContractNames, label: string): WorkerHandle<T> {
  const worker = newWorker(script);
  let stopping = false;
  let lastError: string | undefined;
  let alive = true;
  worker.on('error', (e: Error) => {
    lastError = e.message;
  });
  const exited = new Promise<string | undefined>((resolve) => {
    worker.once('exit', (code) => {
      alive = false;
      resolve(stopping ? undefined : (lastError ?? `exit code ${code}`));
    });
  });
  const client = connectClient(portEndpoint(worker));
  const api = proxy<T>(client, names);
  const crashed = exited.then((reason) => {
    throw reason === undefined ? new CancelledError(`The ${label} worker was stopped`) : new WorkerCrashedError(label, reason);
  });
  crashed.catch(() => undefined); // observed by call(); never an unhandled rejection on its own
  return {
    api,
    label,
    get alive() {
      return alive;
    },
    exited,
    async call<R>(fn: (api: T) => Promise<R>): Promise<R> {
      try {
        return await Promise.race([fn(api), crashed]);
      } catch (e) {
        if (e instanceof ChannelClosedError) {
          throw stopping ? new CancelledError(`The ${label} worker was stopped`) : new WorkerCrashedError(label, lastError ?? 'connection closed');
        }
        throw e;
      }
    },
    async terminate(): Promise<void> {
      stopping = true;
      client.dispose();
      await worker.terminate();
    },
  };
}

/**
 * Node 20 does not apply `--import tsx` to worker threads, so from sources a `.ts` worker starts through
 * a two-line bootstrap that registers tsx first. Bundled workers are plain `.js` and start directly.
 */
function newWorker(script: URL): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); })
    .catch((e) => { process.nextTick(() => { throw e; }); });`;
  return new Worker(bootstrap, { eval: true });
}
