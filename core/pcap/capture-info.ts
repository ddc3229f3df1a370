/**
 * What `trawl info` reports, gathered as a PacketSink while the parser streams the file: packet count,
 * first/last and earliest/latest timestamps (capinfos' "first/last packet time" are the earliest and
 * latest), captured bytes (capinfos' "Data size": the sum of captured lengths), interfaces, comments.
 */
import type { CaptureProblem, InterfaceInfo, Timestamp } from '../api';
import type { CaptureHeader, CaptureParser, PacketSink } from './types';

export interface CaptureSummary {
  header: CaptureHeader;
  packets: number;
  /** Sum of captured lengths. */
  bytes: number;
  /** Sum of original (wire) lengths. */
  wireBytes: number;
  /** Earliest and latest packet time; undefined when there are no packets or some carry no time. */
  firstTime?: Timestamp;
  lastTime?: Timestamp;
  /** Latest minus earliest, exact, as [seconds, nanoseconds]. */
  duration?: Timestamp;
  /** The packets are not in time order. */
  outOfOrder: boolean;
  interfaces: InterfaceInfo[];
  /** Packets per interface id. */
  packetsPerInterface: number[];
  comments: string[];
  problem?: CaptureProblem;
}

function before(aSec: number, aNsec: number, bSec: number, bNsec: number): boolean {
  return aSec < bSec || (aSec === bSec && aNsec < bNsec);
}

export class CaptureInfoSink implements PacketSink {
  packets = 0;
  bytes = 0;
  wireBytes = 0;
  outOfOrder = false;
  readonly interfaces: InterfaceInfo[] = [];
  readonly packetsPerInterface: number[] = [];
  private minSec = 0;
  private minNsec = 0;
  private maxSec = 0;
  private maxNsec = 0;
  private prevSec = 0;
  private prevNsec = 0;

  packet(_r: number, _d: number, caplen: number, origlen: number, tsSec: number, tsNsec: number, interfaceId: number): void {
    if (this.packets === 0) {
      this.minSec = this.maxSec = tsSec;
      this.minNsec = this.maxNsec = tsNsec;
    } else {
      if (before(tsSec, tsNsec, this.prevSec, this.prevNsec)) this.outOfOrder = true;
      if (before(tsSec, tsNsec, this.minSec, this.minNsec)) {
        this.minSec = tsSec;
        this.minNsec = tsNsec;
      }
      if (before(this.maxSec, this.maxNsec, tsSec, tsNsec)) {
        this.maxSec = tsSec;
        this.maxNsec = tsNsec;
      }
    }
    this.prevSec = tsSec;
    this.prevNsec = tsNsec;
    this.packets++;
    this.bytes += caplen;
    this.wireBytes += origlen;
    this.packetsPerInterface[interfaceId] = (this.packetsPerInterface[interfaceId] ?? 0) + 1;
  }

  interface(info: InterfaceInfo): void {
    this.interfaces.push(info);
    this.packetsPerInterface[info.id] ??= 0;
  }

  /** The summary once `parser` (fed into this sink) has finished. */
  summary(parser: CaptureParser, header: CaptureHeader): CaptureSummary {
    const s: CaptureSummary = {
      header,
      packets: this.packets,
      bytes: this.bytes,
      wireBytes: this.wireBytes,
      outOfOrder: this.outOfOrder,
      interfaces: [...this.interfaces],
      packetsPerInterface: Array.from(this.packetsPerInterface, (n) => n ?? 0),
      comments: header.sections.flatMap((sec) => sec.comments),
    };
    if (this.packets > 0 && parser.timelessPackets === 0) {
      s.firstTime = { sec: this.minSec, nsec: this.minNsec };
      s.lastTime = { sec: this.maxSec, nsec: this.maxNsec };
      let dSec = this.maxSec - this.minSec;
      let dNsec = this.maxNsec - this.minNsec;
      if (dNsec < 0) {
        dSec -= 1;
        dNsec += 1e9;
      }
      s.duration = { sec: dSec, nsec: dNsec };
    }
    if (parser.problem) s.problem = parser.problem;
    return s;
  }
}

/** Seconds since the epoch as a decimal string with every digit of the timestamp: `1234.000000500`. */
export function formatEpoch(t: Timestamp, digits = 9): string {
  const frac = String(t.nsec).padStart(9, '0').slice(0, digits);
  return digits > 0 ? `${t.sec}.${frac}` : String(t.sec);
}

/** ISO 8601 in UTC with nanoseconds: `2024-01-02T03:04:05.123456789Z` (undefined if out of Date's range). */
export function formatIso(t: Timestamp): string | undefined {
  const ms = t.sec * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  const base = new Date(ms).toISOString().slice(0, 19);
  return `${base}.${String(t.nsec).padStart(9, '0')}Z`;
}
