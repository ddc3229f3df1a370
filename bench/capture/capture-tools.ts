/**
 * The tools the capture benchmark compares, and one run of one of them: started in the receiving
 * namespace under GNU time (user + system CPU of its whole process tree), ready once it says it is
 * capturing, stopped with SIGINT to its process group as Ctrl+C in a terminal would, its kernel drops read
 * from what it printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { GNU_TIME, ToolRunError } from '../harness/run-timed';
import type { CaptureTool } from './capture-report';
import { parseCpuSeconds, parseDumpcapStats, parseTcpdumpStats, parseTrawlStats, type ToolDrops } from './tool-stats';

export interface ToolSpec {
  tool: CaptureTool;
  /** The command capturing everything on `iface` into `file`, with the tool's default buffer. */
  argv(iface: string, file: string): string[];
  /** What the tool prints on stderr once it captures. */
  ready: RegExp;
  stats(stderr: string): ToolDrops | undefined;
  ext: string;
}

/** `trawlCapture` is the command line of `trawl capture` (node, the built CLI, `capture`). */
export function toolSpecs(trawlCapture: readonly string[]): Record<CaptureTool, ToolSpec> {
  return {
    trawl: { tool: 'trawl', argv: (i, f) => [...trawlCapture, '-i', i, '-w', f], ready: /^Capturing on '/m, stats: parseTrawlStats, ext: 'pcapng' },
    dumpcap: { tool: 'dumpcap', argv: (i, f) => ['dumpcap', '-q', '-i', i, '-w', f], ready: /^Capturing on '/m, stats: parseDumpcapStats, ext: 'pcapng' },
    tcpdump: { tool: 'tcpdump', argv: (i, f) => ['tcpdump', '-i', i, '-w', f], ready: /listening on /, stats: parseTcpdumpStats, ext: 'pcap' },
  };
}

export interface ToolExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Null without GNU time, or when it wrote nothing (the tool was killed). */
  cpuSeconds: number | null;
}

export interface RunningTool {
  /** Resolves once the tool says it captures; rejects (and kills it) if it exits first or takes too long. */
  ready: Promise<void>;
  /** SIGINT to the process group, then the exit; SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<ToolExit>;
  /** SIGKILL to the process group (cleaning up after a failure or Ctrl+C of the benchmark). */
  kill(): void;
}

const READY_TIMEOUT_MS = 20_000;

/**
 * Starts `spec` with `prefix` before it (e.g. `ip netns exec NS`), which must exec, not fork, so that the
 * process group is the tool's. GNU time writes the CPU line to `timeFile`.
 */
export function startTool(spec: ToolSpec, prefix: readonly string[], iface: string, file: string, timeFile: string): RunningTool {
  const timed = existsSync(GNU_TIME) ? [GNU_TIME, '-f', '%U %S', '-o', timeFile] : [];
  const [cmd, ...args] = [...prefix, ...timed, ...spec.argv(iface, file)];
  // Its own process group: SIGINT reaches every process of the tool (GNU time ignores it while it waits).
  const child: ChildProcess = spawn(cmd, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
  const spawnFailed = new Promise<never>((_, rej) => child.on('error', rej));
  spawnFailed.catch(() => undefined); // surfaces through `ready`
  const group = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch (e) {
      // ESRCH: the group is already gone, which is what we wanted.
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  };
  const shown = [...spec.argv(iface, file)].join(' ');
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      group('SIGKILL');
      reject(new ToolRunError(shown, null, `not capturing after ${READY_TIMEOUT_MS / 1000} s: ${stderr.trim()}`));
    }, READY_TIMEOUT_MS);
    child.stderr?.setEncoding('utf8').on('data', (t: string) => {
      stderr += t;
      if (spec.ready.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new ToolRunError(shown, code, `exited (${signal ?? code}) before capturing: ${stderr.trim().split('\n').slice(-5).join('\n')}`));
    });
    spawnFailed.catch((e: Error) => {
      clearTimeout(timer);
      reject(new ToolRunError(shown, null, `could not start: ${e.message}`));
    });
  });
  ready.catch(() => undefined); // the caller awaits it; a late rejection after a stop is expected
  return {
    ready,
    async stop(graceMs = 30_000) {
      group('SIGINT');
      const timer = setTimeout(() => group('SIGKILL'), graceMs);
      const { code, signal } = await exited;
      clearTimeout(timer);
      // GNU time writes no file when it is killed itself: then the CPU is unknown (null), not an error.
      const cpu = timed.length > 0 ? parseCpuSeconds(await readFile(timeFile, 'utf8').catch(() => '')) : undefined;
      return { code, signal, stderr, cpuSeconds: cpu ?? null };
    },
    kill: () => group('SIGKILL'),
  };
}
