/**
 * Runs an external program once and measures its wall time and peak RSS. RSS comes from GNU time
 * (`/usr/bin/time -f %M`, written to a side file so the program's own stderr stays apart); without GNU
 * time the RSS is null and the result says why.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrawlError } from '../../core/errors';

export const GNU_TIME = '/usr/bin/time';

export interface TimedRun {
  wallMs: number;
  peakRssBytes: number | null;
  /** Set when the RSS could not be measured. */
  rssMissing?: string;
  stdout: string;
}

export class ToolRunError extends TrawlError {
  override name = 'ToolRunError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super('tool-failed', `${command} failed (exit ${exitCode}): ${stderrTail}`, { command, exitCode, stderrTail });
  }
}

/** Parses GNU time's `%e %M` line: elapsed seconds and max RSS in KiB. */
export function parseGnuTime(text: string): { elapsedS: number; maxRssKiB: number } | undefined {
  const lines = text.trim().split('\n');
  const m = /^(\d+(?:\.\d+)?) (\d+)$/.exec(lines[lines.length - 1] ?? '');
  return m ? { elapsedS: Number(m[1]), maxRssKiB: Number(m[2]) } : undefined;
}

export interface RunOptions {
  /** Send stdout to /dev/null instead of collecting it. */
  discardStdout?: boolean;
  gnuTime?: string;
}

export async function runTimed(command: string, args: readonly string[], opts: RunOptions = {}): Promise<TimedRun> {
  const gnuTime = opts.gnuTime ?? GNU_TIME;
  const haveTime = existsSync(gnuTime);
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-time-'));
  const statsFile = join(dir, 'time.txt');
  const devNull = opts.discardStdout ? openSync('/dev/null', 'w') : undefined;
  try {
    const [cmd, argv] = haveTime ? [gnuTime, ['-f', '%e %M', '-o', statsFile, command, ...args]] : [command, [...args]];
    const start = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(cmd, argv, { stdio: ['ignore', devNull ?? 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
      child.stderr?.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-4000)));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    const wallMs = performance.now() - start;
    const shown = [command, ...args].join(' ');
    if (code !== 0) throw new ToolRunError(shown, code, stderr.trim().split('\n').slice(-5).join('\n'));
    if (!haveTime) return { wallMs, peakRssBytes: null, rssMissing: `GNU time is missing (${gnuTime} not found): peak RSS of ${command} not measured`, stdout };
    const stats = parseGnuTime(await readFile(statsFile, 'utf8'));
    if (!stats) throw new ToolRunError(`${gnuTime} ${shown}`, code, `unexpected output in ${statsFile}`);
    return { wallMs, peakRssBytes: stats.maxRssKiB * 1024, stdout };
  } finally {
    if (devNull !== undefined) closeSync(devNull);
    await rm(dir, { recursive: true, force: true });
  }
}
