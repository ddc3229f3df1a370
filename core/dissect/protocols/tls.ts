/**
 * Transport Layer Security (RFC 8446, 5246) over TCP. Wireshark: packet-tls.c. The records of one segment
 * (content type, version, length) with their Change Cipher Spec, Alert, Handshake and Application Data
 * messages; handshake messages in tls-handshake.ts.
 *
 * Each segment is dissected alone: a record that continues in a later segment shows as far as it was
 * captured (Wireshark reassembles it first), a segment that starts inside a record is "Continuation Data",
 * and a handshake record after Change Cipher Spec is told from a clear one by its shape alone
 * ("Encrypted Handshake Message" when the type and length do not fit).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { defineProtocol } from '../protocol';
import { dissectHandshakes, TLS_HANDSHAKE_FIELDS } from './tls-handshake';
import { TLS_ALERT_DESCRIPTIONS, TLS_ALERT_LEVELS, TLS_CONTENT_TYPES, TLS_VERSIONS, tlsVersionColumn } from './tls-names';

/** TCP ports Wireshark 4.0 hands to TLS by default (https, smtps, nntps, ldaps, ftps, telnets, imaps, pop3s, sip-tls …). */
export const TLS_TCP_PORTS: readonly number[] = [443, 465, 563, 636, 989, 990, 992, 993, 994, 995, 5061];

/** Heartbeat message types (RFC 6520). */
const HEARTBEAT_TYPES: Readonly<Record<number, string>> = { 1: 'Request', 2: 'Response' };

/** The largest record TLS allows (2^14 plus expansion), as Wireshark's heuristic bounds it. */
const MAX_RECORD = 16384 + 2048;

/** Whether a record header (content type, version 3.x, length) starts at `rel`. */
export function looksLikeTlsRecord(view: ByteView, rel: number): boolean {
  return view.has(rel, 5) && startsTlsRecord(view.bytes, view.start + rel, 5);
}

/**
 * The version a Server Hello at the start of `available` bytes at `at` negotiates (its supported_versions
 * extension, else its own version), or 0 when the bytes do not start with a handshake record whose first
 * message is a Server Hello. The flow engine reads it from each TCP payload to know each session's version.
 */
export function serverHelloVersionAt(b: Uint8Array, at: number, available: number): number {
  const end = Math.min(b.length, at + available);
  if (!startsTlsRecord(b, at, available) || b[at] !== 22 || end - at < 11 || b[at + 5] !== 2) return 0;
  let p = at + 9;
  const hello = Math.min(end, p + ((b[at + 6] << 16) | (b[at + 7] << 8) | b[at + 8]));
  const legacy = (b[p] << 8) | b[p + 1];
  p += 2 + 32;
  if (p >= hello) return legacy;
  p += 1 + b[p] + 3; // session id, cipher suite, compression method
  if (p + 2 > hello) return legacy;
  const extensions = Math.min(hello, p + 2 + ((b[p] << 8) | b[p + 1]));
  for (p += 2; p + 4 <= extensions; ) {
    const type = (b[p] << 8) | b[p + 1];
    const len = (b[p + 2] << 8) | b[p + 3];
    if (type === 43 && len === 2 && p + 6 <= extensions) return (b[p + 4] << 8) | b[p + 5];
    p += 4 + len;
  }
  return legacy;
}

/** The same test on raw bytes: `available` captured bytes at `at` of `b` (the flow pass reads payloads so). */
export function startsTlsRecord(b: Uint8Array, at: number, available: number): boolean {
  if (available < 5 || at + 5 > b.length) return false;
  const len = (b[at + 3] << 8) | b[at + 4];
  return b[at] >= 20 && b[at] <= 24 && b[at + 1] === 3 && b[at + 2] <= 4 && len > 0 && len <= MAX_RECORD;
}

export const tls = defineProtocol({
  abbrev: 'tls',
  name: 'Transport Layer Security',
  short: 'TLS',
  registersIn: TLS_TCP_PORTS.map((p) => ['tcp.port', p] as const),
  heuristicIn: ['tcp.port'],
  heuristic: (view) => looksLikeTlsRecord(view, 0),
  // Wireshark appends each record's name with col_append_sep_str: after TCP's fenced prefix that puts ", " first.
  infoSeparator: ', ',
  fields: {
    'tls.record': { name: 'Record Layer', type: 'none' },
    'tls.record.content_type': { name: 'Content Type', type: 'uint8', strings: TLS_CONTENT_TYPES },
    'tls.record.opaque_type': { name: 'Opaque Type', type: 'uint8', strings: TLS_CONTENT_TYPES },
    'tls.record.version': { name: 'Version', type: 'uint16', base: 'hex', strings: TLS_VERSIONS },
    'tls.record.length': { name: 'Length', type: 'uint16' },
    'tls.change_cipher_spec': { name: 'Change Cipher Spec Message', type: 'none' },
    'tls.alert_message': { name: 'Alert Message', type: 'none' },
    'tls.alert_message.level': { name: 'Level', type: 'uint8', strings: TLS_ALERT_LEVELS },
    'tls.alert_message.desc': { name: 'Description', type: 'uint8', strings: TLS_ALERT_DESCRIPTIONS },
    'tls.app_data': { name: 'Encrypted Application Data', type: 'bytes' },
    'tls.continuation_data': { name: 'Continuation Data', type: 'bytes' },
    ...TLS_HANDSHAKE_FIELDS,
  },
  dissect(view, ctx) {
    if (!looksLikeTlsRecord(view, 0)) {
      ctx.cols.info = 'Continuation Data';
      if (ctx.building) {
        ctx.layer.setLabel('Transport Layer Security');
        ctx.layer.add('tls.continuation_data', 0, view.length, view.slice(0, view.length), `Continuation Data`);
      }
      return view.length;
    }
    const words: string[] = [];
    let column = 'TLS';
    let at = 0;
    while (at < view.length && looksLikeTlsRecord(view, at)) {
      const r = dissectRecord(view, ctx, at, words);
      column = r.column;
      at += 5 + r.length;
    }
    ctx.cols.protocol = column;
    ctx.cols.info = words.join(', ');
    if (at < view.length && ctx.building) {
      ctx.layer.add('tls.continuation_data', at, view.length - at, view.slice(at, view.length - at), 'Continuation Data');
    }
    return Math.min(at, view.length);
  },
});

function dissectRecord(view: ByteView, ctx: DissectContext, at: number, words: string[]): { length: number; column: string } {
  const type = view.u8(at);
  const version = view.u16(at + 1);
  const length = view.u16(at + 3);
  const have = Math.max(0, Math.min(length, view.length - at - 5));
  const body = view.sub(at + 5, length);
  // The session's version (its Server Hello's, which the flow engine finds) names the records, as tshark -2 shows them.
  const session = ctx.flowInfo?.tlsVersion;
  let column = tlsVersionColumn(session ?? version);
  const versionText = column === 'TLS' ? 'TLS' : column;
  const rec = ctx.layer.add('tls.record', at, 5 + have, '', `${versionText} Record Layer`);
  // TLS 1.3 hides the real content type: Wireshark calls the outer one the opaque type there.
  rec.add(session === 0x0304 && type === 23 ? 'tls.record.opaque_type' : 'tls.record.content_type', at, 1, type);
  rec.add('tls.record.version', at + 1, 2, version);
  rec.add('tls.record.length', at + 3, 2, length);
  let what: string;
  switch (type) {
    case 20:
      what = 'Change Cipher Spec';
      rec.add('tls.change_cipher_spec', at + 5, Math.min(1, have), '', 'Change Cipher Spec Message');
      rec.setLabel(`${versionText} Record Layer: Change Cipher Spec Protocol: Change Cipher Spec`);
      words.push(what);
      break;
    case 21: {
      if (length === 2 && have === 2) {
        const level = body.u8(0);
        const desc = body.u8(1);
        what = `Alert (Level: ${TLS_ALERT_LEVELS[level] ?? 'Unknown'}, Description: ${TLS_ALERT_DESCRIPTIONS[desc] ?? 'Unknown'})`;
        const a = rec.add('tls.alert_message', at + 5, 2, '', 'Alert Message');
        a.add('tls.alert_message.level', at + 5, 1, level);
        a.add('tls.alert_message.desc', at + 6, 1, desc);
      } else {
        what = 'Encrypted Alert';
        rec.text('Alert Message: Encrypted Alert', at + 5, have);
      }
      rec.setLabel(`${versionText} Record Layer: ${what}`);
      words.push(what);
      break;
    }
    case 22: {
      const r = dissectHandshakes(body, ctx, rec, at + 5, have);
      if (r.version !== undefined) column = tlsVersionColumn(r.version);
      rec.setLabel(`${versionText} Record Layer: Handshake Protocol: ${r.words.length > 1 ? 'Multiple Handshake Messages' : r.words[0]}`);
      words.push(...r.words);
      break;
    }
    case 23:
      what = 'Application Data';
      rec.add('tls.app_data', at + 5, have, view.slice(at + 5, have), `Encrypted Application Data: ${have > 0 ? '…' : ''}`);
      rec.setLabel(`${versionText} Record Layer: Application Data Protocol: Application Data`);
      words.push(what);
      break;
    case 24: {
      // Wireshark knows from the session whether the record is encrypted (after the sender's Change Cipher
      // Spec). One record alone: a known message type means the clear (ciphertext starts with 1 or 2 one
      // time in 128); a lying payload length (Heartbleed) does not make it ciphertext.
      const hbType = have >= 3 ? HEARTBEAT_TYPES[body.u8(0)] : undefined;
      const plain = hbType !== undefined;
      what = plain ? `Heartbeat ${hbType}` : 'Encrypted Heartbeat';
      rec.setLabel(`${versionText} Record Layer: ${what}`);
      words.push(what);
      break;
    }
    default:
      what = TLS_CONTENT_TYPES[type] ?? 'Unknown';
      rec.setLabel(`${versionText} Record Layer: ${what} Protocol`);
      words.push(what);
  }
  if (have < length) ctx.expert('note', `Record continues in a later segment (${length - have} of ${length} bytes not in this one; TCP reassembly is not done yet)`, at, 5 + have);
  return { length, column };
}
