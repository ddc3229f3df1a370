/** Pure transitions of the filter slice. */
import type { FilterCheck, FilterProgress, SessionId } from '../../../core/api';
import { HISTORY_CAP, type FilterProblem, type FilterState } from './state';

/** An expression with nothing but spaces means "no filter". */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/**
 * The user typed (or the session changed under the same text): the text is to be checked again. The
 * expression is kept exactly as typed so that error spans index into what the input shows.
 */
export function textChanged(s: FilterState, text: string, sessionId: SessionId | null): FilterState {
  const check = isBlank(text) ? ({ status: 'idle' } as const) : ({ status: 'checking', expression: text, sessionId } as const);
  return { ...s, text, check };
}

/** True when a check state answers the question "does `text` compile for `sessionId`?". */
function answers(s: FilterState, expression: string, sessionId: SessionId | null): boolean {
  return s.check.status !== 'idle' && s.text === expression && s.check.expression === expression && s.check.sessionId === sessionId;
}

/** The engine answered a check; answers to an older text or another session are dropped. */
export function checkAnswered(s: FilterState, answer: FilterCheck, sessionId: SessionId | null): FilterState {
  if (!answers(s, answer.expression, sessionId)) return s;
  const plan =
    answer.ok && answer.language !== undefined && answer.runsAs !== undefined
      ? { language: answer.language, runsAs: answer.runsAs, ...(answer.bpfExpression !== undefined ? { bpfExpression: answer.bpfExpression } : {}) }
      : undefined;
  const check = answer.ok
    ? ({ status: 'valid', expression: answer.expression, sessionId, programs: answer.programs, ...(plan ? { plan } : {}) } as const)
    : ({ status: 'invalid', expression: answer.expression, sessionId, error: answer.error } as const);
  return { ...s, check };
}

/** The check itself failed (not the expression): the bar says so without turning red. */
export function checkFailed(s: FilterState, expression: string, sessionId: SessionId | null, message: string): FilterState {
  if (!answers(s, expression, sessionId)) return s;
  return { ...s, check: { status: 'failed', expression, sessionId, message } };
}

/** Most recent first, one entry per expression (compared trimmed), at most `cap`. */
export function addToHistory(history: readonly string[], expression: string, cap = HISTORY_CAP): string[] {
  const e = expression.trim();
  if (e === '') return history.slice(0, cap);
  return [e, ...history.filter((h) => h !== e)].slice(0, cap);
}

/** The engine accepted a filter and made its view: it is in force from now on, and goes into the history. */
export function filterApplied(s: FilterState, p: FilterProgress): FilterState {
  return {
    ...s,
    applied: { sessionId: p.sessionId, expression: p.expression, view: p.view },
    progress: p,
    history: addToHistory(s.history, p.expression),
  };
}

/** applyFilter rejected the expression (FilterError): the bar shows it red, if it still shows that text. */
export function applyRejected(s: FilterState, expression: string, sessionId: SessionId | null, error: FilterProblem): FilterState {
  if (s.text !== expression) return s;
  return { ...s, check: { status: 'invalid', expression, sessionId, error } };
}

/** Progress of the filter in force; that of other views, and late events after the end, are ignored. */
export function filterProgressed(s: FilterState, p: FilterProgress): FilterState {
  const a = s.applied;
  if (!a || a.view !== p.view || a.sessionId !== p.sessionId) return s;
  const prev = s.progress;
  if (prev && (prev.done || prev.cancelled) && !p.done && !p.cancelled) return s;
  if (prev && !p.done && !p.cancelled && p.scanned < prev.scanned) return s;
  return { ...s, progress: p };
}

/** Back to all packets, with the text emptied (Esc, Clear). */
export function filterCleared(s: FilterState): FilterState {
  return { ...s, text: '', check: { status: 'idle' }, applied: null, progress: null, programOpen: false };
}

/** The filter in force is gone (its session closed or another is shown); the text stays for reuse. */
export function appliedDropped(s: FilterState): FilterState {
  return s.applied === null ? s : { ...s, applied: null, progress: null };
}

export function historyLoaded(s: FilterState, history: readonly string[]): FilterState {
  const clean = history.reduceRight<string[]>((acc, h) => addToHistory(acc, h), []);
  return { ...s, history: clean };
}

export function programToggled(s: FilterState, open = !s.programOpen): FilterState {
  return open === s.programOpen ? s : { ...s, programOpen: open };
}
