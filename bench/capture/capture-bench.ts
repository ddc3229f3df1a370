/**
 * `npm run bench:capture`: live capture under load. Two network namespaces joined by a veth pair
 * (workers/test/netns.ts, the same hosts the live-capture tests use); tcpreplay offers the benchmark
 * capture from B at rising rates; for each rate, each tool in turn captures on A into a file (trawl =
 * the built `trawl capture` CLI, dumpcap -q, tcpdump; default buffers, no filter), is stopped with SIGINT,
 * and its file is counted with core/pcap. Prints a table per rate, each tool's maximum lossless rate and
 * the verdict, and writes bench/out/capture-results.json. A report, not a test: timings are noisy and
 * nothing is asserted; it exits 1 only when something could not run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestError } from '../../core/errors';
import { createCaptureParser } from '../../core/pcap/index';
import { NetnsPair } from '../../workers/test/netns';
import { ensureCapture } from '../harness/capture-cache';
import { formatBytes, formatMs } from '../harness/report';
import { GNU_TIME, ToolRunError } from '../harness/run-timed';
import { warmPageCache } from '../harness/warm-cache';
import { CAPTURE_USAGE, parseCaptureBenchArgs, type CaptureBenchArgs } from './capture-args';
import { formatCount, rateTable, stepLabel, summaryText, verdicts, type CaptureRun, type CaptureTool, type RateStep } from './capture-report';
import { startTool, toolSpecs, type ToolSpec } from './capture-tools';
import { parseTcpreplayStats, type ReplayStats } from './tool-stats';

/** After tcpreplay is done, how long the tools get before SIGINT: libpcap hands over a partly filled ring block after 1 s. */
const SETTLE_MS = 1500;

export interface CaptureBenchPaths {
  /** bench/out/: the replayed capture is made (or reused) here, and the results written. */
  outDir: string;
  /** dist/node/: the built CLI (trawl.js) and this bundle (bench.js). */
  distNode: string;
}

/** `node dist/node/trawl.js capture`: the built CLI, as a user runs it. */
function trawlCaptureCommand(distNode: string): string[] {
  const cli = join(distNode, 'trawl.js');
  if (!existsSync(cli)) throw new BadRequestError(`${cli} is missing: run \`npm run build\` first (npm run bench:capture does)`);
  const help = spawnSync(process.execPath, [cli, 'help'], { encoding: 'utf8' });
  if (!/^ {2}capture\s/m.test(help.stdout)) throw new BadRequestError(`${cli} has no capture command: rebuild it (npm run build)`);
  return [process.execPath, cli, 'capture'];
}

function requireTools(args: CaptureBenchArgs, distNode: string, warnings: string[]): void {
  if (process.getuid?.() !== 0) throw new BadRequestError('bench:capture needs root to create network namespaces: sudo npm run bench:capture');
  const needed = ['ip', 'tcpreplay', ...args.tools.filter((t) => t !== 'trawl')];
  for (const tool of needed) {
    const r = spawnSync(tool, tool === 'ip' ? ['netns', 'list'] : ['--version'], { stdio: 'ignore' });
    if (r.error || r.status !== 0) throw new BadRequestError(`bench:capture needs ${tool} (${r.error?.message ?? `exit ${r.status}`})`);
  }
  if (args.tools.includes('trawl') && !existsSync(join(distNode, '..', 'helper', 'trawl-capture'))) {
    throw new BadRequestError('the capture helper dist/helper/trawl-capture is not built: install gcc and libpcap-dev, then run `node scripts/build-helper.mjs`');
  }
  if (!existsSync(GNU_TIME)) warnings.push(`GNU time (${GNU_TIME}) is missing: CPU time is not measured`);
}

async function countPackets(file: string): Promise<number> {
  const parser = createCaptureParser({ packet() {}, interface() {} });
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) if (!parser.push(chunk as Buffer)) break;
  parser.finish();
  return parser.packets;
}

function replay(net: NetnsPair, file: string, packets: number, step: RateStep): Promise<ReplayStats> {
  const rate = step.pps === 'top' ? ['--topspeed'] : [`--pps=${step.pps}`];
  const args = [...net.inB(), 'tcpreplay', '-i', net.ifB, '--preload-pcap', `--limit=${packets}`, ...rate, file];
  return new Promise((resolve, reject) => {
    const p = spawn(args[0], args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    p.stderr.setEncoding('utf8').on('data', (t: string) => (out += t));
    p.on('error', reject);
    p.on('close', (code) => {
      const stats = parseTcpreplayStats(out);
      if (code === 0 && stats !== undefined) resolve(stats);
      else reject(new ToolRunError(args.join(' '), code, out.trim().split('\n').slice(-5).join('\n')));
    });
  });
}

interface Run {
  net: NetnsPair;
  work: string;
  replayFile: string;
  packets: number;
  specs: Record<CaptureTool, ToolSpec>;
  /** Tools running now, to kill if the benchmark is interrupted. */
  live: Set<{ kill(): void }>;
}

/** One tool capturing one replay at one rate (or, with `step` undefined, starting and stopping with no traffic). */
async function measure(run: Run, tool: CaptureTool, step: RateStep | undefined): Promise<CaptureRun> {
  const spec = run.specs[tool];
  const file = join(run.work, `${tool}.${spec.ext}`);
  const running = startTool(spec, run.net.inA(), run.net.ifA, file, join(run.work, `${tool}.time`));
  run.live.add(running);
  const result: CaptureRun = { tool, step: step ?? { pps: 0 }, sent: 0, achievedPps: 0, inFile: 0, dropped: null, cpuSeconds: null };
  try {
    await running.ready;
    if (step !== undefined) {
      const sent = await replay(run.net, run.replayFile, run.packets, step);
      result.sent = sent.sent;
      result.achievedPps = sent.pps;
    }
    await new Promise((res) => setTimeout(res, step === undefined ? 300 : SETTLE_MS));
    const exit = await running.stop();
    result.cpuSeconds = exit.cpuSeconds;
    result.dropped = spec.stats(exit.stderr)?.dropped ?? null;
    if (exit.code !== 0) result.error = `exit ${exit.code ?? exit.signal}: ${exit.stderr.trim().split('\n').at(-1) ?? ''}`;
    else if (result.dropped === null) result.error = 'printed no statistics';
    result.inFile = existsSync(file) ? await countPackets(file) : 0;
  } catch (e) {
    running.kill();
    if (!(e instanceof ToolRunError)) throw e;
    result.error = e.message;
  } finally {
    run.live.delete(running);
    await rm(file, { force: true });
  }
  return result;
}

export async function runCaptureBench(argv: readonly string[], paths: CaptureBenchPaths): Promise<void> {
  const args = parseCaptureBenchArgs(argv);
  if (args.help) {
    process.stdout.write(`${CAPTURE_USAGE}\n`);
    return;
  }
  const warnings: string[] = [];
  requireTools(args, paths.distNode, warnings);
  const trawl = args.tools.includes('trawl') ? trawlCaptureCommand(paths.distNode) : [];
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const started = performance.now();

  const capture = await ensureCapture(paths.outDir, args.packets, 1, true);
  log(capture.reused ? `capture: reusing ${capture.path}` : `capture: generated ${capture.path} in ${formatMs(capture.generateMs)}`);
  await warmPageCache(capture.path);

  const net = new NetnsPair('bench');
  const run: Run = { net, work: '', replayFile: capture.path, packets: args.packets, specs: toolSpecs(trawl), live: new Set() };
  // Ctrl+C of the benchmark: stop the tools it started; NetnsPair removes the namespaces on exit.
  const interrupted = () => {
    for (const t of run.live) t.kill();
    process.stderr.write('\nbench:capture interrupted\n');
    process.exit(130);
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    run.work = await mkdtemp(join(tmpdir(), 'trawl-bench-capture-'));
    net.create();
    log(
      `\n== capture: live capture under load\n${formatCount(args.packets)} packets per run (${formatBytes(capture.bytes)}, ` +
        `the benchmark capture, seed 1) from tcpreplay in one namespace to ${args.tools.join(', ')} on a veth in another; default buffers, no filter; ` +
        `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    );

    // What each tool spends starting and stopping with no traffic is taken off its CPU per packet.
    const idleCpu: Partial<Record<CaptureTool, number>> = {};
    for (const tool of args.tools) {
      const idle = await measure(run, tool, undefined);
      if (idle.error !== undefined) throw new ToolRunError(tool, null, `cannot capture with no traffic: ${idle.error}`);
      if (idle.cpuSeconds !== null) idleCpu[tool] = idle.cpuSeconds;
    }
    log(`idle start + stop CPU (taken off CPU µs/pkt): ${args.tools.map((t) => `${t} ${idleCpu[t]?.toFixed(2) ?? '—'} s`).join(', ')}\n`);

    const runs: CaptureRun[] = [];
    for (const step of args.steps) {
      const here: CaptureRun[] = [];
      for (const tool of args.tools) here.push(await measure(run, tool, step));
      runs.push(...here);
      log(`${rateTable(step, here, idleCpu)}\n`);
    }
    log(summaryText(args.steps, runs));
    for (const w of warnings) log(`warning: ${w}`);

    const file = join(paths.outDir, 'capture-results.json');
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform },
      packetsPerRun: args.packets,
      capture: { path: capture.path, packets: capture.packets, bytes: capture.bytes },
      steps: args.steps.map(stepLabel),
      idleCpuSeconds: idleCpu,
      runs,
      verdicts: verdicts(args.steps, runs),
      warnings,
    };
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    log(`\nresults: ${file} (${formatMs(performance.now() - started)} in all)`);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    for (const t of run.live) t.kill();
    net.destroy();
    if (run.work) await rm(run.work, { recursive: true, force: true });
  }
}
