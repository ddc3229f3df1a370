/**
 * The MessagePort endpoint adapter: carries core/rpc messages over a worker_threads `Worker`, its
 * `parentPort`, or any `MessagePort`. Structured clone moves typed arrays as they are, so no codec is
 * needed here (the WebSocket needs one; see web/ws-endpoint.ts).
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { Disposable } from '../core/api';
import type { MessageEndpoint, RpcMessage } from '../core/rpc/protocol';

type PortLike = Pick<MessagePort, 'postMessage' | 'on' | 'off'> | Pick<Worker, 'postMessage' | 'on' | 'off'>;

/** An endpoint over `port`. `onClose` fires once, when the port closes or the worker exits. */
export function portEndpoint(port: PortLike): MessageEndpoint {
  const target = port as MessagePort;
  const closeEvent = 'threadId' in port ? 'exit' : 'close';
  return {
    post(message: RpcMessage): void {
      target.postMessage(message);
    },
    onMessage(listener: (message: RpcMessage) => void): Disposable {
      const handler = (m: RpcMessage) => listener(m);
      target.on('message', handler);
      return { dispose: () => target.off('message', handler) };
    },
    onClose(listener: () => void): Disposable {
      let fired = false;
      const handler = () => {
        if (fired) return;
        fired = true;
        listener();
      };
      target.on(closeEvent as 'close', handler);
      return { dispose: () => target.off(closeEvent as 'close', handler) };
    },
  };
}
