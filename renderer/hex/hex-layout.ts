/** The hex pane's layout: offset | 16 bytes in two groups of 8 | ASCII. Pure. */

export const BYTES_PER_LINE = 16;

export function lineCount(byteLength: number): number {
  return Math.ceil(Math.max(0, byteLength) / BYTES_PER_LINE);
}

/** Line offset as Wireshark prints it: 4 hex digits, more when the packet is longer than 64 KiB. */
export function formatLineOffset(offset: number, byteLength: number): string {
  const width = byteLength > 0x10000 ? Math.max(4, (byteLength - 1).toString(16).length) : 4;
  return offset.toString(16).padStart(width, '0');
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexByte(b: number): string {
  return HEX[b & 0xff];
}

/** Printable ASCII (0x20-0x7e) as itself, anything else as '.'. */
export function asciiChar(b: number): string {
  return b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
}

/** Half-open byte range [start, end). */
export interface ByteRange {
  start: number;
  end: number;
}

export function inRange(offset: number, r: ByteRange | null): boolean {
  return r !== null && offset >= r.start && offset < r.end;
}

/** The line holding `offset` (for scrolling a highlighted field into view). */
export function lineOf(offset: number): number {
  return Math.floor(Math.max(0, offset) / BYTES_PER_LINE);
}
