/**
 * Benchmark "export": the packets of a filtered set of flows (port 443) written to a new pcapng. Trawl, in
 * this process on an indexed file: applyFilter `tcp port 443` (the set tcpdump writes), then exportPackets
 * of the view (timed apart and together), against `tcpdump -r FILE -w OUT 'tcp port 443'` and tshark's
 * nearest, `tshark -r FILE -Y 'tcp.port == 443' -w` (which also matches TCP inside tunnels and ICMP
 * errors, so it writes a few more packets: a warning says how many).
 * Targets (issue 6): ≥ 10× faster than tshark; within 1.5× of tcpdump (filter + export against tcpdump's
 * read + filter + write).
 * The engine starts its flow pass (dissecting every packet on the filter workers) when indexing ends. The
 * filter is timed once then, as a user typing it at once would see it, and the targets are timed after the
 * flow pass, so that Trawl runs alone as tcpdump and tshark do (as the dissect bench does).
 * Both sides read ~1 GB and write most of it, so one run's wall time swings with the page cache and the
 * disk's write-back: Trawl's filter + export and tcpdump run ROUNDS times, alternately, and the targets
 * compare the medians (every sample is printed). tshark, ten times slower, runs once.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportProgress, SessionId } from '../../core/api';
import { createEngine, type Engine } from '../../workers/engine';
import { flowPassDone } from '../dissect/trawl-dissect';
import type { BenchContext } from '../harness/context';
import { runTimed, type TimedRun } from '../harness/run-timed';
import { target, type BenchReport, type Measurement } from '../harness/types';
import { BenchRunError } from '../open/trawl-open';

export const TARGETS = { vsTshark: 10, vsTcpdump: 1.5 } as const;
/** Alternate runs of Trawl's filter + export and of tcpdump; the medians are compared. */
export const ROUNDS = 5;
const DISPLAY = 'tcp.port == 443';
const BPF = 'tcp port 443';

async function packetsIn(path: string): Promise<number> {
  const r = await runTimed('capinfos', ['-T', '-M', '-c', path], { discardStdout: false });
  return Number(r.stdout.trim().split('\n')[1]?.split('\t')[1]);
}

interface TrawlExportRun {
  filterMs: number;
  exportMs: number;
  written: number;
  bytes: number;
}

/** An engine with the bench capture open and indexed, its flow pass over; `duringFlowsMs`: the filter timed while the pass ran. */
async function openForExport(file: string): Promise<{ engine: Engine; sessionId: SessionId; duringFlowsMs: number }> {
  const engine = createEngine({ shell: 'cli' });
  try {
    const { sessionId } = await engine.openFile({ path: file });
    await engine.whenIndexed(sessionId);
    // Warm the filter workers and compile the filter as the filter bar does while it is typed.
    await engine.checkFilter({ expression: BPF, sessionId });
    const tf = performance.now();
    const early = await engine.applyFilter({ sessionId, expression: BPF });
    await engine.whenFiltered(sessionId, early.view);
    const duringFlowsMs = performance.now() - tf;
    await flowPassDone(engine, sessionId);
    // The reassembly after the pass (IP fragments, TCP desegmentation) runs in the background too.
    await engine.whenFlowsReady(sessionId);
    await engine.dropView({ sessionId, view: early.view });
    return { engine, sessionId, duringFlowsMs };
  } catch (e) {
    await engine.dispose();
    throw e;
  }
}

/** applyFilter then exportPackets of its view to `out` (removed first), timed apart. */
async function trawlExport(engine: Engine, sessionId: SessionId, out: string): Promise<TrawlExportRun> {
  await rm(out, { force: true });
  const t0 = performance.now();
  const { view } = await engine.applyFilter({ sessionId, expression: BPF });
  await engine.whenFiltered(sessionId, view);
  const t1 = performance.now();
  const done = new Promise<ExportProgress>((resolve) => {
    const sub = engine.onExportProgress((p) => {
      if (p.done) {
        sub.dispose();
        resolve(p);
      }
    });
  });
  await engine.exportPackets({ sessionId, selection: { kind: 'view', view }, path: out, comment: BPF });
  const p = await done;
  const t2 = performance.now();
  await engine.dropView({ sessionId, view });
  if (p.error) throw new BenchRunError(`Trawl's export failed: ${p.error.message}`);
  return { filterMs: t1 - t0, exportMs: t2 - t1, written: p.written, bytes: p.bytesWritten };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function samples(values: readonly number[]): string {
  return `runs: ${values.map((v) => v.toFixed(0)).join(', ')} ms`;
}

export async function exportBench(ctx: BenchContext): Promise<BenchReport> {
  const { capture } = ctx;
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-export-'));
  const warnings: string[] = [];
  let opened: Awaited<ReturnType<typeof openForExport>> | undefined;
  try {
    opened = await openForExport(capture.path);
    const { engine, sessionId, duringFlowsMs } = opened;
    const runs: TrawlExportRun[] = [];
    const tcpdumps: TimedRun[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      runs.push(await trawlExport(engine, sessionId, join(dir, 'trawl.pcapng')));
      await rm(join(dir, 'tcpdump.pcap'), { force: true });
      tcpdumps.push(await runTimed('tcpdump', ['-r', capture.path, '-w', join(dir, 'tcpdump.pcap'), BPF], { discardStdout: true }));
    }
    const ours = runs[runs.length - 1];
    const filterMs = median(runs.map((r) => r.filterMs));
    const exportMs = median(runs.map((r) => r.exportMs));
    const totals = runs.map((r) => r.filterMs + r.exportMs);
    const total = median(totals);
    const tdMs = median(tcpdumps.map((r) => r.wallMs));
    const td = tcpdumps[tcpdumps.length - 1];
    const ts = await runTimed('tshark', ['-r', capture.path, '-Y', DISPLAY, '-w', join(dir, 'tshark.pcapng')], { discardStdout: true });
    for (const r of [td, ts]) if (r.rssMissing) warnings.push(r.rssMissing);
    const [nTcpdump, nTshark] = [await packetsIn(join(dir, 'tcpdump.pcap')), await packetsIn(join(dir, 'tshark.pcapng'))];
    if (nTcpdump !== ours.written) warnings.push(`packets written differ: Trawl ${ours.written}, tcpdump ${nTcpdump}`);
    if (nTshark !== ours.written) warnings.push(`tshark's -Y '${DISPLAY}' wrote ${nTshark} packets, ${nTshark - ours.written} more than '${BPF}'`);
    const measurements: Measurement[] = [
      { name: `trawl: applyFilter ${BPF}, flow pass running`, wallMs: duringFlowsMs, peakRssBytes: null, note: 'right after indexing; not in the targets' },
      { name: `trawl: applyFilter ${BPF} (median)`, wallMs: filterMs, peakRssBytes: null, note: samples(runs.map((r) => r.filterMs)) },
      { name: 'trawl: exportPackets of the view (median)', wallMs: exportMs, peakRssBytes: null, note: `${ours.written} packets, ${(ours.bytes / 1e6).toFixed(1)} MB; ${samples(runs.map((r) => r.exportMs))}` },
      { name: 'trawl: filter + export (median)', wallMs: total, peakRssBytes: null, note: samples(totals) },
      { name: `tcpdump -r -w ${BPF} (median)`, wallMs: tdMs, peakRssBytes: td.peakRssBytes, note: `${nTcpdump} packets, ${((await stat(join(dir, 'tcpdump.pcap'))).size / 1e6).toFixed(1)} MB; ${samples(tcpdumps.map((r) => r.wallMs))}` },
      { name: `tshark -r -Y '${DISPLAY}' -w`, wallMs: ts.wallMs, peakRssBytes: ts.peakRssBytes, note: `${nTshark} packets` },
    ];
    return {
      id: 'export',
      title: 'Export specified packets (a filtered set of flows) to pcapng',
      subject: `${capture.packets.toLocaleString('en-US')} packets (seed ${capture.seed}), indexed once; Trawl timed from applyFilter to the export's final progress event, after the flow pass; Trawl and tcpdump ${ROUNDS} runs each, alternately, medians compared`,
      measurements,
      facts: [{ name: 'export alone, packets/s', value: ours.written / (exportMs / 1000) / 1e6, unit: 'M packets/s' }],
      targets: [
        target(`filter + export ≥ ${TARGETS.vsTshark}× faster than tshark`, ts.wallMs / total, '>=', TARGETS.vsTshark, '×'),
        target(`filter + export within ${TARGETS.vsTcpdump}× of tcpdump (medians)`, total / tdMs, '<=', TARGETS.vsTcpdump, '×'),
        target(`export alone within ${TARGETS.vsTcpdump}× of tcpdump (medians)`, exportMs / tdMs, '<=', TARGETS.vsTcpdump, '×'),
      ],
      warnings,
    };
  } finally {
    await opened?.engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
