/**
 * What the TCP analysis remembers of one direction of a stream: Wireshark's `tcp_flow_t` with its
 * `tcp_analyze_seq_flow_info_t` (packet-tcp.h), under the same meanings. Sequence numbers are raw (absolute)
 * 32-bit values; 0 in `nextSeq`, `lastAck` and `maxSeqToBeAcked` means "none seen yet", as in Wireshark.
 */
import { WINDOW_SCALE_UNKNOWN } from '../dissect/flow-info-tcp';

/** A segment sent in this direction and not yet acknowledged by the other. */
export interface UnackedSegment {
  frame: number;
  seq: number;
  nextSeq: number;
  sec: number;
  nsec: number;
}

/** Wireshark's TCP_MAX_UNACKED_SEGMENTS: past this many unacknowledged segments none is added. */
export const MAX_UNACKED_SEGMENTS = 10000;

/** At most this many SACK blocks of a segment count for bytes in flight (Wireshark keeps the first three). */
export const MAX_SACK_BLOCKS = 3;

export class TcpDirection {
  /** The raw sequence number relative numbers count from (the ISN, or seq − 1 when no SYN was seen). */
  baseSeq = 0;
  baseSet = false;
  /** Shift count 0-14, WINDOW_SCALE_UNKNOWN, or WINDOW_SCALE_NONE. */
  winScale = WINDOW_SCALE_UNKNOWN;
  /** The last raw window field (2^32 − 1 before any, so the first segment is never a window update). */
  window = 0xffffffff;
  /** Set by a SYN, cleared by the first pure ACK: the window of the SYN's ACK is not scaled yet (Wireshark issue 14690). */
  isFirstAck = false;
  /** Whether bytes in flight are counted (cleared by a lost segment until the other side ACKs). */
  validBif = true;

  nextSeq = 0;
  nextSeqFrame = 0;
  nextSeqSec = 0;
  nextSeqNsec = 0;
  lastAck = 0;
  lastAckSec = 0;
  lastAckNsec = 0;
  maxSeqToBeAcked = 0;
  /** Duplicate ACKs counted in a row. */
  dupAckNum = 0;
  lastNonDupAck = 0;
  /** Analysis flags of the last segment in this direction. */
  lastSegmentFlags = 0;
  /** Unacknowledged segments, oldest first. */
  segments: UnackedSegment[] = [];

  pushBytesSent = 0;
  pushSetLast = false;
  /** Relative SACK blocks (left, right, …) of the last segment in this direction. */
  sack: number[] = [];
}
