/** Pure reads of the filter slice. */
import { ALL_VIEW, type FilterPlanInfo, type FilterProgram, type SessionId, type ViewId } from '../../../core/api';
import type { FilterCheckState, FilterProblem, FilterState } from './state';

export type FilterTone = 'empty' | 'checking' | 'valid' | 'invalid' | 'failed';

/** The check state for the current text and session; an answer to another question counts as checking. */
export function currentCheck(s: FilterState, sessionId: SessionId | null): FilterCheckState {
  const c = s.check;
  if (c.status === 'idle') return c;
  if (c.expression !== s.text || c.sessionId !== sessionId) return { status: 'checking', expression: s.text, sessionId };
  return c;
}

/** The bar's colour: neutral when empty or unknown, green when it compiles, red when it does not. */
export function filterTone(s: FilterState, sessionId: SessionId | null): FilterTone {
  const c = currentCheck(s, sessionId);
  return c.status === 'idle' ? 'empty' : c.status;
}

/** Enter and Apply work on a text that compiles (or an empty one, which means all packets). */
export function canApply(s: FilterState, sessionId: SessionId | null): boolean {
  const t = filterTone(s, sessionId);
  return sessionId !== null && (t === 'valid' || t === 'empty');
}

export function filterProblem(s: FilterState, sessionId: SessionId | null): FilterProblem | null {
  const c = currentCheck(s, sessionId);
  return c.status === 'invalid' ? c.error : null;
}

/**
 * How the bar's text runs (language, BPF or field predicate, the BPF expression it lowered to): from the
 * check of the current text, else from the filter in force when the bar still shows its text (then a new
 * object on each call: a component selects its parts).
 */
export function filterPlan(s: FilterState, sessionId: SessionId | null): FilterPlanInfo | null {
  const c = currentCheck(s, sessionId);
  if (c.status === 'valid' && c.plan) return c.plan;
  const p = s.progress;
  if (c.status !== 'invalid' && p && appliedFilter(s, sessionId)?.expression === s.text) {
    return { language: p.language, runsAs: p.runsAs, ...(p.bpfExpression !== undefined ? { bpfExpression: p.bpfExpression } : {}) };
  }
  return null;
}

/** The badge's words and tooltip for a plan. */
export function planBadge(plan: FilterPlanInfo): { label: string; title: string } {
  if (plan.runsAs === 'fields') {
    return { label: 'fields', title: 'Display filter: runs as a predicate over each packet’s dissected fields (slower than BPF)' };
  }
  if (plan.language === 'pcap') return { label: 'BPF', title: 'pcap-filter expression: runs as compiled BPF' };
  return { label: 'BPF', title: `Display filter: runs as BPF, as ${plan.bpfExpression ?? 'its pcap-filter form'}` };
}

const NO_PROGRAMS: FilterProgram[] = [];
export function filterPrograms(s: FilterState, sessionId: SessionId | null): FilterProgram[] {
  const c = currentCheck(s, sessionId);
  return c.status === 'valid' ? c.programs : NO_PROGRAMS;
}

/** The filter in force over `sessionId`, if any. */
export function appliedFilter(s: FilterState, sessionId: SessionId | null) {
  return s.applied !== null && s.applied.sessionId === sessionId ? s.applied : null;
}

/** The view the packet list shows for a session: the filter's, or every packet. */
export function activeView(s: FilterState, sessionId: SessionId | null): ViewId {
  return appliedFilter(s, sessionId)?.view ?? ALL_VIEW;
}

/** Rows of the shown view: the matches so far under a filter, else every packet indexed (`total`). */
export function displayedCount(s: FilterState, sessionId: SessionId | null, total: number): number {
  if (!appliedFilter(s, sessionId)) return total;
  return s.progress?.matched ?? 0;
}

/**
 * Packets known to exist in a session: those indexed, or more when the filter in force already scanned
 * further (while a capture grows the file its progress can arrive before the index's), so that the status
 * bar never shows more displayed than there are packets.
 */
export function knownPackets(s: FilterState, sessionId: SessionId | null, indexed: number): number {
  const p = appliedFilter(s, sessionId) ? s.progress : null;
  return Math.max(indexed, p?.scanned ?? 0);
}

/** A filter is in force and its scan is still running. */
export function isScanning(s: FilterState, sessionId: SessionId | null): boolean {
  const p = s.progress;
  return appliedFilter(s, sessionId) !== null && p !== null && !p.done && !p.cancelled;
}

/** 0..1 of the packets scanned by the filter in force. */
export function scanFraction(s: FilterState): number {
  const p = s.progress;
  if (!p || !(p.total > 0)) return 0;
  return Math.min(1, p.scanned / p.total);
}

/**
 * Wireshark's "Displayed: 54 (39.7%)": one decimal, and never 100.0% unless every packet is shown nor
 * 0.0% unless none is.
 */
export function displayedText(displayed: number, total: number): string {
  const count = Math.trunc(displayed).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (!(total > 0)) return `Displayed: ${count} (0.0%)`;
  let pct = Math.round((displayed / total) * 1000) / 10;
  if (displayed > 0 && pct === 0) pct = 0.1;
  if (displayed < total && pct >= 100) pct = 99.9;
  return `Displayed: ${count} (${pct.toFixed(1)}%)`;
}
