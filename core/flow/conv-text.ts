/**
 * A conversation table printed exactly as `tshark -q -z conv,KIND` prints it (tshark 4.0, relative times,
 * no name resolution): rows by total frames, most first, ties in order of first appearance; bytes in
 * Wireshark's format_size (SI prefixes from 10 k up); start and duration with 9 and 4 decimals.
 */
import type { Conversation, ConversationKind } from '../api';

const TITLE: Record<ConversationKind, string> = { eth: 'Ethernet', ipv4: 'IPv4', ipv6: 'IPv6', tcp: 'TCP', udp: 'UDP' };
const RULE = '='.repeat(80);

/** Wireshark's format_size(n, FORMAT_SIZE_UNIT_BYTES, 0). */
export function formatSize(n: number): string {
  const prefixes: [number, string][] = [
    [1e12, ' TB'],
    [1e9, ' GB'],
    [1e6, ' MB'],
    [1e3, ' kB'],
  ];
  for (const [p, unit] of prefixes) if (Math.trunc(n / p) >= 10) return `${Math.trunc(n / p)}${unit}`;
  return `${n} bytes`;
}

/** printf's %-Ns / %Nd. */
const left = (s: string, w: number) => s.padEnd(w);
const right = (s: string | number, w: number) => String(s).padStart(w);

/** tshark's order: by total frames, most first; equal totals keep their order. */
export function tsharkOrder(rows: readonly Conversation[]): Conversation[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.packetsAtoB + b.r.packetsBtoA - (a.r.packetsAtoB + a.r.packetsBtoA) || a.i - b.i)
    .filter((x) => x.r.packetsAtoB + x.r.packetsBtoA > 0)
    .map((x) => x.r);
}

/** `rows` in order of first appearance; `filter` is the display filter tshark would print (none: <No Filter>). */
export function formatConversationTable(kind: ConversationKind, rows: readonly Conversation[], filter?: string): string {
  const ports = kind === 'tcp' || kind === 'udp';
  const pad = ports ? ' '.repeat(12) : '';
  const lines = [
    RULE,
    `${TITLE[kind]} Conversations`,
    `Filter:${filter ?? '<No Filter>'}`,
    `${pad}                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |`,
    `${pad}                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |`,
  ];
  for (const r of tsharkOrder(rows)) {
    const a = ports ? `${r.addressA}:${r.portA ?? 0}` : r.addressA;
    const b = ports ? `${r.addressB}:${r.portB ?? 0}` : r.addressB;
    const w = ports ? 26 : 20;
    lines.push(
      `${left(a, w)} <-> ${left(b, w)}  ${right(r.packetsBtoA, 6)} ${left(formatSize(r.bytesBtoA), 9)}  ${right(r.packetsAtoB, 6)} ${left(formatSize(r.bytesAtoB), 9)}  ` +
        `${right(r.packetsAtoB + r.packetsBtoA, 6)} ${left(formatSize(r.bytesAtoB + r.bytesBtoA), 9)}  ${right(r.relStart.toFixed(9), 14)}   ${right(r.duration.toFixed(4), 12)}`,
    );
  }
  lines.push(RULE);
  return lines.join('\n') + '\n';
}
