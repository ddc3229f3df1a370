/**
 * TCP sequence analysis of one packet (core/flow/tcp-analysis.ts computes it; tcp.ts shows it), as
 * Wireshark 4.0's packet-tcp.c keeps it per frame (its `struct tcp_acked` plus the relative numbers).
 */

/** tshark's TCP_A_* analysis flags, one bit each (the values are Trawl's; the names are Wireshark's). */
export const TCP_A = {
  RETRANSMISSION: 0x0001,
  LOST_PACKET: 0x0002,
  ACK_LOST_PACKET: 0x0004,
  KEEP_ALIVE: 0x0008,
  DUPLICATE_ACK: 0x0010,
  ZERO_WINDOW: 0x0020,
  ZERO_WINDOW_PROBE: 0x0040,
  ZERO_WINDOW_PROBE_ACK: 0x0080,
  KEEP_ALIVE_ACK: 0x0100,
  OUT_OF_ORDER: 0x0200,
  FAST_RETRANSMISSION: 0x0400,
  WINDOW_UPDATE: 0x0800,
  WINDOW_FULL: 0x1000,
  REUSED_PORTS: 0x2000,
  SPURIOUS_RETRANSMISSION: 0x4000,
} as const;

/** Window scaling of a direction: a shift count 0-14, or these (tshark's tcp.window_size_scalefactor -1 / -2). */
export const WINDOW_SCALE_UNKNOWN = -1;
export const WINDOW_SCALE_NONE = -2;

export interface TcpAnalysisInfo {
  /** Absolute offset of the TCP header this analysis is of (a frame can hold others, e.g. in a tunnel). */
  headerOffset: number;
  /** Relative sequence number (tshark's default `tcp.seq`). */
  relSeq: number;
  /** `tcp.ack` as tshark shows it: relative when the ACK flag is set, the raw field otherwise. */
  relAck: number;
  /** Relative `tcp.nxtseq` (SYN and FIN count one). */
  nextSeq: number;
  /** `tcp.window_size`: the window field shifted by the direction's scale when known (never on a SYN). */
  window: number;
  /**
   * The direction's shift count (0-14), WINDOW_SCALE_UNKNOWN or WINDOW_SCALE_NONE; tcp.ts shows
   * `tcp.window_size_scalefactor` (1 << shift, -1, -2) on segments without SYN.
   */
  windowScale: number;
  /** Whether tshark shows the `tcp.analysis` subtree (it has any of the items below). */
  present: boolean;
  /** TCP_A bits. */
  flags: number;
  /** `tcp.analysis.duplicate_ack_num` and `…_frame` (0 when not a duplicate ACK). */
  dupAckNum: number;
  dupAckFrame: number;
  /** `tcp.analysis.acks_frame` (0: none) and `tcp.analysis.ack_rtt` in nanoseconds (0: not shown). */
  acksFrame: number;
  ackRttNs: number;
  /** `tcp.analysis.initial_rtt` in nanoseconds (0: not known yet). */
  initialRttNs: number;
  /** `tcp.analysis.bytes_in_flight` and `tcp.analysis.push_bytes_sent` (shown when bytesInFlight > 0). */
  bytesInFlight: number;
  pushBytesSent: number;
  /** `tcp.analysis.rto` in nanoseconds and `tcp.analysis.rto_frame`, for retransmissions (0: none). */
  rtoNs: number;
  rtoFrame: number;
}
