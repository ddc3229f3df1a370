/**
 * TCP sequence analysis as Wireshark 4.0 does it (packet-tcp.c `tcp_analyze_sequence_number` and the parts
 * of `dissect_tcp` around it): relative sequence numbers, the scaled window, and the `tcp.analysis.*` flags
 * (retransmission, fast / spurious retransmission, out-of-order, previous segment not captured, ACKed
 * unseen segment, duplicate ACK, zero window and its probes, window update / full, keep-alive, reused ports),
 * acks_frame with its RTT, bytes in flight and bytes pushed.
 *
 * Sequential and without I/O: feed every TCP segment of a capture in packet order (`add`), with the stream
 * number the flow pass gave it, and keep each result. The checks run in Wireshark's order, because each can
 * stop the ones after it; see docs/DECISIONS.md for where this departs from it.
 */
import { TCP_A, WINDOW_SCALE_NONE, type TcpAnalysisInfo } from '../dissect/flow-info-tcp';
import type { TcpHeaderFact } from '../dissect/flow-observer';
import { MAX_SACK_BLOCKS, MAX_UNACKED_SEGMENTS, TcpDirection } from './tcp-direction';
import { seqAdd, seqGt, seqLe, seqLt, seqSub } from './tcp-seq';

const FIN = 0x001;
const SYN = 0x002;
const RST = 0x004;
const PSH = 0x008;
const ACK = 0x010;

/** A fast retransmission comes within this long of the duplicate ACKs asking for it (Wireshark: 20 ms). */
const FAST_RETRANSMISSION_NS = 20_000_000;
/** Out-of-order threshold before the handshake's RTT is known (Wireshark: 3 ms). */
const DEFAULT_OOO_THRESHOLD_NS = 3_000_000;
/** Bytes in flight of 2,000,000,000 or more are taken for an artefact and not shown. */
const MAX_BYTES_IN_FLIGHT = 2_000_000_000;

/** One TCP segment as the analysis needs it. */
export interface TcpSegmentInput {
  /** 1-based packet number. */
  number: number;
  sec: number;
  nsec: number;
  /** The segment's stream (`tcp.stream`). */
  stream: number;
  /** IP source and destination address (4 or 16 bytes): tell a stream's directions apart and reused ports. Not kept: reusable by the caller. */
  src: Uint8Array;
  dst: Uint8Array;
  tcp: TcpHeaderFact;
}

/** Both directions of one stream and the handshake timing. */
class TcpStreamState {
  readonly first: TcpDirection = new TcpDirection();
  readonly second: TcpDirection = new TcpDirection();
  /** Time of the last pure SYN, and the handshake's RTT (SYN to the first pure ACK), 0 until known. */
  mruSynSec = 0;
  mruSynNsec = 0;
  firstRttNs = 0;

  constructor(
    /** Source address and port of the stream's first segment: its direction is `first`. */
    readonly firstSrc: Uint8Array,
    readonly firstPort: number,
  ) {}
}

/** What one segment's analysis found (Wireshark's per-frame `struct tcp_acked`). */
class Findings {
  present = false;
  flags = 0;
  dupAckNum = 0;
  dupAckFrame = 0;
  acksFrame = 0;
  ackRttNs = 0;
  bytesInFlight = 0;
  pushBytesSent = 0;
  rtoNs = 0;
  rtoFrame = 0;

  flag(bit: number): void {
    this.present = true;
    this.flags |= bit;
  }

  reset(): void {
    this.present = false;
    this.flags = 0;
    this.dupAckNum = 0;
    this.dupAckFrame = 0;
    this.acksFrame = 0;
    this.ackRttNs = 0;
    this.bytesInFlight = 0;
    this.pushBytesSent = 0;
    this.rtoNs = 0;
    this.rtoFrame = 0;
  }
}

export class TcpAnalyzer {
  private readonly streams = new Map<number, TcpStreamState>();
  /** The last stream of each address/port pair, to notice a pair used again by a new stream. */
  private readonly streamOfPair = new Map<string, number>();
  /** One segment's findings, reset for each (copied into the result). */
  private readonly found = new Findings();

  /** Analyses the next TCP segment of the capture. */
  add(input: TcpSegmentInput): TcpAnalysisInfo {
    return this.addInto(input, emptyInfo());
  }

  /**
   * `add` writing its result into `out` (returned), for a caller that copies each result away at once and
   * so allocates nothing per segment (the flow pass's TcpAnalysisStage).
   */
  addInto(input: TcpSegmentInput, out: TcpAnalysisInfo): TcpAnalysisInfo {
    const h = input.tcp;
    const found = this.found;
    found.reset();
    const stream = this.streamFor(input, found);
    const firstWay = sameEndpoint(input.src, h.srcPort, stream.firstSrc, stream.firstPort);
    const fwd = firstWay ? stream.first : stream.second;
    const rev = firstWay ? stream.second : stream.first;

    checkReusedPorts(h, fwd, found);
    // Emptied, not replaced: nothing else holds a direction's SACK list (and most are empty already).
    if (fwd.sack.length !== 0) fwd.sack.length = 0;
    analyzeSequence(input, stream, fwd, rev, found);

    const relSeq = seqSub(h.seq, fwd.baseSeq);
    const windowScale = fwd.winScale;
    out.headerOffset = h.headerOffset;
    out.relSeq = relSeq;
    out.relAck = h.flags & ACK ? seqSub(h.ack, rev.baseSeq) : h.ack;
    out.nextSeq = seqAdd(relSeq, h.payloadLength + (h.flags & (SYN | FIN) ? 1 : 0));
    out.window = !(h.flags & SYN) && windowScale >= 0 ? (h.window << windowScale) >>> 0 : h.window;
    out.windowScale = windowScale;

    afterHeader(input, stream, fwd, rev);
    out.present = found.present;
    out.flags = found.flags;
    out.dupAckNum = found.dupAckNum;
    out.dupAckFrame = found.dupAckFrame;
    out.acksFrame = found.acksFrame;
    out.ackRttNs = found.ackRttNs;
    out.initialRttNs = stream.firstRttNs;
    out.bytesInFlight = found.bytesInFlight;
    out.pushBytesSent = found.pushBytesSent;
    out.rtoNs = found.rtoNs;
    out.rtoFrame = found.rtoFrame;
    return out;
  }

  private streamFor(input: TcpSegmentInput, found: Findings): TcpStreamState {
    let stream = this.streams.get(input.stream);
    if (stream !== undefined) return stream;
    // A copy: the caller may reuse the input's arrays for the next segment.
    stream = new TcpStreamState(input.src.slice(), input.tcp.srcPort);
    this.streams.set(input.stream, stream);
    const pair = pairKey(input);
    const earlier = this.streamOfPair.get(pair);
    this.streamOfPair.set(pair, input.stream);
    // Wireshark starts a new conversation for a pair already seen when a SYN brings a new ISN, and says so.
    if (earlier !== undefined && (input.tcp.flags & (SYN | ACK)) === SYN) found.flag(TCP_A.REUSED_PORTS);
    return stream;
  }
}

/**
 * A SYN+ACK with another ISN in a stream whose ISN is known (dissect_tcp before the analysis): the ISN is
 * replaced (Wireshark issue 16944) and the segment marked as reusing the ports. (A pure SYN with a new ISN
 * starts a new stream, handled in `streamFor`; one with the same ISN is a retransmission.)
 */
function checkReusedPorts(h: TcpHeaderFact, fwd: TcpDirection, found: Findings): void {
  if (!fwd.baseSet) return;
  if ((h.flags & (SYN | ACK)) === (SYN | ACK) && h.seq !== fwd.baseSeq) {
    fwd.baseSeq = h.seq;
    found.flag(TCP_A.REUSED_PORTS);
  }
}

/** Wireshark's tcp_analyze_sequence_number, step by step in its order. */
function analyzeSequence(input: TcpSegmentInput, stream: TcpStreamState, fwd: TcpDirection, rev: TcpDirection, found: Findings): void {
  const h = input.tcp;
  const { seq, ack, flags, window } = h;
  const seglen = h.payloadLength;
  const control = flags & (SYN | FIN | RST);

  setBases(h, fwd, rev);
  if (flags & ACK) rev.validBif = true;

  const probe = seglen === 1 && seq === fwd.nextSeq && rev.window === 0;
  if (probe) {
    found.flag(TCP_A.ZERO_WINDOW_PROBE);
  } else {
    if (window === 0 && control === 0) found.flag(TCP_A.ZERO_WINDOW);
    if (fwd.nextSeq !== 0 && seqGt(seq, fwd.nextSeq) && !(flags & RST)) {
      found.flag(TCP_A.LOST_PACKET);
      fwd.validBif = false;
    }
    if ((seglen === 0 || seglen === 1) && seq === seqSub(fwd.nextSeq, 1) && control === 0) found.flag(TCP_A.KEEP_ALIVE);
    const repeatsAck = seglen === 0 && seq === fwd.nextSeq && ack === fwd.lastAck && control === 0;
    if (repeatsAck && window !== 0 && window !== fwd.window) found.flag(TCP_A.WINDOW_UPDATE);
    if (seglen > 0 && control === 0 && isWindowFull(seq, seglen, rev)) found.flag(TCP_A.WINDOW_FULL);
    if (repeatsAck && window !== 0 && window === fwd.window && rev.lastSegmentFlags & TCP_A.KEEP_ALIVE) {
      found.flag(TCP_A.KEEP_ALIVE_ACK);
    } else if (repeatsAck && window === 0 && fwd.window === 0 && rev.lastSegmentFlags & TCP_A.ZERO_WINDOW_PROBE) {
      found.flag(TCP_A.ZERO_WINDOW_PROBE_ACK);
    } else if (repeatsAck && window !== 0 && window === fwd.window) {
      fwd.dupAckNum++;
      found.flag(TCP_A.DUPLICATE_ACK);
      found.dupAckNum = fwd.dupAckNum;
      found.dupAckFrame = fwd.lastNonDupAck;
    }
  }

  if (ack !== fwd.lastAck) {
    fwd.lastNonDupAck = input.number;
    fwd.dupAckNum = 0;
  }
  checkAckedLost(h, rev, found);
  if (seglen > 0 || flags & (SYN | FIN)) classifyResend(input, stream, fwd, rev, found);
  remember(input, fwd, found);
  acknowledge(input, rev, found);
  countInFlight(h, fwd, rev, found);
}

/** The first segment of a direction fixes its base; the first ACK fixes the other direction's when unknown. */
function setBases(h: TcpHeaderFact, fwd: TcpDirection, rev: TcpDirection): void {
  if (!fwd.baseSet) {
    fwd.baseSeq = h.flags & SYN ? h.seq : seqSub(h.seq, 1);
    fwd.baseSet = true;
  }
  if (!rev.baseSet && h.flags & ACK) {
    rev.baseSeq = seqSub(h.ack, 1);
    rev.baseSet = true;
  }
}

/** Data up to the right edge of the window the other side last offered (when its scaling is settled). */
function isWindowFull(seq: number, seglen: number, rev: TcpDirection): boolean {
  if (rev.winScale === -1) return false;
  const shift = rev.isFirstAck || rev.winScale === WINDOW_SCALE_NONE ? 0 : rev.winScale;
  return seqAdd(seq, seglen) === seqAdd(rev.lastAck, (rev.window << shift) >>> 0);
}

/** An ACK beyond anything seen from the other side: a segment of it was not captured. */
function checkAckedLost(h: TcpHeaderFact, rev: TcpDirection, found: Findings): void {
  if (rev.maxSeqToBeAcked === 0 || !seqGt(h.ack, rev.maxSeqToBeAcked) || !(h.flags & ACK)) return;
  found.flag(TCP_A.ACK_LOST_PACKET);
  // Report it once: the other direction's high-water mark moves to what it sent.
  rev.maxSeqToBeAcked = rev.nextSeq;
}

/** A segment with data (or SYN/FIN) that does not advance the sequence: which kind of resend it is. */
function classifyResend(input: TcpSegmentInput, stream: TcpStreamState, fwd: TcpDirection, rev: TcpDirection, found: Findings): void {
  const h = input.tcp;
  const seglen = h.payloadLength;
  if (found.flags & TCP_A.KEEP_ALIVE) return;
  let notAdvanced = fwd.nextSeq !== 0 && seqLt(h.seq, fwd.nextSeq);
  // One byte short of nextSeq with more than one byte: new data after a zero window probe.
  if (seglen > 1 && seqSub(fwd.nextSeq, 1) === h.seq) notAdvanced = false;

  if (seglen > 0 && rev.lastAck !== 0 && seqLe(seqAdd(h.seq, seglen), rev.lastAck)) {
    found.flag(TCP_A.SPURIOUS_RETRANSMISSION);
    return;
  }
  // Fast retransmission takes precedence over out-of-order (tcp.fastrt_supersedes_ooo: TRUE).
  const sinceDupAcks = elapsedNs(input, rev.lastAckSec, rev.lastAckNsec);
  if (notAdvanced && rev.dupAckNum >= 2 && rev.lastAck === h.seq && sinceDupAcks < FAST_RETRANSMISSION_NS) {
    found.flag(TCP_A.FAST_RETRANSMISSION);
    return;
  }
  const sinceHighest = elapsedNs(input, fwd.nextSeqSec, fwd.nextSeqNsec);
  const threshold = stream.firstRttNs === 0 ? DEFAULT_OOO_THRESHOLD_NS : stream.firstRttNs;
  const end = seqAdd(h.seq, seglen + (h.flags & (SYN | FIN) ? 1 : 0));
  if (notAdvanced && sinceHighest < threshold && fwd.nextSeq !== end) {
    found.flag(TCP_A.OUT_OF_ORDER);
    return;
  }
  if (!notAdvanced) return;
  found.flag(TCP_A.RETRANSMISSION);
  // The RTO is counted from the oldest unacknowledged segment, else from the highest one seen.
  const oldest = fwd.segments[0];
  const [sec, nsec, frame] = oldest !== undefined ? [oldest.sec, oldest.nsec, oldest.frame] : [fwd.nextSeqSec, fwd.nextSeqNsec, fwd.nextSeqFrame];
  found.rtoNs = (input.sec - sec) * 1e9 + (input.nsec - nsec);
  found.rtoFrame = frame;
}

/**
 * Nanoseconds since an earlier time, as Wireshark's unsigned 64-bit difference: a time before it (or
 * none, 0) is "very long ago".
 */
function elapsedNs(input: TcpSegmentInput, sec: number, nsec: number): number {
  const t = (input.sec - sec) * 1e9 + (input.nsec - nsec);
  return t < 0 ? Number.POSITIVE_INFINITY : t;
}

/** Keep the segment as unacknowledged and move this direction's high-water marks. */
function remember(input: TcpSegmentInput, fwd: TcpDirection, found: Findings): void {
  const h = input.tcp;
  let next = seqAdd(h.seq, h.payloadLength);
  if ((h.payloadLength > 0 || h.flags & (SYN | FIN)) && fwd.segments.length < MAX_UNACKED_SEGMENTS) {
    // SYN and FIN count one; Wireshark adds it only when it keeps the segment.
    if (h.flags & (SYN | FIN)) next = seqAdd(next, 1);
    fwd.segments.push({ frame: input.number, seq: h.seq, nextSeq: next, sec: input.sec, nsec: input.nsec });
  }
  // A zero window probe does not advance the sequence.
  const probe = (found.flags & TCP_A.ZERO_WINDOW_PROBE) !== 0;
  if ((seqGt(next, fwd.nextSeq) || fwd.nextSeq === 0) && !probe) {
    fwd.nextSeq = next;
    fwd.nextSeqFrame = input.number;
    fwd.nextSeqSec = input.sec;
    fwd.nextSeqNsec = input.nsec;
  }
  if ((h.seq === fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked === 0) && !probe) fwd.maxSeqToBeAcked = fwd.nextSeq;
  fwd.window = h.window;
  fwd.lastAck = h.ack;
  fwd.lastAckSec = input.sec;
  fwd.lastAckNsec = input.nsec;
  fwd.lastSegmentFlags = found.flags;
}

/** Drop the other direction's segments this ACK covers; the oldest it completes is `acks_frame`. */
function acknowledge(input: TcpSegmentInput, rev: TcpDirection, found: Findings): void {
  const ack = input.tcp.ack;
  const segs = rev.segments;
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i];
    if (ack === s.nextSeq) {
      found.present = true;
      found.acksFrame = s.frame;
      found.ackRttNs = (input.sec - s.sec) * 1e9 + (input.nsec - s.nsec);
    } else if (seqGt(ack, s.seq) && seqLe(ack, s.nextSeq)) {
      // Part of it: what is left starts at the ACK.
      s.seq = ack;
      continue;
    } else if (seqGt(s.nextSeq, ack)) {
      continue;
    }
    segs.splice(i, 1);
  }
}

/** Bytes in flight from the unacknowledged segments (tcp.bif_seq_based: FALSE), less the other side's SACKs. */
function countInFlight(h: TcpHeaderFact, fwd: TcpDirection, rev: TcpDirection, found: Findings): void {
  const seglen = h.payloadLength;
  if (seglen === 0 || fwd.segments.length === 0 || !fwd.validBif) return;
  found.present = true;
  let first = 0xffffffff;
  let last = 0;
  for (const s of fwd.segments) {
    last = Math.max(last, seqSub(s.nextSeq, fwd.baseSeq));
    first = Math.min(first, seqSub(s.seq, fwd.baseSeq));
  }
  let inFlight = seqSub(last, first);
  for (let i = 0; i + 1 < rev.sack.length; i += 2) inFlight = seqSub(inFlight, seqSub(rev.sack[i + 1], rev.sack[i]));
  if (inFlight > 0 && inFlight < MAX_BYTES_IN_FLIGHT) found.bytesInFlight = h.flags & (SYN | FIN) ? inFlight - 1 : inFlight;

  const push = (h.flags & PSH) !== 0;
  if (push && !fwd.pushSetLast) fwd.pushBytesSent += seglen;
  else if (push || fwd.pushSetLast) fwd.pushBytesSent = seglen;
  else fwd.pushBytesSent += seglen;
  fwd.pushSetLast = push;
  found.pushBytesSent = fwd.pushBytesSent;
}

/** What dissect_tcp learns after the analysis: handshake timing, options, the first ACK, window scaling. */
function afterHeader(input: TcpSegmentInput, stream: TcpStreamState, fwd: TcpDirection, rev: TcpDirection): void {
  const h = input.tcp;
  const synAck = h.flags & (SYN | ACK);
  if (h.flags & SYN) {
    if (!(h.flags & ACK)) {
      stream.mruSynSec = input.sec;
      stream.mruSynNsec = input.nsec;
    }
    fwd.isFirstAck = true;
  }
  if (synAck === ACK) {
    if ((stream.mruSynSec !== 0 || stream.mruSynNsec !== 0) && stream.firstRttNs === 0) {
      stream.firstRttNs = (input.sec - stream.mruSynSec) * 1e9 + (input.nsec - stream.mruSynNsec);
    }
    fwd.isFirstAck = false;
  }
  // Options are read after the analysis: they count from the next segment on.
  for (let i = 0; i + 1 < h.sack.length && fwd.sack.length < 2 * MAX_SACK_BLOCKS; i += 2) {
    fwd.sack.push(seqSub(h.sack[i], rev.baseSeq), seqSub(h.sack[i + 1], rev.baseSeq));
  }
  if (h.windowScale >= 0) fwd.winScale = Math.min(h.windowScale, 14);
  if (h.flags & SYN) verifyWindowScaling(synAck === (SYN | ACK), fwd, rev);
}

/** Wireshark's verify_tcp_window_scaling: scaling is used only when both SYNs offer it. */
function verifyWindowScaling(synAck: boolean, fwd: TcpDirection, rev: TcpDirection): void {
  if (fwd.winScale === -1) {
    fwd.winScale = WINDOW_SCALE_NONE;
    rev.winScale = WINDOW_SCALE_NONE;
  } else if (synAck && rev.winScale === WINDOW_SCALE_NONE) {
    fwd.winScale = WINDOW_SCALE_NONE;
  }
}

function sameEndpoint(addr: Uint8Array, port: number, addrA: Uint8Array, portA: number): boolean {
  if (port !== portA || addr.length !== addrA.length) return false;
  for (let i = 0; i < addr.length; i++) if (addr[i] !== addrA[i]) return false;
  return true;
}

/** A result to fill (addInto). */
export function emptyInfo(): TcpAnalysisInfo {
  return {
    headerOffset: 0,
    relSeq: 0,
    relAck: 0,
    nextSeq: 0,
    window: 0,
    windowScale: 0,
    present: false,
    flags: 0,
    dupAckNum: 0,
    dupAckFrame: 0,
    acksFrame: 0,
    ackRttNs: 0,
    initialRttNs: 0,
    bytesInFlight: 0,
    pushBytesSent: 0,
    rtoNs: 0,
    rtoFrame: 0,
  };
}

/** The unordered address/port pair of a segment. */
function pairKey(input: TcpSegmentInput): string {
  const a = `${input.src.join('.')}:${input.tcp.srcPort}`;
  const b = `${input.dst.join('.')}:${input.tcp.dstPort}`;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
