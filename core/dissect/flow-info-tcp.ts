/** TCP sequence analysis of one packet (core/flow/tcp-analysis.ts computes it; tcp.ts shows it). */
export interface TcpAnalysisInfo {
  /** Relative sequence and acknowledgement numbers (tshark's default `tcp.seq`, `tcp.ack`). */
  relSeq: number;
  relAck: number;
}
