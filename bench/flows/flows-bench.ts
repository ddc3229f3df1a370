/**
 * Benchmark "flows": the TCP conversation table of the bench capture. Trawl, in this process on an indexed
 * file: the flow pass (parallel flow scans on the filter workers, then stream numbering, conversations and
 * TCP analysis in order), timed from the index being complete to the pass's end, when the table is whole
 * (conversations() no longer says partial: the Flows view shows it complete), plus conversations({kind:
 * 'tcp'}) of the whole table; against `tshark -q -z conv,tcp -r FILE`, which also reads and dissects every
 * packet. The tables are compared by their row count and packet total. The reassembly that follows the pass
 * (IP fragments, TCP desegmentation for the dissectors) changes nothing in the table: it is reported apart.
 * Target (issue 6): ≥ 10× faster than tshark.
 */
import type { ConversationsPage, FlowProgress } from '../../core/api';
import { createEngine } from '../../workers/engine';
import type { BenchContext } from '../harness/context';
import { runTimed } from '../harness/run-timed';
import { target, type BenchReport, type Measurement } from '../harness/types';
import { BenchRunError } from '../open/trawl-open';

export const TARGET_VS_TSHARK = 10;

interface TrawlFlows {
  /** To the pass's own end (streams, conversations, TCP analysis), before the reassembly after it. */
  scanMs: number;
  /** To the final progress, after that reassembly. */
  passMs: number;
  /** conversations({kind: 'tcp'}) of every row, asked at the pass's end. */
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
    // The pass starts the moment the index is complete: time it from there to its end, then to its final progress.
    const finished = new Promise<FlowProgress>((resolve) => {
      const sub = engine.onFlowProgress((p) => {
        if (p.sessionId === sessionId && p.done) {
          sub.dispose();
          resolve(p);
        }
      });
    });
    // The pass's own end (flowStatus says done) comes before its final progress, which waits for the
    // reassembly after it (IP fragments, TCP desegmentation of HTTP/TLS): asked every 10 ms, and then the
    // whole table is asked for at once, as the Flows view would, while that reassembly runs.
    let scanEnd = 0;
    let table: { ms: number; page: ConversationsPage } | undefined;
    let polling = false;
    const poll = setInterval(() => {
      if (started === 0 || scanEnd !== 0 || polling) return;
      polling = true;
      void engine.flowStatus({ sessionId }).then(async (p) => {
        if (p.done && scanEnd === 0) {
          scanEnd = performance.now();
          const page = await engine.conversations({ sessionId, kind: 'tcp' });
          table = { ms: performance.now() - scanEnd, page };
        }
        polling = false;
      });
    }, 10);
    const indexed = engine.onIndexProgress((p) => {
      if (p.sessionId === sessionId && p.done) {
        started = performance.now();
        cpu0 = process.cpuUsage();
      }
    });
    const final = await finished;
    const passEnd = performance.now();
    while (polling) await new Promise((resolve) => setTimeout(resolve, 5));
    clearInterval(poll);
    indexed.dispose();
    if (final.cancelled || final.problem) throw new BenchRunError(`the flow pass did not finish: ${final.problem ?? 'cancelled'}`);
    if (table === undefined) {
      // The pass ended and the reassembly with it between two polls: the table is asked for now.
      scanEnd = passEnd;
      const page = await engine.conversations({ sessionId, kind: 'tcp' });
      table = { ms: performance.now() - passEnd, page };
    }
    const { page } = table;
    if (page.partial) throw new BenchRunError('conversations() says the table is partial after the flow pass');
    const cpu = process.cpuUsage(cpu0);
    const packets = page.rows.reduce((sum, r) => sum + r.packetsAtoB + r.packetsBtoA, 0);
    return { scanMs: scanEnd - started, passMs: passEnd - started, tableMs: table.ms, cpuMs: (cpu.user + cpu.system) / 1000, conversations: page.total, packets };
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
  /** The table whole: the pass's end plus one conversations() call of every row. */
  const total = ours.scanMs + ours.tableMs;
  const measurements: Measurement[] = [
    { name: 'trawl: flow pass (streams, conversations, TCP analysis)', wallMs: ours.scanMs, peakRssBytes: null, note: 'conversations() complete from here' },
    { name: "trawl: conversations({kind: 'tcp'})", wallMs: ours.tableMs, peakRssBytes: null, note: `${ours.conversations} conversations` },
    { name: 'trawl: flow table, total', wallMs: total, peakRssBytes: null },
    { name: 'trawl: + reassembly after the pass (IP, TCP desegmentation)', wallMs: ours.passMs, peakRssBytes: null, note: `the final progress; CPU ${(ours.cpuMs / 1000).toFixed(1)} s, all threads; not in the table` },
    { name: 'tshark -n -q -z conv,tcp -r FILE', wallMs: ts.wallMs, peakRssBytes: ts.peakRssBytes, note: `${theirs.conversations} conversations` },
  ];
  return {
    id: 'flows',
    title: 'Flow table (TCP conversations) of every packet',
    subject: `${capture.packets.toLocaleString('en-US')} packets (seed ${capture.seed}); Trawl timed from the complete index to the TCP table`,
    measurements,
    facts: [
      { name: 'trawl flow pass CPU per packet (all threads)', value: (ours.cpuMs * 1000) / capture.packets, unit: 'µs' },
      { name: 'tshark time / trawl flow table', value: ts.wallMs / total, unit: '×' },
      { name: 'tshark time / trawl pass + reassembly', value: ts.wallMs / ours.passMs, unit: '×' },
    ],
    targets: [target(`flow table ≥ ${TARGET_VS_TSHARK}× faster than tshark -z conv,tcp`, ts.wallMs / total, '>=', TARGET_VS_TSHARK, '×')],
    warnings,
  };
}
