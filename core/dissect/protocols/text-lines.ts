/**
 * Line helpers for text protocols (HTTP, FTP, SMTP, POP, IMAP, the SSH banner), after Wireshark's
 * tvb_find_line_end: a line ends at LF (an optional CR before it is part of the terminator), or at the
 * end of the captured bytes. Offsets are relative to the view.
 */
import type { ByteView } from '../byte-view';

export interface TextLine {
  /** Offset of the line's first byte. */
  readonly start: number;
  /** Length of the line without its terminator. */
  readonly length: number;
  /** Length of the line with its terminator (CRLF, LF, or none at the end of the data). */
  readonly total: number;
  /** True when the line ended with LF (false: cut off by the end of the data). */
  readonly terminated: boolean;
}

/** The line starting at `start`, or undefined when `start` is at or past the end of the captured bytes. */
export function lineAt(view: ByteView, start: number): TextLine | undefined {
  if (start >= view.length) return undefined;
  const bytes = view.bytes;
  const base = view.start;
  for (let i = start; i < view.length; i++) {
    if (bytes[base + i] === 0x0a) {
      const cr = i > start && bytes[base + i - 1] === 0x0d ? 1 : 0;
      return { start, length: i - start - cr, total: i + 1 - start, terminated: true };
    }
  }
  return { start, length: view.length - start, total: view.length - start, terminated: false };
}

/** Characters per String.fromCharCode call (its arguments go on the stack). */
const CHARS_PER_CALL = 4096;

/** Bytes [start, start+len) of the view as a Latin-1 string (one character per byte, as tshark shows ASCII). */
export function textAt(view: ByteView, start: number, len: number): string {
  const b = view.slice(start, len);
  // Whole runs of bytes per call: adding one character at a time made HTTP bodies the costliest field.
  if (b.length <= CHARS_PER_CALL) return String.fromCharCode.apply(null, b as unknown as number[]);
  let s = '';
  for (let i = 0; i < b.length; i += CHARS_PER_CALL) s += String.fromCharCode.apply(null, b.subarray(i, i + CHARS_PER_CALL) as unknown as number[]);
  return s;
}

/** Stateless between calls (no `stream` option), so one decoder serves every call. */
const UTF8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Bytes as Wireshark's string fields hold them: ASCII as is, valid UTF-8 decoded, any other byte as the
 * replacement character U+FFFD (Wireshark's ENC_UTF_8 / ENC_ASCII conversion of invalid bytes).
 */
export function utf8At(view: ByteView, start: number, len: number): string {
  const b = view.slice(start, len);
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return UTF8.decode(b);
  return textAt(view, start, len);
}

/** True when every byte of [start, start+len) is printable ASCII, tab, CR or LF. */
export function isPrintable(view: ByteView, start: number, len: number): boolean {
  if (!view.has(start, len)) return false;
  for (let i = start; i < start + len; i++) {
    const c = view.bytes[view.start + i];
    if ((c < 0x20 || c > 0x7e) && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

/** Index of the first byte `c` in [start, end), or -1. */
export function indexOfByte(view: ByteView, c: number, start: number, end: number): number {
  const stop = Math.min(end, view.length);
  for (let i = start; i < stop; i++) if (view.bytes[view.start + i] === c) return i;
  return -1;
}
