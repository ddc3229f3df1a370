/**
 * Chooses the transport at start: the Electron preload bridge when it exists, otherwise the web shell's
 * WebSocket. Either way the result is the typed contract, plus a way to hear that the engine is gone.
 */
import { API_EVENTS, API_METHODS, type TrawlApi } from '../../core/api';
import { BRIDGE_GLOBAL, channelFromBridge, type PreloadBridge } from '../../core/rpc/bridge';
import { proxy } from '../../core/rpc/channel';
import { connectClient } from '../../core/rpc/protocol';
import { rpcUrl, websocketEndpoint } from './websocket-endpoint';

export type ShellKind = 'electron' | 'web';

export interface EngineConnection {
  api: TrawlApi;
  shell: ShellKind;
  /** Called once if the connection to the engine is lost, with a reason for the user. */
  onLost(listener: (reason: string) => void): void;
}

const NAMES = { methods: API_METHODS, events: API_EVENTS };

function findBridge(): PreloadBridge | undefined {
  const b = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL] as Partial<PreloadBridge> | undefined;
  return b && typeof b.invoke === 'function' && typeof b.on === 'function' ? (b as PreloadBridge) : undefined;
}

export function connectEngine(): EngineConnection {
  const bridge = findBridge();
  if (bridge) {
    return { api: proxy<TrawlApi>(channelFromBridge(bridge), NAMES), shell: 'electron', onLost: () => {} };
  }
  const ws = new WebSocket(rpcUrl(window.location));
  const endpoint = websocketEndpoint(ws);
  const channel = connectClient(endpoint);
  return {
    api: proxy<TrawlApi>(channel, NAMES),
    shell: 'web',
    onLost(listener) {
      const fire = () => listener(endpoint.closeReason() ?? 'The engine connection closed.');
      if (endpoint.closeReason() !== null) fire();
      else endpoint.onClose(fire);
    },
  };
}
