/**
 * How fast the capture worker alone turns a helper stream into a file and index batches, with no
 * network and no privileges: a fake helper (a shell script that keeps the helper's stderr contract)
 * `cat`s a recorded pcapng capture as fast as the pipe takes it, and the worker (started as the engine
 * starts it) writes it to a temp folder. Reports wall time, the process's CPU time (worker thread plus
 * the main thread receiving batches; the fake's `cat` is another process and not counted), µs of CPU
 * per packet of the worker thread alone (from /proc/self/task) and the packets per second it sustained. Also checks that the batches add up to
 * every packet of the capture, so a fast wrong worker cannot pass for a fast one.
 *
 *   npx tsx bench/capture/worker-throughput.ts [CAPTURE.pcapng] [--runs N]
 *
 * Default capture: bench/out/bench-200000p-s1-g1.pcapng (made by `npm run bench:capture`). Run it with
 * `node --cpu-prof` via NODE_OPTIONS to profile the worker thread.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCaptureParser } from '../../core/pcap/index';
import type { CaptureWorkerApi } from '../../workers/capture-worker-api';
import { CAPTURE_WORKER_NAMES } from '../../workers/capture-worker-api';
import { startWorker } from '../../workers/worker-handle';
import { workerUrl } from '../../workers/worker-url';

const DEFAULT_CAPTURE = resolve(import.meta.dirname, '..', 'out', 'bench-200000p-s1-g1.pcapng');
const READY_LINE = 'ready interface=fake0 ifindex=1 linktype=1 snaplen=262144 ring=33554432 blocks=16';

export interface ThroughputResult {
  packets: number;
  bytes: number;
  wallMs: number;
  /** The whole process (both threads). */
  cpuMs: number;
  /** The worker thread alone (from /proc/self/task; 10 ms resolution). */
  workerCpuMs: number;
  usPerPacket: number;
  packetsPerSecond: number;
  batches: number;
}

/** A fake trawl-capture that writes `capture` to stdout at pipe speed. */
function fakeHelper(dir: string, capture: string, packets: number): string {
  const path = join(dir, 'trawl-capture');
  const script = [
    '#!/bin/sh',
    '# A fake trawl-capture for bench/capture/worker-throughput.ts: the capture at pipe speed.',
    `echo "${READY_LINE}" >&2`,
    `cat '${capture}'`,
    `echo "stats received=${packets} dropped=0 written=${packets}" >&2`,
    'exit 0',
    '',
  ].join('\n');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}

const TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/…/stat times on Linux

/** The threads of this process now. */
function threadIds(): string[] {
  return readdirSync('/proc/self/task');
}

/** CPU time (user + system) of thread `tid` in ms. */
function threadCpuMs(tid: string): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0: utime and stime are fields 14 and 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function countPackets(capture: string): number {
  const parser = createCaptureParser({ packet() {}, interface() {} });
  parser.push(readFileSync(capture));
  parser.finish();
  return parser.packets;
}

export async function measureWorker(capture: string, packets: number): Promise<ThroughputResult> {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-worker-throughput-'));
  try {
    const helperPath = fakeHelper(dir, capture, packets);
    const before = new Set(threadIds());
    const worker = startWorker<CaptureWorkerApi>(workerUrl('capture'), CAPTURE_WORKER_NAMES, 'capture');
    let indexed = 0;
    let batches = 0;
    worker.api.onBatch((b) => {
      indexed += b.count;
      batches++;
    });
    // Let the worker thread load before the clock starts.
    await new Promise((r) => setTimeout(r, 300));
    const workerThreads = threadIds().filter((t) => !before.has(t));
    const workerCpu = () => workerThreads.reduce((n, t) => n + threadCpuMs(t), 0);
    const worker0 = workerCpu();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const outcome = await worker.call((w) => w.run({ helper: { interface: 'fake0', program: [{ code: 0x06, jt: 0, jf: 0, k: 262144 }], helperPath }, outputPath: join(dir, 'out.pcapng') }));
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const workerCpuMs = workerCpu() - worker0;
    await worker.terminate();
    const bytes = statSync(capture).size;
    if (outcome.problem) throw new Error(`the worker found a problem: ${JSON.stringify(outcome.problem)}`);
    if (outcome.bytesWritten !== bytes) throw new Error(`the worker wrote ${outcome.bytesWritten} bytes of ${bytes}`);
    if (indexed !== packets) throw new Error(`the batches hold ${indexed} packets of ${packets}`);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return { packets, bytes, wallMs, cpuMs, workerCpuMs, usPerPacket: (workerCpuMs * 1000) / packets, packetsPerSecond: packets / (wallMs / 1000), batches };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '3' } }, allowPositionals: true });
  const capture = resolve(positionals[0] ?? DEFAULT_CAPTURE);
  if (!existsSync(capture)) throw new Error(`${capture} is missing: run npm run bench:capture once (it generates it), or name a pcapng capture`);
  const runs = Number(values.runs);
  const packets = countPackets(capture);
  process.stdout.write(`capture worker alone: ${capture} (${packets} packets, ${statSync(capture).size} bytes), ${runs} runs\n`);
  for (let i = 0; i < runs; i++) {
    const r = await measureWorker(capture, packets);
    process.stdout.write(
      `run ${i + 1}: ${r.wallMs.toFixed(0)} ms wall, CPU ${r.cpuMs.toFixed(0)} ms (process), ${r.workerCpuMs.toFixed(0)} ms (worker thread) = ${r.usPerPacket.toFixed(2)} µs/packet, ` +
        `${Math.round(r.packetsPerSecond).toLocaleString('en')} packets/s, ${r.batches} batches\n`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
