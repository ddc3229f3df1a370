/** Pure transitions of the capture slice. */
import type { CaptureCheck, CaptureRequest, CaptureState as EngineCaptureState, CaptureStatus, FilterCheck, NetworkInterface, SessionId } from '../../../core/api';
import type { CaptureOptionsForm } from '../../capture/capture-form';
import { ratesSampled } from '../../capture/rates';
import type { FilterProblem } from '../filter/state';
import { canCaptureFrom, captureFilterLinkType } from './selectors';
import type { CaptureState, UnsavedPrompt } from './state';

/**
 * A poll of the engine's interfaces: the list and the rates move on; the selection stays on its interface
 * while it exists, else goes to the first one to capture from (up and not loopback if there is one).
 */
export function interfacesPolled(s: CaptureState, list: readonly NetworkInterface[]): CaptureState {
  const keep = s.selected !== null && list.some((i) => i.name === s.selected);
  const usable = list.filter(canCaptureFrom);
  const first = usable.find((i) => i.up && !i.loopback) ?? usable[0];
  return {
    ...s,
    interfaces: [...list],
    rates: ratesSampled(s.rates, list),
    interfacesError: null,
    selected: keep ? s.selected : (first?.name ?? null),
  };
}

export function interfacesFailed(s: CaptureState, message: string): CaptureState {
  return s.interfacesError === message ? s : { ...s, interfacesError: message };
}

/** Click or arrow on an interface; one Trawl cannot capture from can be looked at but not selected. */
export function interfaceSelected(s: CaptureState, name: string): CaptureState {
  const i = s.interfaces.find((x) => x.name === name);
  return i && canCaptureFrom(i) && s.selected !== name ? { ...s, selected: name } : s;
}

/** ↑/↓ (and Home/End as ±Infinity) over the interfaces Trawl can capture from, stopping at the ends. */
export function interfaceMoved(s: CaptureState, delta: number): CaptureState {
  const usable = s.interfaces.filter(canCaptureFrom);
  if (usable.length === 0) return s;
  const at = usable.findIndex((i) => i.name === s.selected);
  const from = at < 0 ? (delta > 0 ? -1 : usable.length) : at;
  const to = Math.min(usable.length - 1, Math.max(0, delta === Infinity ? usable.length - 1 : delta === -Infinity ? 0 : from + delta));
  return interfaceSelected(s, usable[to].name);
}

export function captureChecked(s: CaptureState, check: CaptureCheck): CaptureState {
  return { ...s, check };
}

/** The user typed a capture filter: it is to be checked for the selected interface's link type. */
export function captureFilterTyped(s: CaptureState, text: string): CaptureState {
  const filterCheck = text.trim() === '' ? ({ status: 'idle' } as const) : ({ status: 'checking', expression: text, linkType: captureFilterLinkType(s) } as const);
  return { ...s, filterText: text, filterCheck };
}

/** An answer is about the field's text for the selected interface's link type (else it is stale). */
function asks(s: CaptureState, expression: string, linkType: number): boolean {
  return s.filterText === expression && expression.trim() !== '' && captureFilterLinkType(s) === linkType;
}

/** The engine answered; an answer about an older text or another link type is dropped. */
export function captureFilterAnswered(s: CaptureState, answer: FilterCheck, linkType: number): CaptureState {
  if (!asks(s, answer.expression, linkType)) return s;
  const filterCheck = answer.ok
    ? ({ status: 'valid', expression: answer.expression, linkType } as const)
    : ({ status: 'invalid', expression: answer.expression, linkType, error: answer.error } as const);
  return { ...s, filterCheck };
}

export function captureFilterFailed(s: CaptureState, expression: string, linkType: number, message: string): CaptureState {
  return asks(s, expression, linkType) ? { ...s, filterCheck: { status: 'failed', expression, linkType, message } } : s;
}

/** startCapture refused the filter (FilterError): red, if the field still shows that text. */
export function captureFilterRejected(s: CaptureState, expression: string, linkType: number, error: FilterProblem): CaptureState {
  if (s.filterText !== expression) return s;
  return { ...s, filterCheck: { status: 'invalid', expression, linkType, error } };
}

export function optionsOpened(s: CaptureState, open: boolean): CaptureState {
  return s.optionsOpen === open ? s : { ...s, optionsOpen: open };
}

export function optionsSaved(s: CaptureState, options: CaptureOptionsForm): CaptureState {
  return { ...s, options };
}

/** startCapture was called: the request is remembered for Ctrl+E whatever comes of it; an old "Saved" notice goes. */
export function startRequested(s: CaptureState, request: CaptureRequest): CaptureState {
  return { ...s, starting: request.interface, lastRequest: request, saved: null };
}

export function startEnded(s: CaptureState): CaptureState {
  return s.starting === null ? s : { ...s, starting: null };
}

/** startCapture resolved: this is the capture Ctrl+E now stops, and the list follows it from the start. */
export function captureStarted(s: CaptureState, status: CaptureStatus, request: CaptureRequest): CaptureState {
  const next = captureStatusReceived(s, status);
  return { ...next, starting: null, currentId: status.captureId, requests: { ...s.requests, [status.captureId]: request }, autoscroll: true };
}

const RANK: Record<EngineCaptureState, number> = { starting: 0, running: 1, stopping: 2, stopped: 3, failed: 3 };

/**
 * A status of any capture (event, startCapture's answer, captures() at connect). Statuses of one capture
 * come in order, but an answer can overtake an event: one that would wind the state back is dropped.
 */
export function captureStatusReceived(s: CaptureState, status: CaptureStatus): CaptureState {
  const prev = s.captures[status.captureId];
  if (prev) {
    const rp = RANK[prev.state];
    const rn = RANK[status.state];
    if (rn < rp) return s;
    if (rn === rp && rn < 3 && status.written < prev.written) return s;
  }
  return { ...s, captures: { ...s.captures, [status.captureId]: status } };
}

/** Captures the engine still has when the window connects: the newest running one is current. */
export function capturesLoaded(s: CaptureState, list: readonly CaptureStatus[]): CaptureState {
  let next = s;
  for (const c of list) next = captureStatusReceived(next, c);
  const newest = [...list].sort((a, b) => b.startedAt - a.startedAt)[0];
  return next.currentId === null && newest ? { ...next, currentId: newest.captureId } : next;
}

/** Save As copied a temporary capture's file: nothing is lost any more when its session closes. */
export function captureSaved(s: CaptureState, captureId: string): CaptureState {
  const c = s.captures[captureId];
  return c && c.unsaved ? { ...s, captures: { ...s.captures, [captureId]: { ...c, unsaved: false } } } : s;
}

export function autoscrollSet(s: CaptureState, on: boolean): CaptureState {
  return s.autoscroll === on ? s : { ...s, autoscroll: on };
}

export function saveAsOpened(s: CaptureState, sessionId: SessionId | null): CaptureState {
  return s.saveAsFor === sessionId ? s : { ...s, saveAsFor: sessionId };
}

export function unsavedPrompted(s: CaptureState, prompt: UnsavedPrompt | null): CaptureState {
  return { ...s, unsavedPrompt: prompt };
}

export function savedAs(s: CaptureState, result: { path: string; bytes: number } | null): CaptureState {
  return { ...s, saved: result };
}

export function ringFilesDismissed(s: CaptureState, captureId: string): CaptureState {
  return { ...s, ringDismissed: { ...s.ringDismissed, [captureId]: true } };
}
