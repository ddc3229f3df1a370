/**
 * Benchmark "open": how fast Trawl shows the first rows of a capture and finishes its index, and what
 * the index costs in memory, against tshark reading every packet and capinfos summarising the file.
 * Targets from the "Speed and memory" issue: complete index ≤ 1/10 of tshark's time, first rows
 * < 300 ms, index ≤ 64 bytes per packet.
 */
import { spawn } from 'node:child_process';
import type { BenchContext } from '../harness/context';
import { runTimed, ToolRunError } from '../harness/run-timed';
import { target, type BenchReport, type Measurement } from '../harness/types';
import { BenchRunError, FIRST_ROWS, type TrawlOpenResult } from './trawl-open';

export const TARGETS = { indexVsTshark: 0.1, firstRowsMs: 300, indexBytesPerPacket: 64 } as const;

/** Runs `self --trawl-only FILE` and returns what that process measured on itself. */
async function trawlInFreshProcess(self: readonly string[], file: string): Promise<TrawlOpenResult> {
  const [cmd, ...args] = self;
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(cmd, [...args, '--trawl-only', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-4000)));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
  });
  if (code !== 0) throw new ToolRunError(`${self.join(' ')} --trawl-only ${file}`, code, stderr.trim());
  const lastLine = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(lastLine) as TrawlOpenResult;
  } catch (e) {
    throw new BenchRunError(`the --trawl-only process printed no result (${e instanceof Error ? e.message : String(e)}): ${lastLine.slice(0, 200)}`);
  }
}

export async function openBench(ctx: BenchContext): Promise<BenchReport> {
  const { capture } = ctx;
  const warnings: string[] = [];
  const trawl = await trawlInFreshProcess(ctx.self, capture.path);
  if (trawl.packets !== capture.packets) throw new BenchRunError(`Trawl indexed ${trawl.packets} packets; the capture holds ${capture.packets}`);
  const tshark = await runTimed('tshark', ['-r', capture.path, '-T', 'fields', '-e', 'frame.number'], { discardStdout: true });
  const capinfos = await runTimed('capinfos', [capture.path], { discardStdout: true });
  for (const r of [tshark, capinfos]) if (r.rssMissing) warnings.push(r.rssMissing);

  const measurements: Measurement[] = [
    { name: `trawl: first ${FIRST_ROWS} rows`, wallMs: trawl.firstRowsMs, peakRssBytes: null, note: 'openFile → rows() returns 50' },
    { name: 'trawl: complete index', wallMs: trawl.indexMs, peakRssBytes: trawl.peakRssBytes, note: 'openFile → final progress (done)' },
    { name: 'tshark -T fields -e frame.number', wallMs: tshark.wallMs, peakRssBytes: tshark.peakRssBytes },
    { name: 'capinfos', wallMs: capinfos.wallMs, peakRssBytes: capinfos.peakRssBytes },
  ];
  const bytesPerPacket = trawl.indexCapacityBytes / trawl.packets;
  const vsTshark = trawl.indexMs / tshark.wallMs;
  return {
    id: 'open',
    title: 'Open a capture',
    subject: `${capture.packets.toLocaleString('en-US')} packets, ${(capture.bytes / 1e6).toFixed(1)} MB pcapng (seed ${capture.seed}): ${capture.path}`,
    measurements,
    facts: [
      { name: 'trawl index memory (typed arrays, growth slack included)', value: bytesPerPacket, unit: 'B/packet' },
      { name: 'trawl index memory (filled part)', value: trawl.indexUsedBytes / trawl.packets, unit: 'B/packet' },
      { name: 'trawl complete index / tshark', value: vsTshark, unit: '×' },
      { name: 'trawl complete index / capinfos', value: trawl.indexMs / capinfos.wallMs, unit: '×' },
      { name: 'trawl first rows / tshark', value: trawl.firstRowsMs / tshark.wallMs, unit: '×' },
    ],
    targets: [
      target('complete index ≤ 1/10 of tshark time', vsTshark, '<=', TARGETS.indexVsTshark, '×'),
      target(`first ${FIRST_ROWS} rows < ${TARGETS.firstRowsMs} ms`, trawl.firstRowsMs, '<', TARGETS.firstRowsMs, 'ms'),
      target(`index ≤ ${TARGETS.indexBytesPerPacket} bytes/packet`, bytesPerPacket, '<=', TARGETS.indexBytesPerPacket, 'B/packet'),
    ],
    warnings,
  };
}
