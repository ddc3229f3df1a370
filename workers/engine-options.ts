/** The engine's settings and where its defaults come from. */
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppInfo } from '../core/api';

export interface EngineOptions {
  /** Dissect workers in the pool (default: cores − 1, at least 1, at most 4); 0 runs everything in-process. */
  workers?: number;
  /**
   * Filter workers (display and capture filters over a file, the flow pass's extraction). Default: every
   * core, at most 4 — the engine's thread waits for their scans, so they may take its core too; when
   * `workers` is given and this is not, as many as `workers` (0: in-process).
   */
  filterWorkers?: number;
  /** Where uploads and per-run temp files go (a private folder is made inside; default: the OS temp dir). */
  tempDir?: string;
  /** Where recent-files.json lives (default: $TRAWL_CONFIG_DIR, else $XDG_CONFIG_HOME/trawl, else ~/.config/trawl). */
  configDir?: string;
  shell?: AppInfo['shell'];
  /** Largest upload accepted (default 4 GiB). */
  maxUploadBytes?: number;
  /** Pages with more packets to summarise than this go to the dissect workers (default 64). */
  inProcessSummaryLimit?: number;
  /** Index worker read size (default 1 MiB); tests make it small to see progress on small files. */
  indexChunkSize?: number;
  /** Most packets a display filter gives one filter-worker job (default 32768); tests make it small. */
  filterChunkPackets?: number;
  /** The capture helper to run (default: the built one, see locateHelper in capture-helper.ts). */
  captureHelperPath?: string;
  /** A command put before every helper run, e.g. `ip netns exec NS` in tests (default none). */
  captureLauncher?: string[];
}

export type ResolvedEngineOptions = Required<Omit<EngineOptions, 'captureHelperPath' | 'captureLauncher'>> &
  Pick<EngineOptions, 'captureHelperPath' | 'captureLauncher'>;

export function resolveEngineOptions(o: EngineOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedEngineOptions {
  const xdg = env.XDG_CONFIG_HOME;
  return {
    workers: o.workers ?? Math.max(1, Math.min(4, availableParallelism() - 1)),
    filterWorkers: o.filterWorkers ?? o.workers ?? Math.max(1, Math.min(4, availableParallelism())),
    tempDir: o.tempDir ?? tmpdir(),
    configDir: o.configDir ?? env.TRAWL_CONFIG_DIR ?? (xdg ? join(xdg, 'trawl') : join(homedir(), '.config', 'trawl')),
    shell: o.shell ?? 'test',
    maxUploadBytes: o.maxUploadBytes ?? 4 * 1024 ** 3,
    inProcessSummaryLimit: o.inProcessSummaryLimit ?? 64,
    indexChunkSize: o.indexChunkSize ?? 1 << 20,
    filterChunkPackets: o.filterChunkPackets ?? 32768,
    captureHelperPath: o.captureHelperPath,
    captureLauncher: o.captureLauncher,
  };
}
