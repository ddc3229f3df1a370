/**
 * The one generic binding of a contract to a transport (after vscode's ProxyChannel).
 *
 * A `Channel` is the untyped shape every transport can carry: call a method by name with one argument,
 * listen to an event by name. `serve(impl, …)` turns an implementation of a contract into a Channel
 * that answers only the contract's names; `proxy(channel, …)` turns a Channel back into the typed
 * contract. Transports (message ports, WebSocket, Electron IPC) only move Channel traffic.
 */
import type { Disposable } from '../api';
import { BadRequestError } from '../errors';

export interface Channel {
  call(method: string, arg: unknown): Promise<unknown>;
  listen(event: string, listener: (payload: unknown) => void): Disposable;
}

export interface ContractNames {
  readonly methods: readonly string[];
  readonly events: readonly string[];
}

type AnyFn = (arg?: unknown) => Promise<unknown>;
type AnyEvent = (listener: (e: unknown) => void) => Disposable;

/** Expose `impl` as a Channel that answers exactly the names in `names` and nothing else. */
export function serve<T extends object>(impl: T, names: ContractNames): Channel {
  const methods = new Set(names.methods);
  const events = new Set(names.events);
  const target = impl as unknown as Record<string, unknown>;
  return {
    async call(method, arg) {
      if (!methods.has(method)) throw new BadRequestError(`Unknown call "${method}"`);
      const fn = target[method];
      if (typeof fn !== 'function') throw new BadRequestError(`Call "${method}" is not implemented`);
      return (fn as AnyFn).call(impl, arg);
    },
    listen(event, listener) {
      if (!events.has(event)) throw new BadRequestError(`Unknown event "${event}"`);
      const ev = target[event];
      if (typeof ev !== 'function') throw new BadRequestError(`Event "${event}" is not implemented`);
      return (ev as AnyEvent).call(impl, listener);
    },
  };
}

/** The typed contract over a Channel: methods become calls, `onXxx` members become subscriptions. */
export function proxy<T>(channel: Channel, names: ContractNames): T {
  const out: Record<string, unknown> = {};
  for (const m of names.methods) out[m] = (arg?: unknown) => channel.call(m, arg);
  for (const e of names.events) out[e] = (listener: (p: unknown) => void) => channel.listen(e, listener);
  return Object.freeze(out) as T;
}

/**
 * A Channel that answers some calls itself and passes the rest to `inner`: how a shell adds what only it
 * can do (Electron's native open dialog) to the engine's implementation of the same contract.
 */
export function withCalls(inner: Channel, calls: Readonly<Record<string, (arg: unknown) => Promise<unknown>>>): Channel {
  return {
    call(method, arg) {
      const own = Object.prototype.hasOwnProperty.call(calls, method) ? calls[method] : undefined;
      return own ? own(arg) : inner.call(method, arg);
    },
    listen: (event, listener) => inner.listen(event, listener),
  };
}

/** A small typed event source for implementations: `readonly onFoo = this.foo.event`. */
export class Emitter<T> {
  private listeners = new Set<(e: T) => void>();
  readonly event = (listener: (e: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  get size(): number {
    return this.listeners.size;
  }
  clear(): void {
    this.listeners.clear();
  }
}
