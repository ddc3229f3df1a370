/**
 * Test helper: many display filters over one capture in one tshark run (filters.lua makes each a tap
 * listener, whose filter tshark evaluates as it would -Y's). Starting tshark once per filter would take
 * minutes on a shared machine; one run per capture takes seconds. `tsharkY` runs -Y itself, for spot checks.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, 'filters.lua');

export type TapResult = { readonly ok: true; readonly frames: readonly number[] } | { readonly ok: false; readonly message: string };

export async function tsharkTaps(capture: string, filters: readonly string[]): Promise<TapResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-df-'));
  try {
    const list = join(dir, 'filters.txt');
    writeFileSync(list, filters.map((f) => f.replace(/\n/g, ' ')).join('\n') + '\n');
    const { stdout } = await run('tshark', ['-q', '-n', '-r', capture, '-X', `lua_script:${SCRIPT}`], {
      maxBuffer: 1 << 28,
      env: { ...process.env, LC_ALL: 'C', TRAWL_DF_FILTERS: list },
    });
    const out: TapResult[] = filters.map(() => ({ ok: false, message: 'tshark printed nothing for this filter' }));
    for (const line of stdout.split('\n')) {
      const [index, kind, rest = ''] = line.split('\t');
      const i = Number(index) - 1;
      if (!(i >= 0 && i < filters.length)) continue;
      out[i] = kind === 'ok' ? { ok: true, frames: rest === '' ? [] : rest.split(' ').map(Number) } : { ok: false, message: rest };
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `tshark -r capture -Y filter -T fields -e frame.number`: the frames, or undefined when tshark rejects the filter. */
export async function tsharkY(capture: string, filter: string): Promise<number[] | undefined> {
  try {
    const { stdout } = await run('tshark', ['-n', '-r', capture, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], { maxBuffer: 1 << 28 });
    return stdout.split('\n').filter((l) => l !== '').map(Number);
  } catch (e) {
    // tshark exits non-zero when it rejects the filter: that is the answer asked for.
    if (typeof (e as { code?: unknown }).code === 'number') return undefined;
    throw e;
  }
}

/** Run `jobs` at most `limit` at a time, keeping their order. */
export async function inBatches<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}
