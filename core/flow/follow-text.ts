/**
 * A followed stream as text, exactly as `tshark -q -z follow,tcp|udp,raw|ascii|hex,N` prints it (Wireshark
 * 4.0's ui/cli/tap-follow.c): a blank line, a separator, the Follow/Filter/Node header lines, one block per
 * chunk in capture order (the server's indented with a tab), the separator again.
 *
 * A gap prints as tshark's follow inserts it: the text "[N bytes missing in capture file]" and a NUL byte,
 * as if they were the stream's data (so the hex offsets after it count those bytes too).
 */
import type { FollowChunk, FollowStream } from '../api';

export type FollowTextMode = 'raw' | 'ascii' | 'hex';

export const FOLLOW_TEXT_MODES: readonly FollowTextMode[] = ['raw', 'ascii', 'hex'];

const SEPARATOR = '===================================================================\n';

const HEX_DIGITS = '0123456789abcdef';

/** The bytes tshark shows for a chunk: its data, or the gap's marker text with its terminating NUL. */
export function chunkBytes(c: FollowChunk): Uint8Array {
  if (c.gap === 0) return c.bytes;
  const text = `[${c.gap} bytes missing in capture file]`;
  const out = new Uint8Array(text.length + 1);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** The header lines (with the blank line and separator before them). */
export function followHeader(s: Pick<FollowStream, 'protocol' | 'filter' | 'client' | 'server'>, mode: FollowTextMode): string {
  // With no packet followed, tshark prints its empty address and port 0.
  const node = (e: string): string => (e === '' ? ':0' : e);
  return `\n${SEPARATOR}Follow: ${s.protocol},${mode}\nFilter: ${s.filter}\nNode 0: ${node(s.client)}\nNode 1: ${node(s.server)}\n`;
}

export const FOLLOW_FOOTER = SEPARATOR;

/** One chunk in raw form: its bytes as lower-case hex on one line, a tab first for the server. */
function rawChunk(c: FollowChunk, b: Uint8Array): string {
  let s = c.from === 'server' ? '\t' : '';
  for (let i = 0; i < b.length; i++) s += HEX_DIGITS[b[i] >> 4] + HEX_DIGITS[b[i] & 15];
  return `${s}\n`;
}

/** One chunk in ascii form: its length, then its bytes with \r, \n and printable ASCII kept, the rest as dots. */
function asciiChunk(c: FollowChunk, b: Uint8Array): string {
  let s = `${c.from === 'server' ? '\t' : ''}${b.length}\n`;
  for (let i = 0; i < b.length; i++) {
    const v = b[i];
    s += v === 0x0d || v === 0x0a || (v >= 0x20 && v < 0x7f) ? String.fromCharCode(v) : '.';
  }
  return `${s}\n`;
}

/**
 * One chunk in hex-dump form: lines of 16 bytes with the side's running offset (8 upper-case hex digits),
 * hex pairs with an extra space after the eighth, and the printable characters (an extra space after
 * the eighth too). As tshark, one trailing space of the character column is dropped.
 */
function hexChunk(c: FollowChunk, b: Uint8Array, offset: number): string {
  const prefix = c.from === 'server' ? '\t' : '';
  let out = '';
  for (let at = 0; at < b.length; at += 16) {
    const end = Math.min(at + 16, b.length);
    let hexPart = '';
    let chars = '';
    for (let i = at; i < end; i++) {
      const v = b[i];
      hexPart += `${HEX_DIGITS[v >> 4]}${HEX_DIGITS[v & 15]} `;
      chars += v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '.';
      if (i - at === 7) {
        hexPart += ' ';
        chars += ' ';
      }
    }
    if (chars.endsWith(' ')) chars = chars.slice(0, -1);
    const lineOffset = ((offset + at) >>> 0).toString(16).toUpperCase().padStart(8, '0');
    out += `${prefix}${lineOffset}  ${hexPart.padEnd(50)}${chars}\n`;
  }
  return out;
}

/** The body: every chunk in the mode's form, client and server offsets counted apart (hex). */
export function followBody(chunks: readonly FollowChunk[], mode: FollowTextMode, startOffsets: { client: number; server: number } = { client: 0, server: 0 }): string {
  const offsets = { ...startOffsets };
  const parts: string[] = [];
  for (const c of chunks) {
    const b = chunkBytes(c);
    if (mode === 'raw') parts.push(rawChunk(c, b));
    else if (mode === 'ascii') parts.push(asciiChunk(c, b));
    else parts.push(hexChunk(c, b, offsets[c.from]));
    offsets[c.from] += b.length;
  }
  return parts.join('');
}

/** The whole of tshark's output for the stream. */
export function followText(s: Pick<FollowStream, 'protocol' | 'filter' | 'client' | 'server' | 'chunks'>, mode: FollowTextMode): string {
  return followHeader(s, mode) + followBody(s.chunks, mode) + FOLLOW_FOOTER;
}
