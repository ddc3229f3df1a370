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
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportProgress } from '../../core/api';
import { createEngine } from '../../workers/engine';
import { flowPassDone } from '../dissect/trawl-dissect';
import type { BenchContext } from '../harness/context';
import { runTimed } from '../harness/run-timed';
import { target, type BenchReport, type Measurement } from '../harness/types';
import { BenchRunError } from '../open/trawl-open';

export const TARGETS = { vsTshark: 10, vsTcpdump: 1.5 } as const;
const DISPLAY = 'tcp.port == 443';
const BPF = 'tcp port 443';

async function packetsIn(path: string): Promise<number> {
  const r = await runTimed('capinfos', ['-T', '-M', '-c', path], { discardStdout: false });
  return Number(r.stdout.trim().split('\n')[1]?.split('\t')[1]);
}

async function trawlExport(file: string, out: string): Promise<{ duringFlowsMs: number; filterMs: number; exportMs: number; written: number; bytes: number }> {
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
    await engine.dropView({ sessionId, view: early.view });
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
    if (p.error) throw new BenchRunError(`Trawl's export failed: ${p.error.message}`);
    return { duringFlowsMs, filterMs: t1 - t0, exportMs: t2 - t1, written: p.written, bytes: p.bytesWritten };
  } finally {
    await engine.dispose();
  }
}

export async function exportBench(ctx: BenchContext): Promise<BenchReport> {
  const { capture } = ctx;
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-export-'));
  const warnings: string[] = [];
  try {
    const ours = await trawlExport(capture.path, join(dir, 'trawl.pcapng'));
    const td = await runTimed('tcpdump', ['-r', capture.path, '-w', join(dir, 'tcpdump.pcap'), BPF], { discardStdout: true });
    const ts = await runTimed('tshark', ['-r', capture.path, '-Y', DISPLAY, '-w', join(dir, 'tshark.pcapng')], { discardStdout: true });
    for (const r of [td, ts]) if (r.rssMissing) warnings.push(r.rssMissing);
    const [nTcpdump, nTshark] = [await packetsIn(join(dir, 'tcpdump.pcap')), await packetsIn(join(dir, 'tshark.pcapng'))];
    if (nTcpdump !== ours.written) warnings.push(`packets written differ: Trawl ${ours.written}, tcpdump ${nTcpdump}`);
    if (nTshark !== ours.written) warnings.push(`tshark's -Y '${DISPLAY}' wrote ${nTshark} packets, ${nTshark - ours.written} more than '${BPF}'`);
    const total = ours.filterMs + ours.exportMs;
    const measurements: Measurement[] = [
      { name: `trawl: applyFilter ${BPF}, flow pass running`, wallMs: ours.duringFlowsMs, peakRssBytes: null, note: 'right after indexing; not in the targets' },
      { name: `trawl: applyFilter ${BPF}`, wallMs: ours.filterMs, peakRssBytes: null },
      { name: 'trawl: exportPackets of the view', wallMs: ours.exportMs, peakRssBytes: null, note: `${ours.written} packets, ${(ours.bytes / 1e6).toFixed(1)} MB` },
      { name: 'trawl: filter + export', wallMs: total, peakRssBytes: null },
      { name: `tcpdump -r -w ${BPF}`, wallMs: td.wallMs, peakRssBytes: td.peakRssBytes, note: `${nTcpdump} packets, ${((await stat(join(dir, 'tcpdump.pcap'))).size / 1e6).toFixed(1)} MB` },
      { name: `tshark -r -Y '${DISPLAY}' -w`, wallMs: ts.wallMs, peakRssBytes: ts.peakRssBytes, note: `${nTshark} packets` },
    ];
    return {
      id: 'export',
      title: 'Export specified packets (a filtered set of flows) to pcapng',
      subject: `${capture.packets.toLocaleString('en-US')} packets (seed ${capture.seed}), indexed once; Trawl timed from applyFilter to the export's final progress event, after the flow pass`,
      measurements,
      facts: [{ name: 'export alone, packets/s', value: ours.written / (ours.exportMs / 1000) / 1e6, unit: 'M packets/s' }],
      targets: [
        target(`filter + export ≥ ${TARGETS.vsTshark}× faster than tshark`, ts.wallMs / total, '>=', TARGETS.vsTshark, '×'),
        target(`filter + export within ${TARGETS.vsTcpdump}× of tcpdump`, total / td.wallMs, '<=', TARGETS.vsTcpdump, '×'),
        target(`export alone within ${TARGETS.vsTcpdump}× of tcpdump`, ours.exportMs / td.wallMs, '<=', TARGETS.vsTcpdump, '×'),
      ],
      warnings,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
