/**
 * Export Specified Packets, the form's logic: which packets each choice means (all, displayed, the flows
 * selected in the Flows view, the selected packet, marked, a range), whether a choice can be made now and
 * why not, the range the user typed, and a default file name beside the capture. Pure.
 */
import { ALL_VIEW, type ExportSelection, type FollowProtocol, type SessionInfo, type ViewId } from '../../core/api';
import { pathProblem } from '../capture/capture-form';

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
      return 'Trawl cannot mark packets yet.';
  }
}

/** "12", "10-20" or "10-" (to the end): a 1-based inclusive range within the capture, or what is wrong. */
export function parseRange(text: string, packetCount: number): { from: number; to: number } | string {
  const m = /^\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?$/.exec(text);
  const hint = `Enter a packet number or a range such as 10-20 (packets are numbered 1 to ${packetCount}).`;
  if (!m) return hint;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : m[3] === '' ? packetCount : Number(m[3]);
  if (from < 1 || to > packetCount) return `The range must lie within 1-${packetCount}.`;
  if (from > to) return `The range starts after it ends (${from} > ${to}).`;
  return { from, to };
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
      return { selection: { kind: 'range', ...r }, path };
    }
    case 'marked':
      return { field: 'choice', message: 'Trawl cannot mark packets yet.' };
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
