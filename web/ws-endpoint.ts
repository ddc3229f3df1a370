/** The WebSocket endpoint adapter: core/rpc messages as binary frames (core/rpc/codec.ts) over `ws`. */
import type { WebSocket } from 'ws';
import type { Disposable } from '../core/api';
import { decodeFrame, encodeFrame, FrameError } from '../core/rpc/codec';
import type { MessageEndpoint, RpcMessage } from '../core/rpc/protocol';

/** 1003: the peer sent data we cannot accept. */
const CLOSE_UNSUPPORTED = 1003;

export function wsEndpoint(ws: WebSocket): MessageEndpoint {
  return {
    post(message: RpcMessage): void {
      if (ws.readyState === ws.OPEN) ws.send(encodeFrame(message));
    },
    onMessage(listener: (message: RpcMessage) => void): Disposable {
      const handler = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
        let message: RpcMessage;
        try {
          if (!isBinary) throw new FrameError('Text frames are not part of the protocol');
          message = decodeFrame(bytes);
        } catch (e) {
          if (!(e instanceof FrameError)) throw e;
          ws.close(CLOSE_UNSUPPORTED, e.message.slice(0, 120));
          return;
        }
        listener(message);
      };
      ws.on('message', handler);
      return { dispose: () => ws.off('message', handler) };
    },
    onClose(listener: () => void): Disposable {
      const handler = () => listener();
      ws.on('close', handler);
      return { dispose: () => ws.off('close', handler) };
    },
  };
}
