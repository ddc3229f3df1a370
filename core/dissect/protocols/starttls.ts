/**
 * After STARTTLS (SMTP, POP, IMAP, FTP AUTH TLS) the same port carries TLS. Wireshark knows from the
 * conversation; a single segment shows it by starting with a TLS record, and the text protocol then hands
 * the whole segment to TLS without a layer of its own (frame.protocols `…:tcp:tls`, as tshark).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { looksLikeTlsRecord } from './tls';

/** Bytes looked at to tell binary (TLS ciphertext) from text lines. */
const SNIFF = 64;

/** True when the first bytes hold a control character no text line has (ciphertext, a record's middle). */
function looksBinary(view: ByteView): boolean {
  const n = Math.min(view.length, SNIFF);
  for (let i = 0; i < n; i++) {
    const c = view.bytes[view.start + i];
    if (c < 0x09 || (c > 0x0d && c < 0x20)) return true;
  }
  return false;
}

/**
 * True when the segment was handed to TLS (the caller returns 0): it starts with a TLS record, or it is
 * binary, which on a text protocol's port is the middle of a TLS record after STARTTLS.
 */
export function handOffToTls(view: ByteView, ctx: DissectContext): boolean {
  if (!looksLikeTlsRecord(view, 0) && !looksBinary(view)) return false;
  ctx.handoffTo('tls');
  return true;
}
