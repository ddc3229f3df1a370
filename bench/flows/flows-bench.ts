/**
 * Benchmark "flows": the TCP conversation table of the bench capture. Trawl, in this process on an indexed
 * file: the flow pass (parallel flow scans on the filter workers, then stream numbering, conversations and
 * TCP analysis in order), timed from the index being complete to the pass's final progress, plus
 * conversations({kind: 'tcp'}) of the whole table; against `tshark -q -z conv,tcp -r FILE`, which also reads
 * and dissects every packet. The tables are compared by their row count and packet total.
 * Target (issue 6): ≥ 10× faster than tshark.
 */
import type { FlowProgress } from '../../core/api';
import { createEngine } from '../../workers/engine';
import type { BenchContext } from '../harness/context';
import { runTimed } from '../harness/run-timed';
import { target, type BenchReport, type Measurement } from '../harness/types';
import { BenchRunError } from '../open/trawl-open';

export const TARGET_VS_TSHARK = 10;

interface TrawlFlows {
  /** To the pass's own end (streams, conversations, TCP analysis), before the reassembly after it. */
  scanMs: number;
  passMs: number;
  tableMs: number;
  cpuMs: number;
  conversations: number;
  packets: number;
}

async function trawlFlows(file: string): Promise<TrawlFlows> {
  const engine = createEngine({ shell: 'cli' });
  try {
    let started = 0;
    let cpu0 = process.cpuUsage();
    const { sessionId } = await engine.openFile({ path: file });
    // The pass starts the moment the index is complete: time it from there to its final progress.
    const finished = new Promise<FlowProgress>((resolve) => {
      const sub = engine.onFlowProgress((p) => {
        if (p.sessionId === sessionId && p.done) {
          sub.dispose();
          resolve(p);
        }
      });
    });
    let scanEnd = 0;
    // The pass's own end (flowStatus says done) comes before its final progress, which waits for the
    // reassembly after it (IP fragments, TCP desegmentation of HTTP/TLS): asked every 10 ms.
    const poll = setInterval(() => {
      if (started === 0 || scanEnd !== 0) return;
      void engine.flowStatus({ sessionId }).then((p) => {
        if (p.done && scanEnd === 0) scanEnd = performance.now();
      });
    }, 10);
    const indexed = engine.onIndexProgress((p) => {
      if (p.sessionId === sessionId && p.done) {
        started = performance.now();
        cpu0 = process.cpuUsage();
      }
    });
    const final = await finished;
    clearInterval(poll);
    indexed.dispose();
    const passEnd = performance.now();
    if (final.cancelled || final.problem) throw new BenchRunError(`the flow pass did not finish: ${final.problem ?? 'cancelled'}`);
    const page = await engine.conversations({ sessionId, kind: 'tcp' });
    const tableEnd = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const packets = page.rows.reduce((sum, r) => sum + r.packetsAtoB + r.packetsBtoA, 0);
    return { scanMs: (scanEnd || passEnd) - started, passMs: passEnd - started, tableMs: tableEnd - passEnd, cpuMs: (cpu.user + cpu.system) / 1000, conversations: page.total, packets };
  } finally {
    await engine.dispose();
  }
}

/** Rows and packets of `tshark -q -z conv,tcp`'s table (its rows end in the packet columns; see conv-text.ts). */
export function tsharkConvTotals(text: string): { conversations: number; packets: number } {
  let conversations = 0;
  let packets = 0;
  for (const line of text.split('\n')) {
    const m = /<->\s+\S+\s+(\d+)\s+\d+\s*\S*\s+(\d+)\s+\d+\s*\S*\s+(\d+)\s/.exec(line);
    if (!m) continue;
    conversations++;
    packets += Number(m[3]);
  }
  return { conversations, packets };
}

export async function flowsBench(ctx: BenchContext): Promise<BenchReport> {
  const { capture } = ctx;
  const warnings: string[] = [];
  const ours = await trawlFlows(capture.path);
  const ts = await runTimed('tshark', ['-n', '-q', '-z', 'conv,tcp', '-r', capture.path], { discardStdout: false });
  if (ts.rssMissing) warnings.push(ts.rssMissing);
  const theirs = tsharkConvTotals(ts.stdout);
  if (theirs.conversations !== ours.conversations) warnings.push(`TCP conversations differ: Trawl ${ours.conversations}, tshark ${theirs.conversations}`);
  if (theirs.packets !== ours.packets) warnings.push(`packets in TCP conversations differ: Trawl ${ours.packets}, tshark ${theirs.packets}`);
  const total = ours.passMs + ours.tableMs;
  const measurements: Measurement[] = [
    { name: 'trawl: flow pass alone (streams, conversations, TCP analysis)', wallMs: ours.scanMs, peakRssBytes: null, note: 'the engine has the whole table here' },
    { name: 'trawl: flow pass + reassembly (IP, TCP desegmentation)', wallMs: ours.passMs, peakRssBytes: null, note: `CPU ${(ours.cpuMs / 1000).toFixed(1)} s, all threads; the final progress` },
    { name: "trawl: conversations({kind: 'tcp'})", wallMs: ours.tableMs, peakRssBytes: null, note: `${ours.conversations} conversations` },
    { name: 'trawl: flow table, total', wallMs: total, peakRssBytes: null },
    { name: 'tshark -n -q -z conv,tcp -r FILE', wallMs: ts.wallMs, peakRssBytes: ts.peakRssBytes, note: `${theirs.conversations} conversations` },
  ];
  return {
    id: 'flows',
    title: 'Flow table (TCP conversations) of every packet',
    subject: `${capture.packets.toLocaleString('en-US')} packets (seed ${capture.seed}); Trawl timed from the complete index to the TCP table`,
    measurements,
    facts: [
      { name: 'trawl flow pass CPU per packet (all threads)', value: (ours.cpuMs * 1000) / capture.packets, unit: 'µs' },
      { name: 'tshark time / trawl time', value: ts.wallMs / total, unit: '×' },
      { name: 'tshark time / trawl flow pass alone', value: ts.wallMs / ours.scanMs, unit: '×' },
    ],
    targets: [target(`flow table ≥ ${TARGET_VS_TSHARK}× faster than tshark -z conv,tcp`, ts.wallMs / total, '>=', TARGET_VS_TSHARK, '×')],
    warnings,
  };
}
