/** The worker half of the worker protocol: serve a contract on the thread's parentPort. */
import { parentPort } from 'node:worker_threads';
import { serve, type ContractNames } from '../core/rpc/channel';
import { connectServer } from '../core/rpc/protocol';
import { TrawlError } from '../core/errors';
import { portEndpoint } from './port-endpoint';

export function serveInWorker<T extends object>(impl: T, names: ContractNames): void {
  if (!parentPort) throw new TrawlError('not-a-worker', 'This script must run as a worker thread');
  connectServer(serve(impl, names), portEndpoint(parentPort));
}
