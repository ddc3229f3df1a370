/**
 * Export Specified Packets, the form's logic: which packets each choice means (all, displayed, the flows
 * selected in the Flows view, the selected packet, the marked ones, a range), whether a choice can be made
 * now and why not, the range the user typed (Wireshark's syntax: `1-10,15,20-`), and a default file name
 * beside the capture. Pure.
 */
import { ALL_VIEW, type ExportSelection, type FollowProtocol, type SessionInfo, type ViewId } from '../../core/api';
import { pathProblem } from '../capture/capture-form';
import { addRuns, EMPTY_MARKS, markedNumbers, type MarkSet } from '../store/marks/mark-set';

export type ExportChoice = 'all' | 'displayed' | 'flows' | 'selected' | 'marked' | 'range';

export const EXPORT_CHOICES: readonly { choice: ExportChoice; label: string }[] = [
  { choice: 'all', label: 'All packets' },
  { choice: 'displayed', label: 'Displayed packets' },
  { choice: 'flows', label: 'Selected flows' },
  { choice: 'selected', label: 'Selected packet only' },
  { choice: 'marked', label: 'Marked packets' },
  { choice: 'range', label: 'Range' },
];

/** What the window knows when the dialog opens. */
export interface ExportContext {
  packetCount: number;
  /** The view the list shows (the display filter's, or ALL_VIEW). */
  view: ViewId;
  displayed: number;
  /** The TCP or UDP streams selected in the Flows view, if any. */
  flows: { protocol: FollowProtocol; streams: readonly number[] } | null;
  selectedPacket: number | null;
  /** The session's marked packets. */
  marked: MarkSet;
}

/** Why a choice cannot be made now, or null when it can. */
export function choiceUnavailable(choice: ExportChoice, ctx: ExportContext): string | null {
  switch (choice) {
    case 'all':
    case 'range':
      return ctx.packetCount > 0 ? null : 'The capture has no packets.';
    case 'displayed':
      return ctx.displayed > 0 ? null : 'No packet is displayed.';
    case 'flows':
      return ctx.flows && ctx.flows.streams.length > 0 ? null : 'Select TCP or UDP conversations in the Flows view first.';
    case 'selected':
      return ctx.selectedPacket !== null ? null : 'No packet is selected.';
    case 'marked':
      return ctx.marked.count > 0 ? null : 'No packet is marked (Ctrl+M marks the selected packet).';
  }
}

/** Packets from..to, 1-based, inclusive. */
export interface Span {
  from: number;
  to: number;
}

const SPAN = /^(\d*)\s*(-?)\s*(\d*)$/;

/**
 * Wireshark's packet range: spans separated by commas, each `N`, `N-M`, `N-` (to the last packet) or `-M`
 * (from the first), e.g. `1-10,15,20-`. The spans in the order typed, or what is wrong, naming the span.
 */
export function parseRange(text: string, packetCount: number): Span[] | string {
  const parts = text.split(',');
  if (text.trim() === '') return `Enter packet numbers or ranges such as 1-10,15,20- (packets are numbered 1 to ${packetCount}).`;
  const spans: Span[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i].trim();
    const name = parts.length > 1 ? `Span ${i + 1} (“${part}”)` : `“${part}”`;
    if (part === '') return `Span ${i + 1} is empty: remove the extra comma.`;
    const m = SPAN.exec(part);
    if (!m || (m[1] === '' && m[3] === '')) return `${name} is not a packet number or range: write N, N-M, N- (to the last) or -M (from the first).`;
    const from = m[1] === '' ? 1 : Number(m[1]);
    const to = m[2] === '' ? from : m[3] === '' ? packetCount : Number(m[3]);
    if (from < 1) return `${name} starts at packet 0: packets are numbered from 1.`;
    if (from > packetCount) return `${name} ${m[2] === '' ? 'is' : 'starts'} past the last packet (${packetCount}).`;
    if (from > to) return `${name} starts after it ends (${from} > ${to}).`;
    if (to > packetCount) return `${name} goes past the last packet (${packetCount}).`;
    spans.push({ from, to });
  }
  return spans;
}

/**
 * The selection for spans: one packet run (spans that overlap or touch count as one) is a range; several
 * are the packets' numbers, ascending and each once.
 */
export function rangeSelection(spans: readonly Span[]): ExportSelection {
  let set = EMPTY_MARKS;
  for (const s of spans) set = addRuns(set, Uint32Array.of(s.from, s.to));
  if (set.runs.length === 2) return { kind: 'range', from: set.runs[0], to: set.runs[1] };
  return { kind: 'packets', numbers: markedNumbers(set) };
}

export interface ExportForm {
  choice: ExportChoice;
  range: string;
  path: string;
}

/** The request's selection for a form, or the message to show under the field at fault. */
export function exportSelection(form: ExportForm, ctx: ExportContext): { selection: ExportSelection; path: string } | { field: 'choice' | 'range' | 'path'; message: string } {
  const why = choiceUnavailable(form.choice, ctx);
  if (why) return { field: 'choice', message: why };
  const p = pathProblem(form.path);
  if (p) return { field: 'path', message: p };
  const path = form.path.trim();
  switch (form.choice) {
    case 'all':
      return { selection: { kind: 'all' }, path };
    case 'displayed':
      return { selection: ctx.view === ALL_VIEW ? { kind: 'all' } : { kind: 'view', view: ctx.view }, path };
    case 'flows':
      // choiceUnavailable made sure there are flows.
      return { selection: { kind: 'flows', protocol: ctx.flows!.protocol, streams: [...ctx.flows!.streams] }, path };
    case 'selected':
      return { selection: { kind: 'packets', numbers: Uint32Array.of(ctx.selectedPacket!) }, path };
    case 'range': {
      const r = parseRange(form.range, ctx.packetCount);
      if (typeof r === 'string') return { field: 'range', message: r };
      return { selection: rangeSelection(r), path };
    }
    case 'marked':
      return { selection: { kind: 'packets', numbers: markedNumbers(ctx.marked) }, path };
  }
}

/** The choice a dialog opens with: selected flows when some are, else displayed under a filter, else all. */
export function initialChoice(ctx: ExportContext): ExportChoice {
  if (!choiceUnavailable('flows', ctx)) return 'flows';
  if (ctx.view !== ALL_VIEW && ctx.displayed > 0) return 'displayed';
  return 'all';
}

/** `/data/x.pcap` → `/data/x-export.pcapng` (empty when the capture has no path, e.g. an upload). */
export function defaultExportPath(session: Pick<SessionInfo, 'path' | 'name'> | null): string {
  const p = session?.path;
  if (!p) return '';
  const dir = p.replace(/[^\\/]*$/, '');
  const base = p.slice(dir.length).replace(/(\.gz)?$/i, '').replace(/\.(pcapng|pcap|cap|dmp)$/i, '');
  return `${dir}${base}-export.pcapng`;
}
