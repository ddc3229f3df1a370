/**
 * What the engine lends the services that own one capability each (flows, follow, export): its sessions,
 * its filter-worker pool (which also runs flow scans), its temp dir. A service keeps per-session state
 * keyed by session id and drops it in `forget` when the session closes.
 */
import type { SessionId } from '../core/api';
import type { FilterWorkerApi } from './filter-worker-api';
import type { WorkerPool } from './pool';
import type { Session } from './session';

export interface ServiceHost {
  /** The open session, or NotFoundError. */
  session(sessionId: SessionId): Session;
  /** Undefined when the engine runs without workers (options.workers 0): run in-process then. */
  filterPool(): WorkerPool<FilterWorkerApi> | undefined;
  tempDir(): Promise<string>;
  readonly disposed: boolean;
}

/** A capability the engine holds one of; the engine tells it when sessions come and go. */
export interface EngineService {
  /** A session finished indexing (or a live capture stopped): background work may start. */
  indexed?(sessionId: SessionId): void;
  /** The session is closing: cancel its work, drop its state. */
  forget(sessionId: SessionId): Promise<void>;
  dispose(): Promise<void>;
}
