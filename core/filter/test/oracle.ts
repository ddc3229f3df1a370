/**
 * Runs libpcap itself — pcap_compile + pcap_offline_filter, through the small C program beside this
 * file — over the packets of a set of captures, for many expressions in one process.
 * The program is built on first use into node_modules/.cache (needs gcc and libpcap-dev; .ci/run
 * installs them).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../scripts/shared-captures';

const SOURCE = join(REPO_ROOT, 'core', 'filter', 'test', 'pcap-oracle.c');

export function buildOracle(): string {
  const src = readFileSync(SOURCE);
  const dir = join(REPO_ROOT, 'node_modules', '.cache', 'trawl');
  const bin = join(dir, `pcap-oracle-${createHash('sha256').update(src).digest('hex').slice(0, 12)}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', bin, SOURCE, '-lpcap'], { stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer };
    throw new Error(
      `could not build the libpcap oracle (needs gcc and libpcap-dev: apt-get install gcc libpcap-dev):\n${err.stderr?.toString() ?? String(e)}`,
    );
  }
  return bin;
}

export type OracleVerdict =
  | { readonly ok: true; readonly insns: number; readonly matches: Uint32Array }
  | { readonly ok: false; readonly error: string };

export interface OracleResult {
  /** Packets libpcap read from each file, in argument order. */
  readonly fileCounts: readonly number[];
  readonly verdicts: readonly OracleVerdict[];
}

function parseRanges(text: string): Uint32Array {
  const out: number[] = [];
  if (text.length === 0) return new Uint32Array(0);
  for (const part of text.split(',')) {
    const dash = part.indexOf('-');
    if (dash < 0) out.push(Number(part));
    else for (let i = Number(part.slice(0, dash)), end = Number(part.slice(dash + 1)); i <= end; i++) out.push(i);
  }
  return Uint32Array.from(out);
}

/**
 * libpcap's verdicts for each expression over all packets of `files` (which must share a link type),
 * compiled for `linkTypeName` (a DLT name) when given, else for the first file's link type.
 */
export async function runOracle(
  files: readonly string[],
  expressions: readonly string[],
  linkTypeName?: string,
): Promise<OracleResult> {
  const bin = buildOracle();
  const child = spawn(bin, [...(linkTypeName ? ['-y', linkTypeName] : []), ...files], { stdio: ['pipe', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  const errs: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => errs.push(c));
  child.stdin.end(expressions.map((e) => e.replace(/\n/g, ' ')).join('\n') + (expressions.length ? '\n' : ''));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? -1));
  });
  if (code !== 0) throw new Error(`pcap-oracle exited ${code}: ${Buffer.concat(errs).toString()}`);
  const lines = Buffer.concat(chunks).toString('utf8').split('\n');
  const fileCounts: number[] = [];
  let i = 0;
  for (; i < files.length; i++) fileCounts.push(Number(lines[i].split(' ')[1]));
  const verdicts: OracleVerdict[] = [];
  for (let j = 0; j < expressions.length; j++) {
    const line = lines[i + j];
    if (line.startsWith('ERR ')) {
      verdicts.push({ ok: false, error: line.slice(4) });
    } else {
      const [, insns, , ranges] = line.split(' ');
      verdicts.push({ ok: true, insns: Number(insns), matches: parseRanges(ranges ?? '') });
    }
  }
  return { fileCounts, verdicts };
}
