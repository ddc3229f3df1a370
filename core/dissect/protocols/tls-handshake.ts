/**
 * TLS handshake messages (RFC 8446 §4, RFC 5246 §7.4): type and length, Client/Server Hello with their
 * extensions, the certificate list (tls-x509.ts names each certificate's subject and issuer). Wireshark:
 * packet-tls-utils.c (ssl_dissect_hnd_*).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDefs } from '../field';
import { hex, hexBytes } from '../format';
import { dissectCertificate } from './tls-x509';
import { TLS_EXTENSION_TYPES, TLS_HANDSHAKE_TYPES, TLS_VERSIONS } from './tls-names';
import { textAt } from './text-lines';

const u8 = (name: string) => ({ name, type: 'uint8' as const });
const u16 = (name: string) => ({ name, type: 'uint16' as const });
const u24 = (name: string) => ({ name, type: 'uint24' as const });

export const TLS_HANDSHAKE_FIELDS: FieldDefs = {
  'tls.handshake': { name: 'Handshake Protocol', type: 'none' },
  'tls.handshake.type': { name: 'Handshake Type', type: 'uint8', strings: TLS_HANDSHAKE_TYPES },
  'tls.handshake.length': u24('Length'),
  'tls.handshake.version': { name: 'Version', type: 'uint16', base: 'hex', strings: TLS_VERSIONS },
  'tls.handshake.random': { name: 'Random', type: 'bytes' },
  'tls.handshake.random_time': { name: 'GMT Unix Time', type: 'time' },
  'tls.handshake.random_bytes': { name: 'Random Bytes', type: 'bytes' },
  'tls.handshake.session_id_length': u16('Session ID Length'),
  'tls.handshake.session_id': { name: 'Session ID', type: 'bytes' },
  'tls.handshake.cipher_suites_length': u16('Cipher Suites Length'),
  'tls.handshake.ciphersuites': { name: 'Cipher Suites', type: 'none' },
  'tls.handshake.ciphersuite': { name: 'Cipher Suite', type: 'uint16', base: 'hex' },
  'tls.handshake.comp_methods_length': u8('Compression Methods Length'),
  'tls.handshake.comp_methods': { name: 'Compression Methods', type: 'none' },
  'tls.handshake.comp_method': { name: 'Compression Method', type: 'uint8', strings: { 0: 'null', 1: 'DEFLATE' } },
  'tls.handshake.extensions_length': u16('Extensions Length'),
  'tls.handshake.extension.type': { name: 'Type', type: 'uint16', strings: TLS_EXTENSION_TYPES },
  'tls.handshake.extension.len': u16('Length'),
  'tls.handshake.extension.data': { name: 'Data', type: 'bytes' },
  'tls.handshake.extensions_server_name_list_len': u16('Server Name list length'),
  'tls.handshake.extensions_server_name_type': { name: 'Server Name Type', type: 'uint8', strings: { 0: 'host_name' } },
  'tls.handshake.extensions_server_name_len': u16('Server Name length'),
  'tls.handshake.extensions_server_name': { name: 'Server Name', type: 'string' },
  'tls.handshake.extensions_alpn_len': u16('ALPN Extension Length'),
  'tls.handshake.extensions_alpn_list': { name: 'ALPN Protocol', type: 'none' },
  'tls.handshake.extensions_alpn_str_len': u8('ALPN string length'),
  'tls.handshake.extensions_alpn_str': { name: 'ALPN Next Protocol', type: 'string' },
  'tls.handshake.extensions.supported_versions_len': u8('Supported Versions length'),
  'tls.handshake.extensions.supported_version': { name: 'Supported Version', type: 'uint16', base: 'hex', strings: TLS_VERSIONS },
  'tls.handshake.certificates_length': u24('Certificates Length'),
  'tls.handshake.certificates': { name: 'Certificates', type: 'none' },
  'tls.handshake.certificate_length': u24('Certificate Length'),
  'tls.handshake.certificate': { name: 'Certificate', type: 'bytes' },
};

export interface HandshakeResult {
  /** Info words, one per message: `Client Hello`, `Encrypted Handshake Message`. */
  words: string[];
  /** The version a Server Hello negotiated (supported_versions first), for the Protocol column. */
  version: number | undefined;
}

/**
 * The handshake messages of one record body. `have` is how much of it was captured; `abs` is the record
 * body's offset in the TLS layer (tree offsets are relative to that layer).
 */
export function dissectHandshakes(body: ByteView, ctx: DissectContext, rec: Item, abs: number, have: number): HandshakeResult {
  const words: string[] = [];
  let version: number | undefined;
  if (!plausible(body, have)) {
    rec.add('tls.handshake', abs, have, '', 'Handshake Protocol: Encrypted Handshake Message');
    return { words: ['Encrypted Handshake Message'], version };
  }
  let at = 0;
  while (at + 4 <= body.reportedLength && at + 4 <= have) {
    const type = body.u8(at);
    const len = body.u24(at + 1);
    const name = TLS_HANDSHAKE_TYPES[type] ?? `Unknown (${type})`;
    words.push(name);
    const inSegment = Math.max(0, Math.min(len, have - at - 4));
    const hs = rec.add('tls.handshake', abs + at, 4 + inSegment, '', `Handshake Protocol: ${name}`);
    hs.add('tls.handshake.type', abs + at, 1, type);
    hs.add('tls.handshake.length', abs + at + 1, 3, len);
    const msg = body.sub(at + 4, len);
    if (inSegment === len) {
      if (type === 1 || type === 2) {
        const v = dissectHello(msg, ctx, hs, abs + at + 4, type === 2);
        if (type === 2) version = v;
      } else if (type === 11) {
        dissectCertificates(msg, ctx, hs, abs + at + 4);
      }
    }
    at += 4 + len;
  }
  return { words, version };
}

/** A clear handshake record: a known type whose lengths add up to the record (else it is encrypted). */
function plausible(body: ByteView, have: number): boolean {
  if (have < 4) return false;
  let at = 0;
  while (at + 4 <= have) {
    const type = body.u8(at);
    const len = body.u24(at + 1);
    if (TLS_HANDSHAKE_TYPES[type] === undefined || at + 4 + len > body.reportedLength) return false;
    at += 4 + len;
    if (at === body.reportedLength) return true;
  }
  // The record continues in the next segment: trust the first header if it is a known type.
  return at > 0;
}

/** Client Hello (`server` false) or Server Hello. Returns the version the hello carries (supported_versions wins). */
function dissectHello(m: ByteView, ctx: DissectContext, t: Item, abs: number, server: boolean): number {
  let version = m.u16(0);
  t.add('tls.handshake.version', abs, 2, version);
  const random = m.slice(2, 32);
  const r = t.add('tls.handshake.random', abs + 2, 32, random, `Random: ${hexBytes(random)}`);
  r.add('tls.handshake.random_time', abs + 2, 4, { sec: m.u32(2), nsec: 0 });
  r.add('tls.handshake.random_bytes', abs + 6, 28, m.slice(6, 28), `Random Bytes: ${hexBytes(m.slice(6, 28))}`);
  let at = 34;
  const sidLen = m.u8(at);
  t.add('tls.handshake.session_id_length', abs + at, 1, sidLen);
  if (sidLen > 0) t.add('tls.handshake.session_id', abs + at + 1, sidLen, m.slice(at + 1, sidLen), `Session ID: ${hexBytes(m.slice(at + 1, sidLen))}`);
  at += 1 + sidLen;
  if (server) {
    const suite = m.u16(at);
    t.add('tls.handshake.ciphersuite', abs + at, 2, suite, `Cipher Suite: ${hex(suite, 4)}`);
    const comp = m.u8(at + 2);
    t.add('tls.handshake.comp_method', abs + at + 2, 1, comp);
    at += 3;
  } else {
    const csLen = m.u16(at);
    t.add('tls.handshake.cipher_suites_length', abs + at, 2, csLen);
    const cs = t.add('tls.handshake.ciphersuites', abs + at + 2, csLen, '', `Cipher Suites (${csLen >> 1} suites)`);
    for (let i = 0; i + 2 <= csLen; i += 2) {
      const suite = m.u16(at + 2 + i);
      cs.add('tls.handshake.ciphersuite', abs + at + 2 + i, 2, suite, `Cipher Suite: ${hex(suite, 4)}`);
    }
    at += 2 + csLen;
    const cmLen = m.u8(at);
    t.add('tls.handshake.comp_methods_length', abs + at, 1, cmLen);
    const cm = t.add('tls.handshake.comp_methods', abs + at + 1, cmLen, '', `Compression Methods (${cmLen} method${cmLen === 1 ? '' : 's'})`);
    for (let i = 0; i < cmLen; i++) cm.add('tls.handshake.comp_method', abs + at + 1 + i, 1, m.u8(at + 1 + i));
    at += 1 + cmLen;
  }
  if (at + 2 > m.reportedLength) return version;
  const extLen = m.u16(at);
  t.add('tls.handshake.extensions_length', abs + at, 2, extLen);
  at += 2;
  const end = Math.min(at + extLen, m.reportedLength);
  if (at + extLen > m.reportedLength) ctx.expert('error', `Extensions length ${extLen} runs past the end of the message`, abs + at - 2, 2);
  while (at + 4 <= end) {
    const type = m.u16(at);
    const len = m.u16(at + 2);
    const e = t.text(`Extension: ${TLS_EXTENSION_TYPES[type] ?? 'Unknown type'} (len=${len})`, abs + at, 4 + len);
    e.add('tls.handshake.extension.type', abs + at, 2, type);
    e.add('tls.handshake.extension.len', abs + at + 2, 2, len);
    const v = dissectExtension(m.sub(at + 4, len), e, abs + at + 4, type, len, server);
    if (v !== undefined) version = v;
    at += 4 + len;
  }
  return version;
}

/** One extension's body. Returns the version a Server Hello's supported_versions selects. */
function dissectExtension(x: ByteView, e: Item, abs: number, type: number, len: number, server: boolean): number | undefined {
  switch (type) {
    case 0: {
      if (len < 2) return undefined;
      const listLen = x.u16(0);
      e.add('tls.handshake.extensions_server_name_list_len', abs, 2, listLen);
      let at = 2;
      while (at + 3 <= 2 + listLen) {
        e.add('tls.handshake.extensions_server_name_type', abs + at, 1, x.u8(at));
        const n = x.u16(at + 1);
        e.add('tls.handshake.extensions_server_name_len', abs + at + 1, 2, n);
        e.add('tls.handshake.extensions_server_name', abs + at + 3, n, textAt(x, at + 3, n));
        at += 3 + n;
      }
      return undefined;
    }
    case 16: {
      const listLen = x.u16(0);
      e.add('tls.handshake.extensions_alpn_len', abs, 2, listLen);
      const l = e.add('tls.handshake.extensions_alpn_list', abs + 2, listLen, '', 'ALPN Protocol');
      for (let at = 2; at < 2 + listLen; ) {
        const n = x.u8(at);
        l.add('tls.handshake.extensions_alpn_str_len', abs + at, 1, n);
        l.add('tls.handshake.extensions_alpn_str', abs + at + 1, n, textAt(x, at + 1, n));
        at += 1 + n;
      }
      return undefined;
    }
    case 43: {
      if (server) {
        const v = x.u16(0);
        e.add('tls.handshake.extensions.supported_version', abs, 2, v);
        return v;
      }
      const n = x.u8(0);
      e.add('tls.handshake.extensions.supported_versions_len', abs, 1, n);
      for (let at = 1; at + 2 <= 1 + n; at += 2) e.add('tls.handshake.extensions.supported_version', abs + at, 2, x.u16(at));
      return undefined;
    }
    default:
      if (len === 0 || TLS_EXTENSION_TYPES[type] === undefined) {
        e.add('tls.handshake.extension.data', abs, len, x.slice(0, len), `Data (${len} byte${len === 1 ? '' : 's'})`);
      }
      return undefined;
  }
}

/** Certificate (RFC 5246 §7.4.2; TLS 1.3's has a context and per-entry extensions, which this does not read). */
function dissectCertificates(m: ByteView, ctx: DissectContext, t: Item, abs: number): void {
  const total = m.u24(0);
  t.add('tls.handshake.certificates_length', abs, 3, total);
  const list = t.add('tls.handshake.certificates', abs + 3, total, '', `Certificates (${total} bytes)`);
  let at = 3;
  while (at + 3 <= 3 + total) {
    const n = m.u24(at);
    list.add('tls.handshake.certificate_length', abs + at, 3, n);
    const c = list.add('tls.handshake.certificate', abs + at + 3, n, m.slice(at + 3, n), `Certificate (${n} bytes)`);
    dissectCertificate(m.sub(at + 3, n), ctx, c, abs + at + 3);
    at += 3 + n;
  }
}
