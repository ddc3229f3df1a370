/**
 * The TCP fields that need the flow engine's sequence analysis (core/flow/tcp-analysis.ts), as Wireshark
 * 4.0's packet-tcp.c shows them: the `[SEQ/ACK analysis]` subtree with its flags as expert items, and the
 * `[TCP Retransmission] `-style Info prefixes. tcp.ts calls these only when `ctx.flowInfo` has the analysis.
 */
import type { ExpertSeverity } from '../../api';
import type { Item } from '../context';
import type { FieldDefs } from '../field';
import { TCP_A, type TcpAnalysisInfo } from '../flow-info-tcp';

const none = (name: string) => ({ name, type: 'none' as const });

export const TCP_ANALYSIS_FIELDS: FieldDefs = {
  'tcp.stream': { name: 'Stream index', type: 'uint32' },
  'tcp.window_size': { name: 'Calculated window size', type: 'uint32' },
  'tcp.window_size_scalefactor': { name: 'Window size scaling factor', type: 'int32' },
  'tcp.segment_data': { name: 'TCP segment data', type: 'bytes' },
  'tcp.analysis': none('SEQ/ACK analysis'),
  'tcp.analysis.flags': none('TCP Analysis Flags'),
  'tcp.analysis.acks_frame': { name: 'This is an ACK to the segment in frame', type: 'uint32' },
  'tcp.analysis.ack_rtt': { name: 'The RTT to ACK the segment was', type: 'reltime' },
  'tcp.analysis.initial_rtt': { name: 'iRTT', type: 'reltime' },
  'tcp.analysis.bytes_in_flight': { name: 'Bytes in flight', type: 'uint32' },
  'tcp.analysis.push_bytes_sent': { name: 'Bytes sent since last PSH flag', type: 'uint32' },
  'tcp.analysis.rto': { name: 'The RTO for this segment was', type: 'reltime' },
  'tcp.analysis.rto_frame': { name: 'RTO based on delta from frame', type: 'uint32' },
  'tcp.analysis.duplicate_ack': none('Duplicate ACK'),
  'tcp.analysis.duplicate_ack_num': { name: 'Duplicate ACK #', type: 'uint32' },
  'tcp.analysis.duplicate_ack_frame': { name: 'Duplicate to the ACK in frame', type: 'uint32' },
  'tcp.analysis.retransmission': none('This frame is a (suspected) retransmission'),
  'tcp.analysis.fast_retransmission': none('This frame is a (suspected) fast retransmission'),
  'tcp.analysis.spurious_retransmission': none('This frame is a (suspected) spurious retransmission'),
  'tcp.analysis.out_of_order': none('This frame is a (suspected) out-of-order segment'),
  'tcp.analysis.reused_ports': none('A new tcp session is started with the same ports as an earlier session in this trace'),
  'tcp.analysis.lost_segment': none('Previous segment(s) not captured (common at capture start)'),
  'tcp.analysis.ack_lost_segment': none("ACKed segment that wasn't captured (common at capture start)"),
  'tcp.analysis.window_update': none('TCP window update'),
  'tcp.analysis.window_full': none('TCP window specified by the receiver is now completely full'),
  'tcp.analysis.keep_alive': none('TCP keep-alive segment'),
  'tcp.analysis.keep_alive_ack': none('ACK to a TCP keep-alive segment'),
  'tcp.analysis.zero_window_probe': none('TCP Zero Window Probe'),
  'tcp.analysis.zero_window': none('TCP Zero Window segment'),
  'tcp.analysis.zero_window_probe_ack': none('ACK to a TCP Zero Window Probe'),
};

/**
 * The flags in the order packet-tcp.c prints them, with the expert items each adds (field, severity) and
 * its Info prefix. Each prefix is prepended, so the last one printed comes first in Info.
 */
const FLAG_ORDER: readonly { bit: number; experts: readonly (readonly [string, ExpertSeverity])[]; info?: string }[] = [
  { bit: TCP_A.REUSED_PORTS, experts: [['tcp.analysis.reused_ports', 'note']], info: 'TCP Port numbers reused' },
  { bit: TCP_A.RETRANSMISSION, experts: [['tcp.analysis.retransmission', 'note']], info: 'TCP Retransmission' },
  { bit: TCP_A.FAST_RETRANSMISSION, experts: [['tcp.analysis.fast_retransmission', 'note'], ['tcp.analysis.retransmission', 'note']], info: 'TCP Fast Retransmission' },
  { bit: TCP_A.SPURIOUS_RETRANSMISSION, experts: [['tcp.analysis.spurious_retransmission', 'note'], ['tcp.analysis.retransmission', 'note']], info: 'TCP Spurious Retransmission' },
  { bit: TCP_A.OUT_OF_ORDER, experts: [['tcp.analysis.out_of_order', 'warn']], info: 'TCP Out-Of-Order' },
  { bit: TCP_A.LOST_PACKET, experts: [['tcp.analysis.lost_segment', 'warn']], info: 'TCP Previous segment not captured' },
  { bit: TCP_A.ACK_LOST_PACKET, experts: [['tcp.analysis.ack_lost_segment', 'warn']], info: 'TCP ACKed unseen segment' },
  { bit: TCP_A.WINDOW_UPDATE, experts: [['tcp.analysis.window_update', 'chat']], info: 'TCP Window Update' },
  { bit: TCP_A.WINDOW_FULL, experts: [['tcp.analysis.window_full', 'warn']], info: 'TCP Window Full' },
  { bit: TCP_A.KEEP_ALIVE, experts: [['tcp.analysis.keep_alive', 'note']], info: 'TCP Keep-Alive' },
  { bit: TCP_A.KEEP_ALIVE_ACK, experts: [['tcp.analysis.keep_alive_ack', 'note']], info: 'TCP Keep-Alive ACK' },
  // The duplicate ACK is printed here (its own item and expert, below); its prefix names the frames.
  { bit: TCP_A.DUPLICATE_ACK, experts: [] },
  { bit: TCP_A.ZERO_WINDOW_PROBE, experts: [['tcp.analysis.zero_window_probe', 'note']], info: 'TCP ZeroWindowProbe' },
  { bit: TCP_A.ZERO_WINDOW, experts: [['tcp.analysis.zero_window', 'warn']], info: 'TCP ZeroWindow' },
  { bit: TCP_A.ZERO_WINDOW_PROBE_ACK, experts: [['tcp.analysis.zero_window_probe_ack', 'note']], info: 'TCP ZeroWindowProbeAck' },
];

const SEVERITY_WORDS: Readonly<Record<ExpertSeverity, string>> = { chat: 'Chat', note: 'Note', warn: 'Warning', error: 'Error' };

/** The Info column's prefix for the analysis flags, e.g. `[TCP Dup ACK 12#1] ` (empty without flags). */
export function analysisInfoPrefix(a: TcpAnalysisInfo): string {
  if (!a.present || a.flags === 0) return '';
  let prefix = '';
  for (const f of FLAG_ORDER) {
    if (!(a.flags & f.bit)) continue;
    const text = f.bit === TCP_A.DUPLICATE_ACK ? `TCP Dup ACK ${a.dupAckFrame}#${a.dupAckNum}` : f.info;
    prefix = `[${text}] ${prefix}`;
  }
  return prefix;
}

/** Wireshark's window scaling factor as `tcp.window_size_scalefactor` shows it: 2^shift, -1 unknown, -2 none. */
export function scaleFactor(shift: number): number {
  return shift >= 0 ? 2 ** shift : shift;
}

/**
 * `[SEQ/ACK analysis]` with its items, under the TCP layer item `t` (tcp_print_sequence_number_analysis).
 * `labels` (DissectContext.labels): whether the numeric items' labels are formatted (a tree only).
 */
export function addAnalysisTree(t: Item, a: TcpAnalysisInfo, labels: boolean): void {
  if (!a.present) return;
  const tree = t.add('tcp.analysis', 0, 0, '', '[SEQ/ACK analysis]');
  if (a.acksFrame) {
    tree.add('tcp.analysis.acks_frame', 0, 0, a.acksFrame, labels ? `[This is an ACK to the segment in frame: ${a.acksFrame}]` : undefined);
    if (a.ackRttNs) tree.add('tcp.analysis.ack_rtt', 0, 0, nsTime(a.ackRttNs), labels ? `[The RTT to ACK the segment was: ${seconds(a.ackRttNs)} seconds]` : undefined);
  }
  if (a.initialRttNs) tree.add('tcp.analysis.initial_rtt', 0, 0, nsTime(a.initialRttNs), labels ? `[iRTT: ${seconds(a.initialRttNs)} seconds]` : undefined);
  if (a.bytesInFlight) {
    tree.add('tcp.analysis.bytes_in_flight', 0, 0, a.bytesInFlight, labels ? `[Bytes in flight: ${a.bytesInFlight}]` : undefined);
    tree.add('tcp.analysis.push_bytes_sent', 0, 0, a.pushBytesSent, labels ? `[Bytes sent since last PSH flag: ${a.pushBytesSent}]` : undefined);
  }
  if (a.flags === 0) return;
  const flags = tree.add('tcp.analysis.flags', 0, 0, '', '[TCP Analysis Flags]');
  for (const f of FLAG_ORDER) {
    if (!(a.flags & f.bit)) continue;
    for (const [field, severity] of f.experts) expert(flags, field, severity, String(TCP_ANALYSIS_FIELDS[field].name));
    if (f.bit === TCP_A.RETRANSMISSION && a.rtoNs) {
      flags.add('tcp.analysis.rto', 0, 0, nsTime(a.rtoNs), `[The RTO for this segment was: ${seconds(a.rtoNs)} seconds]`);
      flags.add('tcp.analysis.rto_frame', 0, 0, a.rtoFrame, `[RTO based on delta from frame: ${a.rtoFrame}]`);
    }
    if (f.bit === TCP_A.DUPLICATE_ACK) {
      flags.add('tcp.analysis.duplicate_ack', 0, 0, '', '[This is a TCP duplicate ack]');
      tree.add('tcp.analysis.duplicate_ack_num', 0, 0, a.dupAckNum, `[Duplicate ACK #: ${a.dupAckNum}]`);
      const frame = tree.add('tcp.analysis.duplicate_ack_frame', 0, 0, a.dupAckFrame, `[Duplicate to the ACK in frame: ${a.dupAckFrame}]`);
      expert(frame, 'tcp.analysis.duplicate_ack', 'note', `Duplicate ACK (#${a.dupAckNum})`);
    }
  }
}

/** An expert item of the Sequence group: a field of its own (display filters see it) with its message. */
function expert(parent: Item, field: string, severity: ExpertSeverity, message: string): void {
  parent.add(field, 0, 0, '', `[Expert Info (${SEVERITY_WORDS[severity]}/Sequence): ${message}]`).expert(severity, message);
}

function nsTime(ns: number): { sec: number; nsec: number } {
  return { sec: Math.floor(ns / 1e9), nsec: ns % 1e9 };
}

function seconds(ns: number): string {
  return `${Math.floor(ns / 1e9)}.${String(ns % 1e9).padStart(9, '0')}`;
}
