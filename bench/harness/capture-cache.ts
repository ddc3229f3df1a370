/**
 * The benchmark capture under bench/out/, named by packet count, seed and generator version, so a run
 * reuses the file an earlier run made and a generator change makes a new one.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { generateCapture, GENERATOR_VERSION } from '../generate-capture';
import type { BenchCapture } from './context';

const NAME = /^bench-\d+p-s\d+-g\d+\.pcapng$/;

export function captureName(packets: number, seed: number, version = GENERATOR_VERSION): string {
  return `bench-${packets}p-s${seed}-g${version}.pcapng`;
}

export interface EnsuredCapture extends BenchCapture {
  reused: boolean;
  generateMs: number;
  /** Older captures removed from the folder. */
  removed: string[];
}

export async function ensureCapture(outDir: string, packets: number, seed: number, keepOthers: boolean): Promise<EnsuredCapture> {
  await mkdir(outDir, { recursive: true });
  const name = captureName(packets, seed);
  const path = join(outDir, name);
  const removed: string[] = [];
  if (!keepOthers) {
    for (const f of await readdir(outDir)) {
      if (f !== name && (NAME.test(f) || f.includes('.pcapng.partial-'))) {
        await rm(join(outDir, f), { force: true });
        removed.push(f);
      }
    }
  }
  const existing = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (existing) return { path, packets, seed, bytes: existing.size, reused: true, generateMs: 0, removed };
  const start = performance.now();
  const made = await generateCapture(path, { packets, seed });
  return { path, packets, seed, bytes: made.bytes, reused: false, generateMs: performance.now() - start, removed };
}
