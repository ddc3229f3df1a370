/**
 * Packets per second of each interface, for the start page's sparklines: `interfaces()` gives kernel
 * counters (received + sent since boot) with the time they were read; a rate is the difference between
 * two readings over the time between them. Pure: the poller hands each reading to `ratesSampled`.
 */
import type { NetworkInterface } from '../../core/api';

/** A minute of history at one reading a second, as Wireshark's start page shows. */
export const RATE_SAMPLES = 60;

export interface InterfaceRate {
  /** The last reading, to difference the next one against. */
  packets: number;
  sampledAt: number;
  /** Packets per second, oldest first, at most RATE_SAMPLES. */
  pps: number[];
}

export type RateTable = Readonly<Record<string, InterfaceRate>>;

/**
 * Add one reading of every interface. An interface seen for the first time has no rate yet; one that is
 * gone is forgotten; a counter that went backwards (the interface was re-created under the same name)
 * starts its history again; a reading no newer than the last one is ignored.
 */
export function ratesSampled(prev: RateTable, list: readonly NetworkInterface[], keep = RATE_SAMPLES): RateTable {
  const next: Record<string, InterfaceRate> = {};
  for (const i of list) {
    const p = prev[i.name];
    if (!p || i.packets < p.packets) {
      next[i.name] = { packets: i.packets, sampledAt: i.sampledAt, pps: [] };
      continue;
    }
    const dt = i.sampledAt - p.sampledAt;
    if (!(dt > 0)) {
      next[i.name] = p;
      continue;
    }
    const pps = ((i.packets - p.packets) * 1000) / dt;
    next[i.name] = { packets: i.packets, sampledAt: i.sampledAt, pps: [...p.pps, pps].slice(-keep) };
  }
  return next;
}

/** The newest rate of an interface, or null before two readings exist. */
export function currentRate(r: InterfaceRate | undefined): number | null {
  return r && r.pps.length > 0 ? (r.pps.at(-1) ?? null) : null;
}

/**
 * The sparkline as SVG polyline points in a `width` × `height` box: the newest sample at the right edge,
 * one step per sample of a full history (so the line grows in from the right), scaled to the largest
 * sample shown (a flat line at the bottom when all are 0). Empty when there is nothing to draw.
 */
export function sparklinePoints(pps: readonly number[], width: number, height: number, keep = RATE_SAMPLES): string {
  if (pps.length === 0 || width <= 0 || height <= 0) return '';
  const shown = pps.slice(-keep);
  const max = Math.max(...shown);
  const step = keep > 1 ? width / (keep - 1) : width;
  const x0 = width - step * (shown.length - 1);
  const pad = 1;
  return shown
    .map((v, i) => {
      const y = max > 0 ? height - pad - (Math.max(0, v) / max) * (height - 2 * pad) : height - pad;
      return `${round(x0 + i * step)},${round(y)}`;
    })
    .join(' ');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** "0", "12", "1.2k", "3.4M" packets per second, short enough for a list column. */
export function formatRate(pps: number | null): string {
  if (pps === null || !Number.isFinite(pps)) return '–';
  if (pps < 10) return pps < 0.05 ? '0' : pps.toFixed(1).replace(/\.0$/, '');
  if (pps < 1000) return String(Math.round(pps));
  if (pps < 1e6) return `${(pps / 1000).toFixed(pps < 1e4 ? 1 : 0)}k`;
  return `${(pps / 1e6).toFixed(1)}M`;
}
