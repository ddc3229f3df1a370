/**
 * The Flows view's columns, named and formatted as Wireshark's Conversations and Endpoints dialogs show
 * them: counts grouped by thousands, sizes with SI prefixes ("1,234 bytes", "25 kB", "12 kbps"), Rel Start
 * with the capture's time precision, Duration with 4 (or 6) decimals, and bits/s per direction only when
 * the conversation lasted more than 5 ms. Pure.
 */
import type { Conversation, ConversationKind, ConversationSortKey, Endpoint } from '../../core/api';
import { formatCount } from '../format/format';

export type SizeUnit = 'bytes' | 'bits/s';

const PREFIXES: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * Wireshark's format_size with SI prefixes: the largest prefix that leaves at least 10 whole units
 * (integer division), else the plain number and the long unit name.
 */
export function formatSize(value: number, unit: SizeUnit): string {
  if (!Number.isFinite(value)) return '';
  const n = Math.trunc(value);
  for (const [power, prefix] of PREFIXES) {
    if (Math.trunc(n / power) >= 10) return `${formatCount(Math.trunc(n / power))} ${prefix}${unit === 'bytes' ? 'B' : 'bps'}`;
  }
  return `${formatCount(n)} ${unit}`;
}

/** Shorter than this, Wireshark leaves the bits/s columns empty (a rate over no time means nothing). */
export const MIN_RATE_DURATION_S = 0.005;

/** Bits per second over the conversation's duration, or null when it is too short to say. */
export function bitsPerSecond(bytes: number, durationS: number): number | null {
  return durationS > MIN_RATE_DURATION_S ? (bytes * 8) / durationS : null;
}

export function formatRate(bytes: number, durationS: number): string {
  const bps = bitsPerSecond(bytes, durationS);
  return bps === null ? '' : formatSize(bps, 'bits/s');
}

/** Rel Start: 6 decimals, 9 for a capture with nanosecond stamps. */
export function formatRelStart(seconds: number, nanoseconds: boolean): string {
  return Number.isFinite(seconds) ? seconds.toFixed(nanoseconds ? 9 : 6) : '';
}

/** Duration: 4 decimals, 6 for a capture with nanosecond stamps. */
export function formatFlowDuration(seconds: number, nanoseconds: boolean): string {
  return Number.isFinite(seconds) ? seconds.toFixed(nanoseconds ? 6 : 4) : '';
}

export interface FormatContext {
  nanoseconds: boolean;
}

export interface FlowColumn<R> {
  key: string;
  label: string;
  align: 'left' | 'right';
  /** Width in pixels. */
  width: number;
  text(row: R, ctx: FormatContext): string;
  /** The engine sorts conversations by this key; a column without one cannot be sorted by the engine. */
  sortKey?: ConversationSortKey;
  /** Endpoints come whole and are sorted here. */
  compare?(a: R, b: R): number;
}

export const hasPorts = (kind: ConversationKind): boolean => kind === 'tcp' || kind === 'udp';

const num = (n: number | undefined) => (n === undefined ? '' : String(n));
const packets = (c: Conversation) => c.packetsAtoB + c.packetsBtoA;
const bytes = (c: Conversation) => c.bytesAtoB + c.bytesBtoA;

/** The conversation table's columns for a kind (ports only for TCP and UDP), in Wireshark's order. */
export function conversationColumns(kind: ConversationKind): FlowColumn<Conversation>[] {
  const ports = hasPorts(kind);
  const addrWidth = kind === 'ipv6' ? 250 : kind === 'eth' ? 140 : 120;
  const cols: (FlowColumn<Conversation> | null)[] = [
    { key: 'addressA', label: 'Address A', align: 'left', width: addrWidth, sortKey: 'addressA', text: (c) => c.addressA },
    ports ? { key: 'portA', label: 'Port A', align: 'right', width: 60, sortKey: 'portA', text: (c) => num(c.portA) } : null,
    { key: 'addressB', label: 'Address B', align: 'left', width: addrWidth, sortKey: 'addressB', text: (c) => c.addressB },
    ports ? { key: 'portB', label: 'Port B', align: 'right', width: 60, sortKey: 'portB', text: (c) => num(c.portB) } : null,
    { key: 'packets', label: 'Packets', align: 'right', width: 70, sortKey: 'packets', text: (c) => formatCount(packets(c)) },
    { key: 'bytes', label: 'Bytes', align: 'right', width: 80, sortKey: 'bytes', text: (c) => formatSize(bytes(c), 'bytes') },
    { key: 'id', label: ports ? 'Stream ID' : 'ID', align: 'right', width: 78, sortKey: 'id', text: (c) => String(c.id) },
    { key: 'packetsAtoB', label: 'Packets A → B', align: 'right', width: 105, sortKey: 'packetsAtoB', text: (c) => formatCount(c.packetsAtoB) },
    { key: 'bytesAtoB', label: 'Bytes A → B', align: 'right', width: 95, sortKey: 'bytesAtoB', text: (c) => formatSize(c.bytesAtoB, 'bytes') },
    { key: 'packetsBtoA', label: 'Packets B → A', align: 'right', width: 105, sortKey: 'packetsBtoA', text: (c) => formatCount(c.packetsBtoA) },
    { key: 'bytesBtoA', label: 'Bytes B → A', align: 'right', width: 95, sortKey: 'bytesBtoA', text: (c) => formatSize(c.bytesBtoA, 'bytes') },
    { key: 'relStart', label: 'Rel Start', align: 'right', width: 100, sortKey: 'relStart', text: (c, x) => formatRelStart(c.relStart, x.nanoseconds) },
    { key: 'duration', label: 'Duration', align: 'right', width: 80, sortKey: 'duration', text: (c, x) => formatFlowDuration(c.duration, x.nanoseconds) },
    { key: 'bpsAtoB', label: 'Bits/s A → B', align: 'right', width: 95, text: (c) => formatRate(c.bytesAtoB, c.duration) },
    { key: 'bpsBtoA', label: 'Bits/s B → A', align: 'right', width: 95, text: (c) => formatRate(c.bytesBtoA, c.duration) },
  ];
  return cols.filter((c): c is FlowColumn<Conversation> => c !== null);
}

const byNumber = (f: (e: Endpoint) => number) => (a: Endpoint, b: Endpoint) => f(a) - f(b);

/** The endpoint table's columns (sorted here: the engine returns endpoints whole). */
export function endpointColumns(kind: ConversationKind): FlowColumn<Endpoint>[] {
  const ports = hasPorts(kind);
  const cols: (FlowColumn<Endpoint> | null)[] = [
    {
      key: 'address',
      label: 'Address',
      align: 'left',
      width: kind === 'ipv6' ? 250 : 140,
      text: (e) => e.address,
      compare: (a, b) => compareAddresses(a.address, b.address),
    },
    ports ? { key: 'port', label: 'Port', align: 'right', width: 60, text: (e) => num(e.port), compare: byNumber((e) => e.port ?? -1) } : null,
    { key: 'packets', label: 'Packets', align: 'right', width: 70, text: (e) => formatCount(e.packetsTx + e.packetsRx), compare: byNumber((e) => e.packetsTx + e.packetsRx) },
    { key: 'bytes', label: 'Bytes', align: 'right', width: 80, text: (e) => formatSize(e.bytesTx + e.bytesRx, 'bytes'), compare: byNumber((e) => e.bytesTx + e.bytesRx) },
    { key: 'packetsTx', label: 'Tx Packets', align: 'right', width: 80, text: (e) => formatCount(e.packetsTx), compare: byNumber((e) => e.packetsTx) },
    { key: 'bytesTx', label: 'Tx Bytes', align: 'right', width: 80, text: (e) => formatSize(e.bytesTx, 'bytes'), compare: byNumber((e) => e.bytesTx) },
    { key: 'packetsRx', label: 'Rx Packets', align: 'right', width: 80, text: (e) => formatCount(e.packetsRx), compare: byNumber((e) => e.packetsRx) },
    { key: 'bytesRx', label: 'Rx Bytes', align: 'right', width: 80, text: (e) => formatSize(e.bytesRx, 'bytes'), compare: byNumber((e) => e.bytesRx) },
  ];
  return cols.filter((c): c is FlowColumn<Endpoint> => c !== null);
}

/** Dotted quads compare by value (10.0.0.9 before 10.0.0.10); anything else as text. */
export function compareAddresses(a: string, b: string): number {
  const qa = quad(a);
  const qb = quad(b);
  if (qa !== null && qb !== null) return qa - qb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function quad(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  return ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]);
}

/** Endpoints sorted by a column (stable: ties keep the engine's order). */
export function sortEndpoints(rows: readonly Endpoint[], column: FlowColumn<Endpoint> | undefined, descending: boolean): Endpoint[] {
  if (!column?.compare) return [...rows];
  const cmp = column.compare;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((x, y) => (descending ? cmp(y.r, x.r) : cmp(x.r, y.r)) || x.i - y.i)
    .map((x) => x.r);
}

/** Tabs of the Flows view, in Wireshark's order. */
export const FLOW_KINDS: readonly { kind: ConversationKind; label: string }[] = [
  { kind: 'eth', label: 'Ethernet' },
  { kind: 'ipv4', label: 'IPv4' },
  { kind: 'ipv6', label: 'IPv6' },
  { kind: 'tcp', label: 'TCP' },
  { kind: 'udp', label: 'UDP' },
];
