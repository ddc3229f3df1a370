/**
 * Follow stream's text: a followed stream's chunks as lines, each with its side (client, server, or a gap
 * where segments were not captured), in one of Wireshark's three forms: ASCII (printable bytes, newlines
 * break lines, others as '.'), Hex Dump (offsets counted per direction, 16 bytes a line, the server's lines
 * indented), and Raw (each chunk's bytes as hex). Every chunk starts a new line. Pure.
 */
import type { FollowChunk, FollowStream } from '../../core/api';

export type FollowMode = 'ascii' | 'hex' | 'raw';
/** Which directions to show: both (the whole conversation), or what one side sent. */
export type FollowDirection = 'both' | 'client' | 'server';

export interface FollowLine {
  side: 'client' | 'server' | 'gap';
  text: string;
  /** The packet that carried the bytes (for a gap, the packet after which bytes are missing). */
  packet: number;
}

export function gapText(missing: number): string {
  return `[${missing} ${missing === 1 ? 'byte' : 'bytes'} missing]`;
}

const printable = (b: number) => b >= 0x20 && b < 0x7f;

function asciiLines(chunk: FollowChunk, side: 'client' | 'server'): FollowLine[] {
  const lines: FollowLine[] = [];
  let text = '';
  for (const b of chunk.bytes) {
    if (b === 0x0a) {
      lines.push({ side, text, packet: chunk.packet });
      text = '';
    } else if (b === 0x0d) {
      // A CR before the LF ends nothing more than the LF does; alone it shows nothing, as in Wireshark.
      continue;
    } else if (b === 0x09) {
      text += '\t';
    } else {
      text += printable(b) ? String.fromCharCode(b) : '.';
    }
  }
  if (text !== '' || lines.length === 0) lines.push({ side, text, packet: chunk.packet });
  return lines;
}

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

function hexDumpLines(chunk: FollowChunk, side: 'client' | 'server', start: number): FollowLine[] {
  const lines: FollowLine[] = [];
  const indent = side === 'server' ? '    ' : '';
  const bytes = chunk.bytes;
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, Math.min(i + 16, bytes.length));
    let hex = '';
    let ascii = '';
    for (let j = 0; j < 16; j++) {
      if (j === 8) hex += ' ';
      hex += j < row.length ? `${hex2(row[j])} ` : '   ';
      if (j < row.length) ascii += printable(row[j]) ? String.fromCharCode(row[j]) : '.';
    }
    const offset = (start + i).toString(16).toUpperCase().padStart(8, '0');
    lines.push({ side, text: `${indent}${offset}  ${hex} ${ascii}`, packet: chunk.packet });
  }
  return lines;
}

function rawLine(chunk: FollowChunk, side: 'client' | 'server'): FollowLine {
  let text = '';
  for (const b of chunk.bytes) text += hex2(b);
  return { side, text, packet: chunk.packet };
}

/** The stream's lines in capture order, in `mode`, for `direction`. */
export function followLines(stream: Pick<FollowStream, 'chunks'>, mode: FollowMode, direction: FollowDirection = 'both'): FollowLine[] {
  const out: FollowLine[] = [];
  const offset = { client: 0, server: 0 };
  for (const c of stream.chunks) {
    if (direction !== 'both' && c.from !== direction) continue;
    if (c.gap > 0) {
      out.push({ side: 'gap', text: gapText(c.gap), packet: c.packet });
      offset[c.from] += c.gap;
      continue;
    }
    if (c.bytes.length === 0) continue;
    if (mode === 'ascii') out.push(...asciiLines(c, c.from));
    else if (mode === 'hex') out.push(...hexDumpLines(c, c.from, offset[c.from]));
    else out.push(rawLine(c, c.from));
    offset[c.from] += c.bytes.length;
  }
  return out;
}

/** "10.0.0.1:49996 → 10.0.0.2:80 (1,575 bytes)": what the view says under the text for each direction. */
export function directionLabel(from: string, to: string, bytes: number): string {
  const n = Math.trunc(bytes).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${from} → ${to} (${n} ${bytes === 1 ? 'byte' : 'bytes'})`;
}

/** The lines as plain text (Copy / Save as shown). */
export function linesText(lines: readonly FollowLine[]): string {
  return lines.map((l) => l.text).join('\n');
}
