/**
 * Test helper for the TCP analysis: which corpus captures carry TCP, their packets as FlowPackets, and the
 * analysis fields as `tshark -T fields` prints them, computed from TcpAnalyzer with tshark's own
 * `tcp.stream` numbers (so the comparison measures the analysis, not the stream numbering).
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TCP_A, type TcpAnalysisInfo } from '../../dissect/flow-info-tcp';
import { readCapture, type TestPacket } from '../../dissect/test/read-capture';
import { flowPacketOf, type FlowPacket } from '../flow-packet';
import { TcpAnalyzer } from '../tcp-analysis';

/** The analysis flag fields, with their bit. */
export const FLAG_FIELDS: readonly (readonly [string, number])[] = [
  // Fast and spurious retransmissions also carry the retransmission expert item.
  ['tcp.analysis.retransmission', TCP_A.RETRANSMISSION | TCP_A.FAST_RETRANSMISSION | TCP_A.SPURIOUS_RETRANSMISSION],
  ['tcp.analysis.fast_retransmission', TCP_A.FAST_RETRANSMISSION],
  ['tcp.analysis.spurious_retransmission', TCP_A.SPURIOUS_RETRANSMISSION],
  ['tcp.analysis.out_of_order', TCP_A.OUT_OF_ORDER],
  ['tcp.analysis.reused_ports', TCP_A.REUSED_PORTS],
  ['tcp.analysis.lost_segment', TCP_A.LOST_PACKET],
  ['tcp.analysis.ack_lost_segment', TCP_A.ACK_LOST_PACKET],
  ['tcp.analysis.window_update', TCP_A.WINDOW_UPDATE],
  ['tcp.analysis.window_full', TCP_A.WINDOW_FULL],
  ['tcp.analysis.keep_alive', TCP_A.KEEP_ALIVE],
  ['tcp.analysis.keep_alive_ack', TCP_A.KEEP_ALIVE_ACK],
  ['tcp.analysis.duplicate_ack', TCP_A.DUPLICATE_ACK],
  ['tcp.analysis.zero_window_probe', TCP_A.ZERO_WINDOW_PROBE],
  ['tcp.analysis.zero_window', TCP_A.ZERO_WINDOW],
  ['tcp.analysis.zero_window_probe_ack', TCP_A.ZERO_WINDOW_PROBE_ACK],
];

export const ANALYSIS_FIELDS: readonly string[] = [
  'tcp.stream', 'tcp.seq', 'tcp.ack', 'tcp.nxtseq', 'tcp.window_size', 'tcp.window_size_scalefactor',
  'tcp.analysis', 'tcp.analysis.flags', ...FLAG_FIELDS.map(([f]) => f),
  'tcp.analysis.duplicate_ack_num', 'tcp.analysis.duplicate_ack_frame', 'tcp.analysis.acks_frame', 'tcp.analysis.ack_rtt',
  'tcp.analysis.initial_rtt', 'tcp.analysis.bytes_in_flight', 'tcp.analysis.push_bytes_sent', 'tcp.analysis.rto', 'tcp.analysis.rto_frame',
];

export interface ManifestRow {
  path: string;
  protocols: string;
  features: string;
  packets: number;
  wiresharkOk: boolean;
}

export function readManifest(root: string): ManifestRow[] {
  const lines = readFileSync(join(root, 'MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean);
  const head = lines[0].split('\t');
  const col = (name: string) => head.indexOf(name);
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return { path: c[col('path')], protocols: c[col('protocols')], features: c[col('features')], packets: Number(c[col('packets')]), wiresharkOk: c[col('wireshark_4.0_read')] === 'ok' };
  });
}

/** Every packet of a capture, gzip or not. */
export function readPackets(path: string): TestPacket[] {
  if (!path.endsWith('.gz')) return readCapture(path).packets;
  const dir = mkdtempSync(join(tmpdir(), 'trawl-tcp-'));
  try {
    const plain = join(dir, 'capture');
    writeFileSync(plain, gunzipSync(readFileSync(path)));
    return readCapture(plain).packets.map((p) => ({ ...p, bytes: p.bytes.slice() }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function flowPacketsOf(packets: readonly TestPacket[]): FlowPacket[] {
  return packets.map((p) => flowPacketOf(p.bytes, { number: p.number, sec: p.tsSec, nsec: p.tsNsec, origlen: p.origlen, linkType: p.iface.linkType }));
}

/**
 * Runs the analyzer over a capture's FlowPackets with tshark's stream of each packet (`streams[i]`: the
 * `tcp.stream` text of packet i+1; packets with none or several are left out) and returns each packet's info.
 */
export function analyze(packets: readonly FlowPacket[], streams: readonly string[]): (TcpAnalysisInfo | undefined)[] {
  const analyzer = new TcpAnalyzer();
  return packets.map((p, i) => {
    const s = streams[i] ?? '';
    if (s === '' || s.includes(',')) return undefined;
    const tcp = p.tcp.find((h) => !h.inError);
    // The IP header the TCP header rides in: the last one before it outside an ICMP error.
    const ip = p.ips.filter((x) => !x.inError && x.payloadOffset <= (tcp?.headerOffset ?? -1)).pop();
    if (tcp === undefined || ip === undefined) return undefined;
    return analyzer.add({ number: p.number, sec: p.sec, nsec: p.nsec, stream: Number(s), src: ip.src, dst: ip.dst, tcp });
  });
}

/** Nanoseconds as Wireshark prints a relative time in -T fields (seconds with nine decimals). */
export function secondsText(ns: number): string {
  const sign = ns < 0 ? '-' : '';
  const a = Math.abs(ns);
  return `${sign}${Math.floor(a / 1e9)}.${String(a % 1e9).padStart(9, '0')}`;
}

/** One packet's ANALYSIS_FIELDS cells, as tshark prints them. */
export function analysisCells(info: TcpAnalysisInfo | undefined, stream: string, syn: boolean): string[] {
  if (info === undefined) return ANALYSIS_FIELDS.map(() => '');
  const a = info.present;
  const flagged = a && info.flags !== 0;
  const bif = a && info.bytesInFlight > 0;
  const retrans = flagged && (info.flags & TCP_A.RETRANSMISSION) !== 0 && info.rtoNs !== 0;
  return [
    stream,
    String(info.relSeq),
    String(info.relAck),
    String(info.nextSeq),
    String(info.window),
    syn ? '' : String(info.windowScale >= 0 ? 1 << info.windowScale : info.windowScale),
    a ? '1' : '',
    flagged ? '1' : '',
    ...FLAG_FIELDS.map(([, bit]) => (flagged && info.flags & bit ? (bit === TCP_A.DUPLICATE_ACK ? '1,1' : '1') : '')),
    flagged && info.dupAckNum ? String(info.dupAckNum) : '',
    flagged && info.dupAckNum ? String(info.dupAckFrame) : '',
    a && info.acksFrame ? String(info.acksFrame) : '',
    a && info.acksFrame && info.ackRttNs ? secondsText(info.ackRttNs) : '',
    a && info.initialRttNs ? secondsText(info.initialRttNs) : '',
    bif ? String(info.bytesInFlight) : '',
    bif ? String(info.pushBytesSent) : '',
    retrans ? secondsText(info.rtoNs) : '',
    retrans ? String(info.rtoFrame) : '',
  ];
}
