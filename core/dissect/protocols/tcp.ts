/**
 * Transmission Control Protocol (RFC 9293). Wireshark: packet-tcp.c. Header, flags, options, payload
 * length; dispatches on `tcp.port` (low port first).
 *
 * With the flow engine's analysis of the segment (`ctx.flowInfo.tcp`, core/flow/tcp-analysis.ts) it shows
 * what tshark shows by default: `tcp.stream`, relative sequence and acknowledgment numbers, the scaled
 * window, the `[SEQ/ACK analysis]` subtree and Info prefixes such as `[TCP Retransmission] `; a
 * retransmitted or out-of-order segment's payload is not handed on (tcp.no_subdissector_on_error). Without
 * it (before the flow pass, in unit tests) numbers are raw, as tshark run with
 * `-o tcp.relative_sequence_numbers:FALSE -o tcp.analyze_sequence_numbers:FALSE`.
 *
 * With the flow engine's desegmentation (`ctx.flowInfo.tcpPdu`, core/flow/tcp-pdu.ts; HTTP and TLS streams)
 * a segment of a PDU that a later packet completes shows `tcp.reassembled_in` and "[TCP segment of a
 * reassembled PDU]" and hands nothing on; the packet that completes it lists the segments and hands the
 * whole PDU on as a new byte source, "Reassembled TCP (N bytes)", as Wireshark does.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { continueAfter, continueOn } from '../dissect';
import type { TcpPduInfo } from '../flow-info-tcp-pdu';
import { movedEndpoints, type TcpHeaderFact } from '../flow-observer';
import { hex, hexBytes } from '../format';
import { defineProtocol } from '../protocol';
import { TCP_A, type TcpAnalysisInfo } from '../flow-info-tcp';
import { CHECKSUM_STATUS, CHECKSUM_UNVERIFIED } from './checksum-status';
import { addAnalysisTree, analysisInfoPrefix, scaleFactor, TCP_ANALYSIS_FIELDS } from './tcp-analysis';
import { dissectTcpOptions, TCP_OPTION_FIELDS } from './tcp-options';

/** Flag bits in Info order, as Wireshark's tcp_flags_to_str writes them. */
const FLAG_WORDS: readonly (readonly [number, string])[] = [
  [0x001, 'FIN'], [0x002, 'SYN'], [0x004, 'RST'], [0x008, 'PSH'], [0x010, 'ACK'], [0x020, 'URG'], [0x040, 'ECE'], [0x080, 'CWR'], [0x100, 'AE'],
];

/** Tree order (high bit first), with the field name and the word Wireshark's tree uses. */
const FLAG_FIELDS: readonly (readonly [string, number])[] = [
  ['tcp.flags.res', 0xe00], ['tcp.flags.ae', 0x100], ['tcp.flags.cwr', 0x080], ['tcp.flags.ece', 0x040], ['tcp.flags.urg', 0x020],
  ['tcp.flags.ack', 0x010], ['tcp.flags.push', 0x008], ['tcp.flags.reset', 0x004], ['tcp.flags.syn', 0x002], ['tcp.flags.fin', 0x001],
];

/** Wireshark's `··········S·` string (tcp.flags.str) for every value of the 12 flag bits. */
const FLAG_STRINGS: readonly string[] = Array.from({ length: 0x1000 }, (_, f) => flagString(f));

/** `[SYN, ACK]` for every value of the 12 flag bits (`[<None>]` for none): the Info text, looked up by value. */
const FLAG_INFO: readonly string[] = Array.from({ length: 0x1000 }, (_, f) => `[${flagWords(f) || '<None>'}]`);

const flag = (name: string, mask: number) => ({ name, type: 'bool' as const, mask, bitWidth: 12, offset: 12 });

export const tcp = defineProtocol({
  abbrev: 'tcp',
  name: 'Transmission Control Protocol',
  short: 'TCP',
  registersIn: [['ip.proto', 6]],
  ownsTables: ['tcp.port'],
  fields: {
    'tcp.srcport': { name: 'Source Port', type: 'uint16', offset: 0 },
    'tcp.dstport': { name: 'Destination Port', type: 'uint16', offset: 2 },
    'tcp.port': { name: 'Source or Destination Port', type: 'uint16' },
    'tcp.seq': { name: 'Sequence Number', type: 'uint32', offset: 4, blurb: 'Raw sequence number (relative numbers need flow state)' },
    'tcp.seq_raw': { name: 'Sequence Number (raw)', type: 'uint32', offset: 4 },
    'tcp.nxtseq': { name: 'Next Sequence Number', type: 'uint32', blurb: 'Raw (relative numbers need flow state)' },
    'tcp.ack': { name: 'Acknowledgment Number', type: 'uint32', offset: 8, blurb: 'Raw acknowledgment number (relative numbers need flow state)' },
    'tcp.ack_raw': { name: 'Acknowledgment number (raw)', type: 'uint32', offset: 8 },
    'tcp.hdr_len': { name: 'Header Length', type: 'uint8', unit: ' bytes' },
    'tcp.flags': { name: 'Flags', type: 'uint16', base: 'hex', mask: 0x0fff, offset: 12 },
    'tcp.flags.res': flag('Reserved', 0xe00),
    'tcp.flags.ae': flag('Accurate ECN', 0x100),
    'tcp.flags.cwr': flag('Congestion Window Reduced', 0x080),
    'tcp.flags.ece': flag('ECN-Echo', 0x040),
    'tcp.flags.urg': flag('Urgent', 0x020),
    'tcp.flags.ack': flag('Acknowledgment', 0x010),
    'tcp.flags.push': flag('Push', 0x008),
    'tcp.flags.reset': flag('Reset', 0x004),
    'tcp.flags.syn': flag('Syn', 0x002),
    'tcp.flags.fin': flag('Fin', 0x001),
    'tcp.flags.str': { name: 'TCP Flags', type: 'string' },
    'tcp.window_size_value': { name: 'Window', type: 'uint16', offset: 14 },
    'tcp.checksum': { name: 'Checksum', type: 'uint16', base: 'hex', offset: 16 },
    'tcp.checksum.status': { name: 'Checksum Status', type: 'uint8', strings: CHECKSUM_STATUS },
    'tcp.urgent_pointer': { name: 'Urgent Pointer', type: 'uint16', offset: 18 },
    'tcp.len': { name: 'TCP Segment Len', type: 'uint32' },
    'tcp.payload': { name: 'TCP payload', type: 'bytes' },
    'tcp.reassembled_in': { name: 'Reassembled PDU in frame', type: 'uint32' },
    'tcp.segments': { name: 'Reassembled TCP Segments', type: 'none' },
    'tcp.segment': { name: 'TCP Segment', type: 'uint32' },
    'tcp.segment.count': { name: 'Segment count', type: 'uint32' },
    'tcp.reassembled.length': { name: 'Reassembled TCP length', type: 'uint32' },
    'tcp.reassembled.data': { name: 'Reassembled TCP Data', type: 'bytes' },
    ...TCP_OPTION_FIELDS,
    ...TCP_ANALYSIS_FIELDS,
  },
  dissect(view, ctx) {
    const sport = view.u16(0);
    const dport = view.u16(2);
    const t = ctx.layer;
    // What Info shows when the header is cut before the rest of the reads below (all within 20 bytes).
    if (view.length < 20) ctx.cols.info = `${sport} → ${dport}`;
    const hl = (view.u8(12) >> 4) * 4;
    const seq = view.u32(4);
    const ack = view.u32(8);
    const flags = view.u16(12) & 0x0fff;
    const win = view.u16(14);
    const reported = ctx.facts.ipPayloadLength >= 0 ? Math.min(ctx.facts.ipPayloadLength, view.reportedLength) : view.reportedLength;
    const len = Math.max(0, reported - hl);
    const fi = ctx.flowInfo;
    // The analysis is of one TCP header of the frame; a header in an ICMP error or a tunnel shows none.
    const a = fi?.tcp !== undefined && fi.tcp.headerOffset === view.start ? fi.tcp : undefined;
    const firstTcp = ctx.facts.tcpLayers++ === 0;
    const stream = a !== undefined || (fi?.tcp === undefined && firstTcp) ? fi?.tcpStream : undefined;
    const shownSeq = a?.relSeq ?? seq;
    const shownAck = a?.relAck ?? ack;
    let info =
      flags & 0x010
        ? `${sport} → ${dport} ${FLAG_INFO[flags]} Seq=${shownSeq} Ack=${shownAck} Win=${a?.window ?? win}`
        : `${sport} → ${dport} ${FLAG_INFO[flags]} Seq=${shownSeq} Win=${a?.window ?? win}`;
    if (a !== undefined) {
      const prefix = analysisInfoPrefix(a);
      info = prefix + info;
      // Layers above keep it in front of what they write (e.g. `[TCP Previous segment not captured] , Application Data`).
      if (prefix !== '') ctx.fenceInfo(prefix);
    }
    if (hl < 20) return bogusHeaderLength(view, ctx, info, hl, len);
    if (flags & 0x020) info += ` Urg=${view.u16(18)}`;
    // A header longer than the IP payload: Wireshark warns and stops at the first header byte missing.
    const short = hl > reported;
    if (!short) info += ` Len=${len}`;

    if (ctx.building) {
      // Labels only for a tree: the field path drops them (ctx.labels), so their formatting is skipped there.
      const labels = ctx.labels;
      t.setLabel(`Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}, Seq: ${shownSeq}${flags & 0x010 ? `, Ack: ${shownAck}` : ''}, Len: ${len}`);
      addPorts(t, sport, dport);
      if (stream !== undefined) t.add('tcp.stream', 0, 0, stream, labels ? `[Stream index: ${stream}]` : undefined);
      t.add('tcp.len', 0, 0, len, labels ? `[TCP Segment Len: ${len}]` : undefined);
      addNumbers(t, seq, ack, flags, len, a, labels);
      t.add('tcp.hdr_len', 12, 1, hl, labels ? `${(hl / 4).toString(2).padStart(4, '0')} .... = Header Length: ${hl} bytes (${hl / 4})` : undefined);
      const f = t.add('tcp.flags', 12, 2, flags, labels ? `Flags: ${hex(flags, 3)} (${flagWords(flags) || '<None>'})` : undefined);
      for (const [name, mask] of FLAG_FIELDS) f.add(name, 12, 2, (flags & mask) !== 0, undefined, flags);
      const str = FLAG_STRINGS[flags];
      f.add('tcp.flags.str', 12, 2, str, labels ? `[TCP Flags: ${str}]` : undefined);
      t.add('tcp.window_size_value', 14, 2, win);
      if (a !== undefined) addWindow(t, flags, a, labels);
      const checksum = view.u16(16);
      // Wireshark does not verify TCP checksums by default (tcp.check_checksum: FALSE): offloading makes
      // most captured outbound segments look bad.
      t.add('tcp.checksum', 16, 2, checksum, labels ? `Checksum: ${hex(checksum, 4)} [unverified]` : undefined);
      t.add('tcp.checksum.status', 16, 0, CHECKSUM_UNVERIFIED, '[Checksum Status: Unverified]');
      t.add('tcp.urgent_pointer', 18, 2, view.u16(18));
    }
    ctx.cols.info = info;
    if (short) {
      ctx.expert('warn', 'Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or someone else deliberately sending unusual packets)', 0, reported);
      view.check(0, hl);
    }
    const fact = ctx.flow === undefined ? undefined : tcpFact(view, ctx, { sport, dport, seq, ack, flags, win, hl, len });
    if (fact !== undefined) ctx.flow?.tcp(fact);
    if (hl > 20) dissectTcpOptions(view, ctx, hl, fact);
    if (a !== undefined && ctx.building) addAnalysisTree(t, a, ctx.labels);
    if (ctx.building && len > 0 && view.length > hl) {
      const payload = view.bytes.subarray(view.start + hl, view.start + Math.min(hl + len, view.length));
      t.add('tcp.payload', hl, Math.max(0, Math.min(len, view.length - hl)), payload, ctx.labels ? `TCP payload (${len} byte${len === 1 ? '' : 's'})` : undefined);
    }
    // Before the check below: an out-of-order segment can be part of a PDU (a retransmission never is).
    const pdu = firstTcp && !ctx.facts.inErrorPacket ? fi?.tcpPdu : undefined;
    if (pdu !== undefined && desegmented(view, ctx, hl, len, pdu)) return hl;
    if (a !== undefined && len > 0 && a.flags & (TCP_A.RETRANSMISSION | TCP_A.OUT_OF_ORDER | TCP_A.SPURIOUS_RETRANSMISSION)) return resentPayload(view, ctx, hl, len, a);
    ctx.setPayloadLength(len);
    ctx.facts.transport = 6;
    ctx.facts.srcPort = sport;
    ctx.facts.dstPort = dport;
    // A keep-alive's byte is garbage: data, whatever the ports say.
    if (a !== undefined && a.flags & TCP_A.KEEP_ALIVE) ctx.handoffTo('data');
    else handPayloadOn(ctx, sport, dport, firstTcp ? fi?.tcpConversation : undefined);
    return hl;
  },
});

/** Sequence, next sequence and acknowledgment numbers: relative with the flow's analysis, raw without. */
function addNumbers(t: Item, seq: number, ack: number, flags: number, len: number, a: TcpAnalysisInfo | undefined, labels: boolean): void {
  const rel = a !== undefined ? '    (relative sequence number)' : '';
  const shownSeq = a?.relSeq ?? seq;
  t.add('tcp.seq', 4, 4, shownSeq, labels ? `Sequence Number: ${shownSeq}${rel}` : undefined);
  t.add('tcp.seq_raw', 4, 4, seq);
  const nxtseq = a?.nextSeq ?? (seq + len + (flags & 0x003 ? 1 : 0)) >>> 0;
  t.add('tcp.nxtseq', 0, 0, nxtseq, labels ? `[Next Sequence Number: ${nxtseq}${rel}]` : undefined);
  const shownAck = a?.relAck ?? ack;
  const ackLabel = labels ? `Acknowledgment Number: ${shownAck}${a !== undefined && flags & 0x010 ? '    (relative ack number)' : ''}` : undefined;
  const item = t.add('tcp.ack', 8, 4, shownAck, ackLabel);
  if (!(flags & 0x010) && ack !== 0) item.expert('note', 'The acknowledgment number field is nonzero while the ACK flag is not set');
  t.add('tcp.ack_raw', 8, 4, ack);
}

/** The window as scaled by the direction's Window Scale option; a SYN's is never scaled and shows no factor. */
function addWindow(t: Item, flags: number, a: TcpAnalysisInfo, labels: boolean): void {
  t.add('tcp.window_size', 14, 2, a.window, labels ? `[Calculated window size: ${a.window}]` : undefined);
  if (flags & 0x002) return;
  const factor = scaleFactor(a.windowScale);
  const why = factor === -1 ? ' (unknown)' : factor === -2 ? ' (no window scaling used)' : '';
  t.add('tcp.window_size_scalefactor', 14, 2, factor, labels ? `[Window size scaling factor: ${factor}${why}]` : undefined);
}

/**
 * A retransmitted, spurious or out-of-order segment: tshark does not hand its payload on
 * (tcp.no_subdissector_on_error); a retransmission's captured payload shows as segment data.
 */
function resentPayload(view: ByteView, ctx: DissectContext, hl: number, len: number, a: TcpAnalysisInfo): number {
  if (ctx.building && a.flags & TCP_A.RETRANSMISSION && view.length >= hl + len) {
    ctx.layer.add('tcp.segment_data', hl, len, view.bytes.subarray(view.start + hl, view.start + hl + len), `Retransmitted TCP segment data (${len} byte${len === 1 ? '' : 's'})`);
  }
  ctx.setPayloadLength(0);
  ctx.facts.transport = 6;
  ctx.facts.srcPort = view.u16(0);
  ctx.facts.dstPort = view.u16(2);
  return hl;
}

/**
 * The segment as part of a multi-segment PDU. The packet that completes one (and whose PDU bytes were put
 * together) continues on them; a segment of a PDU completed later hands nothing on. True when handled;
 * false leaves the payload to the port's dissector as before (a completing packet whose bytes are missing).
 */
function desegmented(view: ByteView, ctx: DissectContext, hl: number, len: number, info: TcpPduInfo): boolean {
  const t = ctx.layer;
  const captured = Math.max(0, Math.min(len, view.length - hl));
  const sport = view.u16(0);
  const dport = view.u16(2);
  const p = info.pdu;
  if (p === undefined && info.startsAt === undefined) return false;
  if (p !== undefined && p.bytes === undefined) return false;
  if (ctx.building) {
    if (info.reassembledIn !== undefined) t.add('tcp.reassembled_in', 0, 0, info.reassembledIn, ctx.labels ? `[Reassembled PDU in frame: ${info.reassembledIn}]` : undefined);
    if (captured > 0) t.add('tcp.segment_data', hl, captured, view.bytes.subarray(view.start + hl, view.start + hl + captured), ctx.labels ? `TCP segment data (${len} byte${len === 1 ? '' : 's'})` : undefined);
  }
  ctx.facts.transport = 6;
  ctx.facts.srcPort = sport;
  ctx.facts.dstPort = dport;
  if (p?.bytes === undefined) {
    // Whole PDUs before the one this segment starts are dissected from the segment, as Wireshark does.
    const before = Math.min(info.startsAt ?? 0, len);
    if (before === 0) {
      ctx.cols.info += ' [TCP segment of a reassembled PDU]';
      ctx.setPayloadLength(0);
      return true;
    }
    ctx.setPayloadLength(before);
    handPayloadOn(ctx, sport, dport, ctx.flowInfo?.tcpConversation);
    return true;
  }
  const sw = continueOn(ctx, `Reassembled TCP (${p.length} bytes)`, p.bytes);
  if (sw === undefined) return false;
  if (ctx.building) showSegments(sw.layer, p.segments, p.bytes, ctx.labels);
  handPayloadOn(ctx, sport, dport, ctx.flowInfo?.tcpConversation);
  // Whole PDUs after this one in the segment (up to where the next PDU starts) are dissected from the frame.
  const wholeEnd = Math.min(info.startsAt ?? len, captured);
  if (p.end !== undefined && p.end < wholeEnd) continueAfter(ctx, view.sub(hl + p.end, wholeEnd - p.end));
  return true;
}

/**
 * The payload goes to the protocol a heuristic gave the stream (Wireshark's conversation dissector), else
 * by port (lower port first), else to the heuristics.
 */
function handPayloadOn(ctx: DissectContext, sport: number, dport: number, conversation: 'http' | 'tls' | undefined): void {
  if (conversation !== undefined) ctx.handoffTo(conversation);
  else ctx.handoff('tcp.port', Math.min(sport, dport), Math.max(sport, dport));
}

/** Bytes of the reassembled data shown in its label, as Wireshark abbreviates them. */
const PDU_BYTES_SHOWN = 36;

/** Wireshark's segment list over the reassembled bytes (offsets from their start). */
function showSegments(layer: Item, segments: NonNullable<TcpPduInfo['pdu']>['segments'], bytes: Uint8Array, labels: boolean): void {
  const len = bytes.length;
  const list = segments.map((x) => `#${x.number}(${x.length})`).join(', ');
  const top = layer.add('tcp.segments', 0, len, '', labels ? `[${segments.length} Reassembled TCP Segments (${len} bytes): ${list}]` : undefined);
  for (const x of segments) {
    const label = x.length === 0 ? `[Frame: ${x.number} (no data)]` : `[Frame: ${x.number}, payload: ${x.offset}-${x.offset + x.length - 1} (${x.length} byte${x.length === 1 ? '' : 's'})]`;
    top.add('tcp.segment', x.offset, x.length, x.number, labels ? label : undefined);
  }
  top.add('tcp.segment.count', 0, 0, segments.length, labels ? `[Segment count: ${segments.length}]` : undefined);
  top.add('tcp.reassembled.length', 0, 0, len, labels ? `[Reassembled TCP length: ${len}]` : undefined);
  const shown = labels ? hexBytes(bytes, 0, Math.min(len, PDU_BYTES_SHOWN)) + (len > PDU_BYTES_SHOWN ? '…' : '') : '';
  top.add('tcp.reassembled.data', 0, len, bytes, labels ? `[Reassembled TCP Data: ${shown}]` : undefined);
}

/** What the flow engine hears of this header (options are filled in as they are read). */
function tcpFact(
  view: ByteView,
  ctx: DissectContext,
  h: { sport: number; dport: number; seq: number; ack: number; flags: number; win: number; hl: number; len: number },
): TcpHeaderFact {
  return {
    srcPort: h.sport,
    dstPort: h.dport,
    seq: h.seq,
    ack: h.ack,
    flags: h.flags,
    window: h.win,
    headerLength: h.hl,
    headerOffset: view.start,
    payloadOffset: view.start + h.hl,
    payloadLength: h.len,
    capturedLength: Math.max(0, Math.min(h.len, view.length - h.hl)),
    mss: -1,
    windowScale: -1,
    sackPermitted: false,
    sack: [],
    tsval: -1,
    tsecr: -1,
    inError: ctx.facts.inErrorPacket,
    endpoints: movedEndpoints(ctx),
  };
}

/** Wireshark's tcp_flags_to_str: the set flags' words, low bit first. */
function flagWords(flags: number): string {
  let words = '';
  for (const [bit, word] of FLAG_WORDS) if (flags & bit) words += words ? `, ${word}` : word;
  if (flags & 0xe00) words += words ? ', Reserved' : 'Reserved';
  return words;
}

/** A data offset under 5 words: Wireshark shows the ports, length, sequence number and header length, then stops. */
function bogusHeaderLength(view: ByteView, ctx: DissectContext, info: string, hl: number, len: number): number {
  const why = `(${hl}, must be at least 20)`;
  ctx.cols.info = `${info}, bogus TCP header length ${why}`;
  if (ctx.building) {
    const t = ctx.layer;
    t.setLabel(`Transmission Control Protocol, Src Port: ${view.u16(0)}, Dst Port: ${view.u16(2)}, Seq: ${view.u32(4)}`);
    addPorts(t, view.u16(0), view.u16(2));
    t.add('tcp.len', 0, 0, len, `[TCP Segment Len: ${len}]`);
    t.add('tcp.seq', 4, 4, view.u32(4));
    t.add('tcp.hdr_len', 12, 1, hl, `${(hl / 4).toString(2).padStart(4, '0')} .... = Header Length: ${hl} bytes (${hl / 4})`).expert('error', `Bogus TCP header length ${why}`);
  }
  // Nothing after the header is dissected, not even as data.
  ctx.setPayloadLength(0);
  return 13;
}

/** Source and destination port, each followed by the hidden `tcp.port` (as Wireshark). */
function addPorts(t: Item, sport: number, dport: number): void {
  t.add('tcp.srcport', 0, 2, sport);
  t.hidden('tcp.port', 0, 2, sport);
  t.add('tcp.dstport', 2, 2, dport);
  t.hidden('tcp.port', 2, 2, dport);
}

/** Wireshark's `··········S·` string: one character per bit of the 12, a dot when clear. */
function flagString(flags: number): string {
  const letters = 'RRRACEUAPRSF';
  let s = '';
  for (let i = 11; i >= 0; i--) s += flags & (1 << i) ? letters[11 - i] : '·';
  return s;
}
