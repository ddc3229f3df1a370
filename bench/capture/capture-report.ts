/**
 * The capture benchmark's results as tables (one per offered rate), each tool's maximum lossless rate, and
 * the verdict against the live-capture goal: no loss wherever dumpcap has none, and a higher maximum
 * lossless rate than dumpcap. Pure: the runs come from capture-bench.ts.
 */
import { table } from '../harness/report';

export const CAPTURE_TOOLS = ['trawl', 'dumpcap', 'tcpdump'] as const;
export type CaptureTool = (typeof CAPTURE_TOOLS)[number];

/** One offered rate: packets per second, or tcpreplay's --topspeed. */
export type RateStep = { pps: number } | { pps: 'top' };

export function stepLabel(step: RateStep): string {
  return step.pps === 'top' ? 'top speed' : `${formatCount(step.pps)} pps`;
}

/** One tool capturing one replay. */
export interface CaptureRun {
  tool: CaptureTool;
  step: RateStep;
  /** Packets tcpreplay put on the wire. */
  sent: number;
  /** The rate tcpreplay achieved. */
  achievedPps: number;
  /** Packets in the tool's file, counted by core/pcap. */
  inFile: number;
  /** Kernel drops as the tool reported them; null when it printed no statistics. */
  dropped: number | null;
  /** User + system CPU seconds of the tool's process tree; null when not measured. */
  cpuSeconds: number | null;
  /** What went wrong, when the run failed (then the counts are what could be had). */
  error?: string;
}

const sameStep = (a: RateStep, b: RateStep): boolean => a.pps === b.pps;

export const lost = (r: CaptureRun): number => Math.max(0, r.sent - r.inFile);

export function lossless(r: CaptureRun): boolean {
  return r.error === undefined && r.sent > 0 && lost(r) === 0 && (r.dropped ?? 0) === 0;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** CPU µs per packet in the file, after taking off what the tool spends starting and stopping with no traffic. */
export function cpuMicrosPerPacket(r: CaptureRun, idleCpuSeconds = 0): number | null {
  if (r.cpuSeconds === null || r.inFile === 0) return null;
  return (Math.max(0, r.cpuSeconds - idleCpuSeconds) * 1e6) / r.inFile;
}

/** One table for one offered rate: a row per tool. */
export function rateTable(step: RateStep, runs: readonly CaptureRun[], idleCpu: Partial<Record<CaptureTool, number>>): string {
  const rows = runs.map((r) => {
    const us = cpuMicrosPerPacket(r, idleCpu[r.tool]);
    return [
      r.tool,
      formatCount(r.achievedPps),
      formatCount(r.sent),
      formatCount(r.inFile),
      r.dropped === null ? '—' : formatCount(r.dropped),
      r.sent > 0 ? `${((100 * lost(r)) / r.sent).toFixed(2)} %` : '—',
      us === null ? '—' : us.toFixed(2),
      r.error ?? (lossless(r) ? 'lossless' : ''),
    ];
  });
  return `-- offered: ${stepLabel(step)}\n${table(['tool', 'achieved pps', 'sent', 'in file', 'dropped', 'loss', 'CPU µs/pkt', 'note'], rows, 'lrrrrrrl')}`;
}

export interface MaxLossless {
  /** Index into the steps of the highest rate at which this tool lost nothing; -1 if it lost packets at every rate. */
  index: number;
  /** That run's achieved rate (packets per second), 0 if none. */
  pps: number;
  /** It lost nothing at the highest rate (top speed, when measured). */
  all: boolean;
}

/**
 * The highest rate with no loss (RFC 2544's throughput, over the rates tried). Not "every slower rate
 * lossless too": on a shared 2-core machine a stall elsewhere can cost a tool a few packets at a slow
 * rate, and that says less about its capacity than a clean run at a faster one.
 */
export function maxLossless(tool: CaptureTool, steps: readonly RateStep[], runs: readonly CaptureRun[]): MaxLossless {
  for (let i = steps.length - 1; i >= 0; i--) {
    const r = runs.find((x) => x.tool === tool && sameStep(x.step, steps[i]));
    if (r !== undefined && lossless(r)) return { index: i, pps: r.achievedPps, all: i === steps.length - 1 };
  }
  return { index: -1, pps: 0, all: false };
}

export interface Verdict {
  goal: string;
  result: 'PASS' | 'MISS' | 'UNDECIDED';
  detail: string;
}

function describeMax(steps: readonly RateStep[], m: MaxLossless): string {
  if (m.index < 0) return 'none (lost packets at every rate)';
  return `${stepLabel(steps[m.index])} (achieved ${formatCount(m.pps)} pps)`;
}

/** The goal's two parts, judged on these runs (needs trawl and dumpcap runs; tcpdump is shown for reference). */
export function verdicts(steps: readonly RateStep[], runs: readonly CaptureRun[]): Verdict[] {
  const at = (tool: CaptureTool, step: RateStep) => runs.find((r) => r.tool === tool && sameStep(r.step, step));
  const both = steps.filter((s) => at('trawl', s) !== undefined && at('dumpcap', s) !== undefined);
  const dumpcapClean = both.filter((s) => lossless(at('dumpcap', s)!));
  const trawlLost = dumpcapClean.filter((s) => !lossless(at('trawl', s)!));
  const first: Verdict =
    dumpcapClean.length === 0
      ? { goal: 'no loss wherever dumpcap has none', result: 'UNDECIDED', detail: 'dumpcap lost packets at every rate measured' }
      : {
          goal: 'no loss wherever dumpcap has none',
          result: trawlLost.length === 0 ? 'PASS' : 'MISS',
          detail:
            trawlLost.length === 0
              ? `Trawl lost nothing at all ${dumpcapClean.length} rates where dumpcap lost nothing`
              : `Trawl lost packets where dumpcap did not, at ${trawlLost.map(stepLabel).join(', ')}`,
        };
  const t = maxLossless('trawl', steps, runs);
  const d = maxLossless('dumpcap', steps, runs);
  const detail = `Trawl ${describeMax(steps, t)}, dumpcap ${describeMax(steps, d)}`;
  let result: Verdict['result'];
  if (t.all && d.all) result = 'UNDECIDED';
  else result = t.index > d.index ? 'PASS' : 'MISS';
  const second: Verdict = {
    goal: 'a higher maximum lossless rate than dumpcap',
    result,
    detail: result === 'UNDECIDED' ? `${detail}: both lossless at every rate this machine could offer` : detail,
  };
  return [first, second];
}

/** The closing part of the report: maximum lossless rate per tool, then the verdicts. */
export function summaryText(steps: readonly RateStep[], runs: readonly CaptureRun[]): string {
  const tools = CAPTURE_TOOLS.filter((tool) => runs.some((r) => r.tool === tool));
  const max = table(
    ['tool', 'max lossless rate'],
    tools.map((tool) => [tool, describeMax(steps, maxLossless(tool, steps, runs))]),
    'll',
  );
  const goals = table(['goal', 'result', 'detail'], verdicts(steps, runs).map((v) => [v.goal, v.result, v.detail]), 'lll');
  return `${max}\n\n${goals}`;
}
