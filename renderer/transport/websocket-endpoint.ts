/**
 * A MessageEndpoint over the web shell's WebSocket: binary frames (core/rpc/codec.ts). Messages posted
 * before the socket opens wait in a queue. A frame that cannot be decoded closes the connection (the two
 * sides no longer agree, so nothing after it can be trusted); `onClose` says why.
 */
import type { Disposable } from '../../core/api';
import { decodeFrame, encodeFrame } from '../../core/rpc/codec';
import type { MessageEndpoint, RpcMessage } from '../../core/rpc/protocol';

export interface WebSocketEndpoint extends MessageEndpoint {
  onClose(listener: () => void): Disposable;
  /** Why the connection ended, once it has. */
  closeReason(): string | null;
}

export function rpcUrl(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/rpc`;
}

export function websocketEndpoint(ws: WebSocket): WebSocketEndpoint {
  ws.binaryType = 'arraybuffer';
  const queue: Uint8Array<ArrayBuffer>[] = [];
  let reason: string | null = null;
  const closeListeners = new Set<() => void>();
  const fireClose = (why: string) => {
    if (reason !== null) return;
    reason = why;
    for (const l of [...closeListeners]) l();
  };
  ws.addEventListener('open', () => {
    for (const f of queue.splice(0)) ws.send(f);
  });
  ws.addEventListener('close', (e) => fireClose(e.reason || `The engine connection closed (code ${e.code}).`));
  ws.addEventListener('error', () => fireClose('Could not reach the engine.'));
  return {
    post(message: RpcMessage) {
      if (reason !== null) return;
      const frame = encodeFrame(message) as Uint8Array<ArrayBuffer>;
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      else queue.push(frame);
    },
    onMessage(listener: (m: RpcMessage) => void): Disposable {
      const handler = (e: MessageEvent) => {
        if (!(e.data instanceof ArrayBuffer)) {
          fireClose('The engine sent a text frame; expected binary RPC frames.');
          ws.close();
          return;
        }
        let message: RpcMessage;
        try {
          message = decodeFrame(new Uint8Array(e.data));
        } catch (err) {
          fireClose(`The engine sent a corrupt frame: ${(err as Error).message}`);
          ws.close();
          return;
        }
        listener(message);
      };
      ws.addEventListener('message', handler);
      return { dispose: () => ws.removeEventListener('message', handler) };
    },
    onClose(listener: () => void): Disposable {
      closeListeners.add(listener);
      return { dispose: () => closeListeners.delete(listener) };
    },
    closeReason: () => reason,
  };
}
