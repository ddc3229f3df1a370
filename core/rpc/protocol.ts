/**
 * Channel traffic as messages, for transports that move messages (worker ports, the WebSocket).
 * `connectServer` answers a Channel's calls and forwards its events; `connectClient` is the far end.
 */
import type { Disposable } from '../api';
import { deserializeError, serializeError, TrawlError, type SerializedError } from '../errors';
import type { Channel } from './channel';

export type RpcMessage =
  | { t: 'call'; id: number; method: string; arg: unknown }
  | { t: 'result'; id: number; value: unknown }
  | { t: 'error'; id: number; error: SerializedError }
  | { t: 'listen'; id: number; event: string }
  | { t: 'unlisten'; id: number }
  | { t: 'event'; id: number; payload: unknown };

/** Something that moves RpcMessages both ways. `onClose` fires once when the far side is gone. */
export interface MessageEndpoint {
  post(message: RpcMessage): void;
  onMessage(listener: (message: RpcMessage) => void): Disposable;
  onClose?(listener: () => void): Disposable;
}

export class ChannelClosedError extends Error {
  override name = 'ChannelClosedError';
}

/** Serve `channel` over `endpoint` until the returned handle is disposed or the endpoint closes. */
export function connectServer(channel: Channel, endpoint: MessageEndpoint): Disposable {
  const subscriptions = new Map<number, Disposable>();
  const reply = (m: RpcMessage) => {
    try {
      endpoint.post(m);
    } catch (e) {
      if (m.t !== 'result') {
        console.warn(`Could not send an RPC ${m.t}: ${(e as Error).message}`);
        return;
      }
      // The value could not be sent (e.g. not cloneable): tell the caller rather than leave it waiting.
      const error = new TrawlError('reply-failed', `The engine's answer could not be sent: ${(e as Error).message}`);
      try {
        endpoint.post({ t: 'error', id: m.id, error: serializeError(error) });
      } catch (again) {
        console.warn(`Could not send an RPC reply; the connection is gone: ${(again as Error).message}`);
      }
    }
  };
  const onMessage = endpoint.onMessage((m) => {
    switch (m.t) {
      case 'call':
        channel.call(m.method, m.arg).then(
          (value) => reply({ t: 'result', id: m.id, value }),
          (err: unknown) => reply({ t: 'error', id: m.id, error: serializeError(err) }),
        );
        break;
      case 'listen':
        try {
          subscriptions.set(
            m.id,
            channel.listen(m.event, (payload) => reply({ t: 'event', id: m.id, payload })),
          );
        } catch (err) {
          reply({ t: 'error', id: m.id, error: serializeError(err) });
        }
        break;
      case 'unlisten':
        subscriptions.get(m.id)?.dispose();
        subscriptions.delete(m.id);
        break;
      default:
        break;
    }
  });
  const stop = () => {
    onMessage.dispose();
    for (const s of subscriptions.values()) s.dispose();
    subscriptions.clear();
  };
  const onClose = endpoint.onClose?.(stop);
  return {
    dispose() {
      stop();
      onClose?.dispose();
    },
  };
}

/** A Channel whose calls and subscriptions travel over `endpoint`. */
export function connectClient(endpoint: MessageEndpoint): Channel & Disposable {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  const listeners = new Map<number, (payload: unknown) => void>();
  const failAll = () => {
    closed = true;
    for (const p of pending.values()) p.reject(new ChannelClosedError('The engine connection closed'));
    pending.clear();
    listeners.clear();
  };
  const sub = endpoint.onMessage((m) => {
    switch (m.t) {
      case 'result':
        pending.get(m.id)?.resolve(m.value);
        pending.delete(m.id);
        break;
      case 'error': {
        const p = pending.get(m.id);
        if (p) {
          p.reject(deserializeError(m.error));
          pending.delete(m.id);
        } else if (listeners.has(m.id)) {
          listeners.delete(m.id);
          console.error(`Subscription failed: ${m.error.message}`);
        }
        break;
      }
      case 'event':
        listeners.get(m.id)?.(m.payload);
        break;
      default:
        break;
    }
  });
  const closeSub = endpoint.onClose?.(failAll);
  return {
    call(method, arg) {
      if (closed) return Promise.reject(new ChannelClosedError('The engine connection is closed'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        endpoint.post({ t: 'call', id, method, arg });
      });
    },
    listen(event, listener) {
      const id = nextId++;
      listeners.set(id, listener);
      if (!closed) endpoint.post({ t: 'listen', id, event });
      return {
        dispose() {
          if (listeners.delete(id) && !closed) endpoint.post({ t: 'unlisten', id });
        },
      };
    },
    dispose() {
      sub.dispose();
      closeSub?.dispose();
      failAll();
    },
  };
}
