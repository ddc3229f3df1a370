/**
 * Hypertext Transfer Protocol 1.x (RFC 9112). Wireshark: packet-http.c. The request or status line, the
 * header lines (known headers as fields of their own, every line also as the hidden
 * `http.request.line` / `http.response.line`), the end of the headers and the body, which goes to a media
 * layer by its Content-Type.
 *
 * On HTTP's ports, once the flow pass has run, tcp.ts hands over a message spread over several segments
 * whole (core/flow/tcp-pdu.ts). Otherwise (before the pass, other ports) each segment is dissected alone: a
 * segment that does not start a request or a response is "Continuation", as Wireshark shows it with
 * reassembly off, and a message spread over several segments shows only the part in the first.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { defineProtocol } from '../protocol';
import { HTTP_HEADER_FIELD_DEFS, HTTP_HEADER_FIELDS, HTTP_STATUS_TEXT } from './http-headers';
import { mediaFor, mediaType } from './media';
import { lineAt, textAt, utf8At } from './text-lines';

/** Wireshark's TCP port range for HTTP (4.0 default). */
export const HTTP_TCP_PORTS: readonly number[] = [80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869, 2710];

/** Request methods Wireshark recognises at the start of a segment (is_http_request_or_reply). */
export const HTTP_METHODS: ReadonlySet<string> = new Set([
  'GET', 'PUT', 'POST', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT', 'CHECKOUT',
  'CHECKIN', 'MERGE', 'MKACTIVITY', 'MKWORKSPACE', 'VERSION-CONTROL', 'BASELINE-CONTROL', 'LABEL',
  'UNCHECKOUT', 'UPDATE', 'ORDERPATCH', 'ACL', 'BIND', 'UNBIND', 'REBIND', 'POLL', 'BCOPY', 'BMOVE',
  'BDELETE', 'BPROPFIND', 'BPROPPATCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'M-SEARCH', 'MKCALENDAR',
  'PURGE', 'SSTP_DUPLEX_POST', 'RPC_CONNECT', 'RPC_IN_DATA', 'RPC_OUT_DATA', 'QUERY',
]);

type StartLine =
  | { kind: 'request'; method: string; uri: string; uriAt: number; version: string; versionAt: number }
  | { kind: 'response'; version: string; code: number; codeText: string; phrase: string; phraseAt: number };

/** Parse the first line: a request line with a known method, or a status line `HTTP/x.y NNN phrase`. */
export function parseStartLine(text: string): StartLine | undefined {
  if (/^HTTP\/\d\.\d /.test(text)) {
    const codeText = text.slice(9, 12);
    if (!/^\d{3}$/.test(codeText)) return undefined;
    const rest = text.slice(12);
    if (rest !== '' && rest[0] !== ' ') return undefined;
    return { kind: 'response', version: text.slice(0, 8), code: Number(codeText), codeText, phrase: rest.slice(1), phraseAt: 13 };
  }
  const sp = text.indexOf(' ');
  if (sp <= 0 || !HTTP_METHODS.has(text.slice(0, sp))) return undefined;
  const last = text.lastIndexOf(' ');
  const version = last > sp ? text.slice(last + 1) : '';
  if (!/^HTTP\/\d\.\d$/.test(version)) return undefined;
  return { kind: 'request', method: text.slice(0, sp), uri: text.slice(sp + 1, last), uriAt: sp + 1, version, versionAt: last + 1 };
}

export const http = defineProtocol({
  abbrev: 'http',
  name: 'Hypertext Transfer Protocol',
  short: 'HTTP',
  registersIn: HTTP_TCP_PORTS.map((p) => ['tcp.port', p] as const),
  heuristicIn: ['tcp.port'],
  heuristic: (view) => httpHeuristicAt(view.bytes, view.start, view.length),
  fields: {
    'http.request': { name: 'Request', type: 'bool', tfs: ['True', 'False'] },
    'http.response': { name: 'Response', type: 'bool', tfs: ['True', 'False'] },
    'http.request.method': { name: 'Request Method', type: 'string' },
    'http.request.uri': { name: 'Request URI', type: 'string' },
    'http.request.version': { name: 'Request Version', type: 'string' },
    'http.request.line': { name: 'Request line', type: 'string' },
    'http.request.full_uri': { name: 'Full request URI', type: 'string' },
    'http.response.version': { name: 'Response Version', type: 'string' },
    'http.response.code': { name: 'Status Code', type: 'uint16' },
    'http.response.code.desc': { name: 'Status Code Description', type: 'string' },
    'http.response.phrase': { name: 'Response Phrase', type: 'string' },
    'http.response.line': { name: 'Response line', type: 'string' },
    'http.file_data': { name: 'File Data', type: 'string' },
    ...HTTP_HEADER_FIELD_DEFS,
  },
  dissect(view, ctx) {
    const first = lineAt(view, 0);
    if (first === undefined) return 0;
    const start = parseStartLine(textAt(view, 0, first.length));
    if (start === undefined) {
      // Wireshark's HTTP takes such a segment only in a conversation that carried a request (have_seen_http):
      // the flow engine says so (as tshark -2 knows it); one packet alone is given the benefit of the doubt.
      const fi = ctx.flowInfo;
      if (fi?.tcpStream !== undefined && fi.httpSeen !== true && fi.tcpConversation === undefined) return 0;
      ctx.cols.info = 'Continuation';
      if (ctx.building) ctx.layer.add('http.file_data', 0, view.length, utf8At(view, 0, view.length), `File Data: ${view.length} bytes`);
      return view.length;
    }
    const firstText = textAt(view, 0, first.length);
    ctx.cols.info = `${firstText} `;
    const t = ctx.layer;
    const lineField = start.kind === 'request' ? 'http.request.line' : 'http.response.line';
    if (ctx.building) {
      const fl = t.text(`${firstText}\\r\\n`, 0, first.total);
      ctx.expert('chat', `${firstText}\\r\\n`, 0, first.total);
      if (start.kind === 'request') {
        fl.add('http.request.method', 0, start.method.length, start.method);
        fl.add('http.request.uri', start.uriAt, start.uri.length, start.uri);
        fl.add('http.request.version', start.versionAt, start.version.length, start.version);
      } else {
        fl.add('http.response.version', 0, 8, start.version);
        fl.add('http.response.code', 9, 3, start.code);
        const desc = HTTP_STATUS_TEXT[start.code];
        if (desc !== undefined) fl.add('http.response.code.desc', 9, 3, desc, `[Status Code Description: ${desc}]`);
        fl.add('http.response.phrase', start.phraseAt, Math.max(0, first.length - start.phraseAt), start.phrase);
      }
    }

    let at = first.total;
    let host: string | undefined;
    let contentType: string | undefined;
    let contentLength: bigint | undefined;
    let ended = false;
    for (let line = lineAt(view, at); line !== undefined; line = lineAt(view, at)) {
      if (line.length === 0 && line.terminated) {
        if (ctx.building) t.text(line.total === 2 ? '\\r\\n' : '\\n', at, line.total);
        at += line.total;
        ended = true;
        break;
      }
      const raw = textAt(view, at, line.length);
      const whole = line.terminated ? `${raw}${line.total - line.length === 2 ? '\r\n' : '\n'}` : raw;
      const colon = raw.indexOf(':');
      const name = colon > 0 ? raw.slice(0, colon).trim().toLowerCase() : '';
      const value = colon > 0 ? raw.slice(colon + 1).trim() : '';
      if (name === 'host') host = value;
      else if (name === 'content-type') contentType = value;
      else if (name === 'content-length' && /^\d+$/.test(value)) contentLength = BigInt(value);
      if (ctx.building) addHeader(ctx, name, value, whole, at, line.total, lineField);
      at += line.total;
    }

    if (ctx.building) {
      if (start.kind === 'request' && host !== undefined && start.uri.startsWith('/')) {
        t.add('http.request.full_uri', 0, 0, `http://${host}${start.uri}`, `[Full request URI: http://${host}${start.uri}]`);
      }
      t.hidden(start.kind === 'request' ? 'http.request' : 'http.response', 0, 0, true);
    }
    if (!ended) {
      ctx.expert('note', 'The end of the headers is in a later segment (TCP reassembly is not done yet)', 0, at);
      return at;
    }
    const remaining = view.reportedLength - at;
    const body = contentLength !== undefined ? Number(contentLength < BigInt(remaining) ? contentLength : BigInt(remaining)) : remaining;
    if (body <= 0) return at;
    if (ctx.building) {
      const shown = Math.min(body, view.length - at);
      t.add('http.file_data', at, shown, utf8At(view, at, shown), `File Data: ${body} bytes`);
    }
    ctx.setPayloadLength(body);
    const media = mediaFor(contentType);
    if (media !== 'data' && contentType !== undefined) ctx.cols.info += ` (${mediaType(contentType)})`;
    ctx.handoffTo(media);
    return at;
  },
});

function addHeader(ctx: DissectContext, name: string, value: string, whole: string, at: number, len: number, lineField: string): void {
  const t = ctx.layer;
  const shown = whole.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  const field = HTTP_HEADER_FIELDS[name];
  if (field !== undefined) {
    const item = t.add(field, at, len, value, shown);
    if (field === 'http.content_length_header' && /^\d+$/.test(value)) {
      item.add('http.content_length', at, len, BigInt(value), `[Content length: ${value}]`);
    } else if (field === 'http.content_length_header') {
      ctx.expert('warn', `Bad Content-Length value "${value}"`, at, len);
    } else if (field === 'http.cookie') {
      for (const pair of value.split(';')) {
        const p = pair.trim();
        if (p !== '') item.add('http.cookie_pair', at, len, p);
      }
    }
  } else {
    t.text(shown, at, len);
  }
  t.hidden(lineField, at, len, whole);
}

/**
 * Wireshark's heuristic for HTTP on a TCP port no dissector claims (packet-http.c dissect_http_heur_tcp):
 * the first line of the `available` bytes at `at` is terminated, is not 8 bytes long, and ends or starts
 * with "HTTP/1.1" in any case. A match makes the whole stream HTTP from that packet on (the flow engine
 * remembers it: core/flow/tcp-pdu-scan.ts PduStreamProtocols).
 */
export function httpHeuristicAt(b: Uint8Array, at: number, available: number): boolean {
  const end = Math.min(b.length, at + available);
  let lineLength = -1;
  for (let i = at; i < end; i++) {
    const c = b[i];
    if (c !== 0x0a && c !== 0x0d) continue;
    // A CR at the very end may be half of a CRLF whose LF is in the next segment: not a line yet.
    if (c === 0x0d && i + 1 === end) return false;
    lineLength = i - at;
    break;
  }
  // Shorter lines cannot hold the token (Wireshark's check of 8 bytes before a shorter line's end fails too).
  return lineLength > 8 && (isHttp11(b, at + lineLength - 8) || isHttp11(b, at));
}

/** "HTTP/1.1" at `at`, the letters in any case (the caller knows 8 bytes are there). */
function isHttp11(b: Uint8Array, at: number): boolean {
  return (
    (b[at] | 0x20) === 0x68 && (b[at + 1] | 0x20) === 0x74 && (b[at + 2] | 0x20) === 0x74 && (b[at + 3] | 0x20) === 0x70 &&
    b[at + 4] === 0x2f && b[at + 5] === 0x31 && b[at + 6] === 0x2e && b[at + 7] === 0x31
  );
}

/** Whether a view starts an HTTP message (for tests and other protocols' heuristics). */
export function startsHttpMessage(view: ByteView): boolean {
  const first = lineAt(view, 0);
  return first !== undefined && parseStartLine(textAt(view, 0, first.length)) !== undefined;
}
