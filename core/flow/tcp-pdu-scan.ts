/**
 * Where an upper protocol's PDUs end in a TCP byte run, as Wireshark 4.0's dissectors tell its TCP
 * desegmenter (`pinfo->desegment_offset` / `desegment_len`) with the default preferences
 * (http.desegment_headers, http.desegment_body, tls.desegment_ssl_records all on). A scanner sees the bytes
 * Wireshark would hand the dissector (one segment's payload, or a reassembled run) and says where the first
 * PDU it could not finish starts and how many more bytes it wants; it never builds a tree.
 *
 * HTTP/1.x follows packet-http.c `dissect_http_tcp` / `dissect_http_message` and epan/req_resp_hdrs.c; TLS
 * follows packet-tls.c `dissect_ssl` / `dissect_ssl3_record` (record header, then the record's length).
 */
import { defaultRegistry } from '../dissect/index';
import { HTTP_METHODS, HTTP_TCP_PORTS, httpHeuristicAt } from '../dissect/protocols/http';
import { startsTlsRecord, TLS_TCP_PORTS } from '../dissect/protocols/tls';

/** The dissector wants the whole next segment (Wireshark's DESEGMENT_ONE_MORE_SEGMENT). */
export const ONE_MORE_SEGMENT = -1;
/** The dissector wants everything up to the direction's FIN (DESEGMENT_UNTIL_FIN). */
export const UNTIL_FIN = -2;

/** What a scan asks of TCP: `length` 0 = every PDU in the run is whole; else more bytes (or a marker above) for the PDU at `offset`. */
export interface Desegment {
  offset: number;
  length: number;
}

/** One TCP direction's view for a scanner: which side sent the bytes, and whether the segment carries FIN. */
export interface ScanContext {
  side: 0 | 1;
  fin: boolean;
}

export interface PduScanner {
  /** `data` is valid only during the call (the finder reuses its buffer): a scanner keeps nothing of it but values. */
  scan(data: Uint8Array, ctx: ScanContext): Desegment;
}

const DONE: Desegment = { offset: 0, length: 0 };

/**
 * tvb_find_line_end with desegment on: the end of the line starting at `from` and where the next starts, or
 * undefined when no end is in `data` (a CR as the last byte may be half of a CRLF, so it does not count).
 */
function lineEnd(data: Uint8Array, from: number): { end: number; next: number } | undefined {
  for (let i = from; i < data.length; i++) {
    const c = data[i];
    if (c === 0x0a) return { end: i, next: i + 1 };
    if (c === 0x0d) {
      if (i + 1 >= data.length) return undefined;
      return { end: i, next: data[i + 1] === 0x0a ? i + 2 : i + 1 };
    }
  }
  return undefined;
}

const latin1 = (data: Uint8Array, from: number, to: number): string => {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(data[i]);
  return s;
};

const isPrint = (c: number): boolean => c >= 0x20 && c < 0x7f;

/** ws_strtoi32 of a header value as req_resp_hdrs.c reads Content-Length: a whole non-negative 32-bit number, else none. */
function contentLength(value: string): number | undefined {
  const v = value.trim();
  if (!/^\+?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n <= 0x7fffffff ? n : undefined;
}

interface Headers {
  /** Offset just past the blank line that ends the headers. */
  end: number;
  contentLength?: number;
  chunked: boolean;
  /** The Upgrade header's value, lower case. */
  upgrade?: string;
}

/** The header block from the line after the start line; undefined when its end is not in `data`. */
function readHeaders(data: Uint8Array, from: number): Headers | undefined {
  let at = from;
  let length: number | undefined;
  let chunked = false;
  let upgrade: string | undefined;
  for (;;) {
    const line = lineEnd(data, at);
    if (line === undefined) return undefined;
    if (line.end === at) return { end: line.next, contentLength: length, chunked, upgrade };
    const first = data[at] | 0x20;
    if (first === 0x75) {
      const lower = latin1(data, at, line.end).toLowerCase();
      if (lower.startsWith('upgrade:')) upgrade = lower.slice(8).trim();
    } else if (first === 0x63 || first === 0x74) {
      const text = latin1(data, at, line.end);
      const lower = text.toLowerCase();
      if (lower.startsWith('content-length:')) {
        const n = contentLength(text.slice(15));
        if (n !== undefined) length = n;
      } else if (lower.startsWith('transfer-encoding:') && lower.slice(18).trimStart().startsWith('chunked')) {
        chunked = true;
      }
    }
    at = line.next;
  }
}

/** The end of a chunked body starting at `from` (past the last chunk's trailer line), or undefined when it goes on past `data`. */
function chunkedEnd(data: Uint8Array, from: number): number | 'bad' | undefined {
  let at = from;
  for (;;) {
    if (at >= data.length) return undefined;
    const line = lineEnd(data, at);
    if (line === undefined) return undefined;
    const sizeText = latin1(data, at, line.end).split(';')[0].trim();
    const m = /^[0-9a-fA-F]+/.exec(sizeText);
    if (m === null) return 'bad';
    const size = parseInt(m[0], 16);
    if (size > 2 ** 31) return 'bad';
    if (size === 0) {
      const trailer = lineEnd(data, line.next);
      return trailer === undefined ? undefined : trailer.next;
    }
    if (data.length - at <= size) return undefined;
    at = line.next + size + 2;
  }
}

type StartKind = { kind: 'request'; method: string } | { kind: 'response'; code: number };

/**
 * packet-http.c's is_http_request_or_reply, which is looser than the dissector's parse: any line starting
 * "HTTP/" (or "ICY") is a response, any line whose first word is a known method a request.
 */
function startKind(line: string): StartKind | undefined {
  const text = line.startsWith('M-') ? line.slice(2) : line;
  const sp = text.indexOf(' ');
  const word = sp < 0 ? text : text.slice(0, sp);
  if (text.startsWith('HTTP/') || word === 'ICY') {
    // parse_http_status_code: the three digits after the first space, 0 when there are none.
    const m = /^[^ ]* (\d{3})/.exec(text);
    return { kind: 'response', code: m === null ? 0 : Number(m[1]) };
  }
  return HTTP_METHODS.has(word) ? { kind: 'request', method: word } : undefined;
}

type MessageScan = { kind: 'whole'; length: number } | { kind: 'more'; desegment: Desegment } | { kind: 'stop' };

/**
 * HTTP/1.x over TCP. Remembers the last request method the stream sent (a response to HEAD has no body), as
 * packet-http.c's conversation data does.
 */
export class HttpPduScanner implements PduScanner {
  private lastMethod = '';
  /**
   * Set by a 101 Switching Protocols response: from the next segment on the stream is what it switched to
   * (packet-http.c's conv_data->upgrade, from the frame after): WebSocket frames, or anything else, which
   * Wireshark leaves alone.
   */
  private switched: 'websocket' | 'other' | undefined;
  private switching: 'websocket' | 'other' | undefined;
  private readonly websocket = new WebSocketPduScanner();

  scan(data: Uint8Array, ctx: ScanContext): Desegment {
    if (this.switching !== undefined) this.switched = this.switching;
    if (this.switched === 'websocket') return this.websocket.scan(data);
    if (this.switched === 'other') return DONE;
    let at = 0;
    while (at < data.length) {
      const r = this.message(data, at, ctx);
      if (r.kind === 'more') return r.desegment;
      if (r.kind === 'stop') return DONE;
      at += r.length;
    }
    return DONE;
  }

  /** One message from `from`, as dissect_http_message measures it. */
  private message(data: Uint8Array, from: number, ctx: ScanContext): MessageScan {
    let at = from;
    if (data.length - at > 3 && data[at] === 0x0d && data[at + 1] === 0x0a) at += 2;
    if (!isPrint(data[at])) return { kind: 'stop' };
    const first = lineEnd(data, at);
    if (first === undefined) return { kind: 'more', desegment: { offset: at, length: ONE_MORE_SEGMENT } };
    const start = startKind(latin1(data, at, first.end));
    if (start === undefined) return { kind: 'stop' };
    let body = !ctx.fin;
    if (start.kind === 'response') {
      const code = start.code;
      const method = this.lastMethod;
      if (method === 'HEAD' || (Math.floor(code / 100) === 2 && (method === 'CONNECT' || method === 'SSTP_DUPLEX_POST')) || Math.floor(code / 100) === 1 || code === 204 || code === 304) {
        body = false;
      }
    }
    const headers = readHeaders(data, first.next);
    if (headers === undefined) return { kind: 'more', desegment: { offset: at, length: ONE_MORE_SEGMENT } };
    const rest = data.length - headers.end;
    let bodyLength: number;
    if (headers.chunked) {
      const end = body ? chunkedEnd(data, headers.end) : 'bad';
      if (end === undefined) return { kind: 'more', desegment: { offset: at, length: ONE_MORE_SEGMENT } };
      bodyLength = end === 'bad' ? rest : end - headers.end;
    } else if (headers.contentLength !== undefined) {
      if (body && rest < headers.contentLength) return { kind: 'more', desegment: { offset: at, length: headers.contentLength - rest } };
      bodyLength = Math.min(rest, headers.contentLength);
    } else if (start.kind === 'request') {
      bodyLength = 0;
    } else if (body) {
      return { kind: 'more', desegment: { offset: at, length: UNTIL_FIN } };
    } else {
      const code = start.code;
      bodyLength = Math.floor(code / 100) === 1 || code === 204 || code === 304 ? 0 : rest;
    }
    if (start.kind === 'request') this.lastMethod = start.method;
    if (start.kind === 'response' && start.code === 101) this.switching = headers.upgrade === 'websocket' ? 'websocket' : 'other';
    return { kind: 'whole', length: headers.end + bodyLength - from };
  }
}

/** Record content types packet-tls.c's ssl_looks_like_sslv3 accepts (Change Cipher Spec … Heartbeat). */
const isRecordType = (t: number): boolean => t >= 20 && t <= 24;
/** Record versions it accepts: SSL 3.0, TLS 1.0-1.2 (TLS 1.3 records say 1.2) and GM/T TLS 1.1. */
const isRecordVersion = (v: number): boolean => (v >= 0x0300 && v <= 0x0303) || v === 0x0101;

/** TLS records: a 5-byte header (type, version, length), then `length` bytes. */
export class TlsPduScanner implements PduScanner {
  scan(data: Uint8Array): Desegment {
    let at = 0;
    while (at < data.length) {
      if (data.length - at < 5) return { offset: at, length: ONE_MORE_SEGMENT };
      if (!isRecordType(data[at]) || !isRecordVersion((data[at + 1] << 8) | data[at + 2])) return DONE;
      const length = (data[at + 3] << 8) | data[at + 4];
      if (data.length - at < length + 5) return { offset: at, length: length + 5 - (data.length - at) };
      at += length + 5;
    }
    return DONE;
  }
}

/**
 * WebSocket frames (RFC 6455), as packet-websocket.c measures them for tcp_dissect_pdus: two bytes, a 16- or
 * 64-bit extended length (of which Wireshark keeps the low 32 bits), a 4-byte mask key when masked, then the
 * payload.
 */
export class WebSocketPduScanner implements PduScanner {
  scan(data: Uint8Array): Desegment {
    let at = 0;
    while (at < data.length) {
      const left = data.length - at;
      if (left < 2) return { offset: at, length: ONE_MORE_SEGMENT };
      let header = 2;
      let length = data[at + 1] & 0x7f;
      if (length === 126) {
        header += 2;
        if (left < 4) return { offset: at, length: ONE_MORE_SEGMENT };
        length = (data[at + 2] << 8) | data[at + 3];
      } else if (length === 127) {
        header += 8;
        if (left < 10) return { offset: at, length: ONE_MORE_SEGMENT };
        length = ((data[at + 6] << 24) | (data[at + 7] << 16) | (data[at + 8] << 8) | data[at + 9]) >>> 0;
      }
      if (data[at + 1] & 0x80) header += 4;
      const frame = header + length;
      if (left < frame) return { offset: at, length: frame - left };
      at += frame;
    }
    return DONE;
  }
}

/** The upper protocols whose PDUs are found. */
export type PduProtocol = 'http' | 'tls';

/**
 * Which protocol a TCP stream's payload goes to, as Wireshark's port tables decide by default: the lower
 * port is tried first, then the higher. Only HTTP's and TLS's ports count; a stream on neither may still be
 * made HTTP or TLS by a heuristic (PduStreamProtocols), else it is not desegmented (Wireshark would ask
 * other dissectors, which Trawl does not reassemble for).
 */
export function pduProtocolOf(portA: number, portB: number): PduProtocol | undefined {
  return protocolOfPort(Math.min(portA, portB)) ?? protocolOfPort(Math.max(portA, portB));
}

function protocolOfPort(port: number): PduProtocol | undefined {
  return HTTP_PORTS[port] === 1 ? 'http' : TLS_PORTS[port] === 1 ? 'tls' : undefined;
}

/** What a TCP payload starts like, by the heuristics below (FlowRecords' `tcp.payloadStart`). */
export const PAYLOAD_START = { none: 0, tls: 1, http: 2, httpRequest: 3 } as const;

/** The text protocols whose streams may continue as TLS (starttls.ts hands their TLS segments on). */
const STARTTLS_PROTOCOLS: ReadonlySet<string> = new Set(['smtp', 'pop', 'imap', 'ftp']);

/** 1 for each TCP port a Trawl dissector registers for (the registry's tcp.port table): no heuristic runs there. */
const CLAIMED_PORTS = ((): Uint8Array => {
  const claimed = new Uint8Array(65536);
  for (const port of defaultRegistry.tables.get('tcp.port')?.keys() ?? []) if (port >= 0 && port < 65536) claimed[port] = 1;
  return claimed;
})();

/**
 * 1 for each TCP port of a text protocol that can switch to TLS (STARTTLS in SMTP, POP, IMAP; AUTH TLS in
 * FTP: starttls.ts): there a segment that starts a TLS record makes the stream TLS, as the protocol's
 * STARTTLS exchange makes Wireshark's conversation TLS.
 */
const STARTTLS_PORTS = ((): Uint8Array => {
  const ports = new Uint8Array(65536);
  for (const [port, protocol] of defaultRegistry.tables.get('tcp.port') ?? []) if (STARTTLS_PROTOCOLS.has(protocol.abbrev) && port >= 0 && port < 65536) ports[port] = 1;
  return ports;
})();

/** Whether a Trawl dissector claims either port (then Wireshark's heuristics are not tried either). */
export function portsClaimed(portA: number, portB: number): boolean {
  return CLAIMED_PORTS[portA] === 1 || CLAIMED_PORTS[portB] === 1;
}

/**
 * The heuristic a TCP payload of `available` captured bytes at `at` between the two ports passes: TLS's
 * (tls.ts; on any port, since a Server Hello on a TLS port names its session too), else, where no
 * dissector claims a port, HTTP's (http.ts, which scans for the first line's end).
 */
export function payloadStartOf(b: Uint8Array, at: number, available: number, portA: number, portB: number): number {
  if (startsTlsRecord(b, at, available)) return PAYLOAD_START.tls;
  if (HTTP_PORTS[portA] === 1 || HTTP_PORTS[portB] === 1) return startsHttpRequest(b, at, available) ? PAYLOAD_START.httpRequest : PAYLOAD_START.none;
  return !portsClaimed(portA, portB) && httpHeuristicAt(b, at, available) ? PAYLOAD_START.http : PAYLOAD_START.none;
}

/** 1 for each of the given TCP ports (HTTP's, TLS's): looked up for every segment of the flow pass. */
function portSet(list: readonly number[]): Uint8Array {
  const ports = new Uint8Array(65536);
  for (const port of list) ports[port] = 1;
  return ports;
}

const HTTP_PORTS = portSet(HTTP_TCP_PORTS);
const TLS_PORTS = portSet(TLS_TCP_PORTS);

/** The longest method name looked for (HTTP_METHODS' longest is shorter). */
const MAX_METHOD = 24;

/** Whether the bytes start a request line: a known method, then a space (packet-http.c is_http_request_or_reply). */
function startsHttpRequest(b: Uint8Array, at: number, available: number): boolean {
  const end = Math.min(b.length, at + available, at + MAX_METHOD + 1);
  for (let i = at; i < end; i++) if (b[i] === 0x20) return i > at && HTTP_METHODS.has(latin1(b, at, i));
  return false;
}

/**
 * Which protocol each TCP stream is desegmented for, as its segments come in capture order: by port
 * (pduProtocolOf); else, on ports no Trawl dissector claims, the protocol whose heuristic the first
 * segment passes (payloadStartOf), from that segment on; on a STARTTLS port, TLS from the first segment
 * that starts a TLS record. That is Wireshark's heuristic TLS and HTTP,
 * which set the conversation's dissector: the stream's later segments in both directions go to it (and
 * are desegmented), and the dissectors are told so (PacketFlowInfo.tcpConversation).
 */
export class PduStreamProtocols {
  /** Per tcp.stream: the PAYLOAD_START code its heuristic gave it (0: none yet), and from which packet. */
  private kind = new Uint8Array(1024);
  private from = new Uint32Array(1024);
  /** Per tcp.stream: 1 once a segment on HTTP's ports started a request line. */
  private requests = new Uint8Array(1024);

  /**
   * The protocol of packet `number`, a segment of `stream` between the two ports, whose payload passes the
   * heuristic `payloadStart` (PAYLOAD_START); packets come in capture order.
   */
  protocolOf(number: number, stream: number, portA: number, portB: number, payloadStart: number): PduProtocol | undefined {
    const byPort = pduProtocolOf(portA, portB);
    if (payloadStart === PAYLOAD_START.httpRequest && stream >= 0) {
      if (stream >= this.kind.length) this.grow(stream + 1);
      this.requests[stream] = 1;
    }
    if (byPort !== undefined) return byPort;
    if (stream < 0) return undefined;
    // On a text protocol's port only TLS after STARTTLS counts; on other claimed ports nothing does.
    const starttls = STARTTLS_PORTS[portA] === 1 || STARTTLS_PORTS[portB] === 1;
    if (!starttls && portsClaimed(portA, portB)) return undefined;
    if (starttls && payloadStart !== PAYLOAD_START.tls && this.heuristicOf(stream) === undefined) return undefined;
    if (stream >= this.kind.length) this.grow(stream + 1);
    if (this.kind[stream] === PAYLOAD_START.none && payloadStart !== PAYLOAD_START.none) {
      this.kind[stream] = payloadStart;
      this.from[stream] = number;
    }
    return this.heuristicOf(stream);
  }

  /** The protocol a heuristic gave `stream` (from packet `fromPacket(stream)` on), if any. */
  heuristicOf(stream: number): PduProtocol | undefined {
    const k = stream >= 0 && stream < this.kind.length ? this.kind[stream] : PAYLOAD_START.none;
    return k === PAYLOAD_START.tls ? 'tls' : k === PAYLOAD_START.http ? 'http' : undefined;
  }

  /**
   * Whether `stream` carried an HTTP request (on HTTP's ports) or a heuristic made it HTTP: Wireshark's
   * have_seen_http, which tshark -2 knows for the whole stream. Only then is a segment that starts no
   * message HTTP's "Continuation"; otherwise it is not HTTP at all.
   */
  httpSeen(stream: number): boolean {
    return stream >= 0 && stream < this.kind.length && (this.requests[stream] === 1 || this.kind[stream] === PAYLOAD_START.http);
  }

  /** The packet whose payload first passed `stream`'s heuristic. */
  fromPacket(stream: number): number {
    return this.from[stream];
  }

  private grow(atLeast: number): void {
    const cap = Math.max(atLeast, 2 * this.kind.length);
    const kind = new Uint8Array(cap);
    kind.set(this.kind);
    const from = new Uint32Array(cap);
    from.set(this.from);
    const requests = new Uint8Array(cap);
    requests.set(this.requests);
    this.kind = kind;
    this.from = from;
    this.requests = requests;
  }
}

/** A fresh scanner for one stream. */
export function pduScannerFor(protocol: PduProtocol): PduScanner {
  return protocol === 'http' ? new HttpPduScanner() : new TlsPduScanner();
}
