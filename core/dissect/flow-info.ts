/**
 * What the flow engine (core/flow) found out about one packet from the packets around it, handed back to
 * the packet's dissection (FrameMeta.flow; the summary path's `flow` argument): stream numbers, TCP
 * analysis, reassembled data. Dissectors read it from `ctx.flowInfo`; absent (before the flow pass has
 * run, or in unit tests) they show what one packet alone says, as before.
 */
import type { IpReassemblyInfo } from './flow-info-ip';
import type { TcpAnalysisInfo } from './flow-info-tcp';
import type { TcpPduInfo } from './flow-info-tcp-pdu';

export interface PacketFlowInfo {
  /** `tcp.stream` of the packet's first TCP header outside an ICMP error, as tshark numbers it. */
  tcpStream?: number;
  /** `udp.stream` of the packet's first UDP header outside an ICMP error. */
  udpStream?: number;
  /** Sequence analysis of that TCP header (relative numbers, tcp.analysis.* flags). */
  tcp?: TcpAnalysisInfo;
  /** IP fragments this packet completes (the datagram is dissected here) or belongs to. */
  ip?: IpReassemblyInfo;
  /** Desegmentation of that TCP header's payload (HTTP and TLS streams): a segment of a PDU, or its end. */
  tcpPdu?: TcpPduInfo;
  /**
   * The protocol a heuristic gave that TCP header's stream at this packet or before (on ports no dissector
   * claims; Wireshark's conversation dissector): its payload goes to it whatever it looks like.
   */
  tcpConversation?: 'http' | 'tls';
  /**
   * The version that TCP stream's TLS session negotiated (its Server Hello's), for every packet of the
   * stream as tshark -2 knows it: it names the records (TLSv1.3 …) instead of their own version field.
   */
  tlsVersion?: number;
  /**
   * That TCP stream carried an HTTP request (or a heuristic made it HTTP): Wireshark's have_seen_http, as
   * tshark -2 knows it for the whole stream. Without it, a segment on HTTP's port that starts no message
   * is not HTTP ("Continuation") but data.
   */
  httpSeen?: boolean;
}
