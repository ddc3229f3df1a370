/**
 * The Electron preload bridge: the only thing the preload exposes to the renderer (as
 * `window[BRIDGE_GLOBAL]`). It carries Channel traffic over ipcRenderer.invoke / ipcRenderer.on. Errors
 * travel inside an envelope, because Electron's invoke turns a thrown error into a plain message.
 */
import type { Disposable } from '../api';
import { deserializeError, serializeError, type SerializedError } from '../errors';
import type { Channel } from './channel';

export const BRIDGE_GLOBAL = 'trawlBridge';
/** IPC channel names: one for calls, and one per contract event prefixed with this. */
export const IPC_CALL = 'trawl:call';
export const IPC_EVENT_PREFIX = 'trawl:event:';

export interface PreloadBridge {
  /** Invoke a contract method; resolves with an envelope. */
  invoke(method: string, arg: unknown): Promise<Envelope>;
  /** Listen to a contract event; returns the function that stops listening. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export type Envelope = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** Main-process side: run a call on `channel` and wrap its outcome. */
export async function invokeToEnvelope(channel: Channel, method: string, arg: unknown): Promise<Envelope> {
  try {
    return { ok: true, value: await channel.call(method, arg) };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/** Renderer side: a Channel over the preload bridge. */
export function channelFromBridge(bridge: PreloadBridge): Channel {
  return {
    async call(method, arg) {
      const env = await bridge.invoke(method, arg);
      if (env.ok) return env.value;
      throw deserializeError(env.error);
    },
    listen(event, listener): Disposable {
      const off = bridge.on(event, listener);
      return { dispose: off };
    },
  };
}
