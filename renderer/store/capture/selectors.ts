/** Pure reads of the capture slice. */
import type { CaptureStatus, NetworkInterface, SessionId, SessionInfo } from '../../../core/api';
import { formatCount } from '../../format/format';
import type { FilterProblem } from '../filter/state';
import type { FilterTone } from '../filter/selectors';
import type { CaptureFilterCheck, CaptureState, UnsavedAction } from './state';

/** The link type a capture filter is checked for when no interface is selected: Ethernet, as Wireshark. */
export const DEFAULT_LINK_TYPE = 1;

/** Trawl captures only from interfaces the helper knows what it would record from. */
export function canCaptureFrom(i: NetworkInterface): boolean {
  return i.linkType !== undefined;
}

/** Why an interface is greyed out, in words, or null when Trawl can capture from it. */
export function whyNotCapturable(i: NetworkInterface): string | null {
  if (canCaptureFrom(i)) return null;
  return `Trawl cannot capture from ${i.name}: the capture helper does not know what kind of link it is (${i.description || 'unknown device'}).`;
}

/** "up", "no carrier" (up without a link), or "down". */
export function linkState(i: NetworkInterface): 'up' | 'no carrier' | 'down' {
  if (!i.up) return 'down';
  return i.running ? 'up' : 'no carrier';
}

export function selectedInterface(s: CaptureState): NetworkInterface | null {
  return s.interfaces.find((i) => i.name === s.selected) ?? null;
}

/** The link type the capture filter is compiled for: the selected interface's. */
export function captureFilterLinkType(s: CaptureState): number {
  return selectedInterface(s)?.linkType ?? DEFAULT_LINK_TYPE;
}

/** The check for the current text and link type; an answer to another question counts as checking. */
export function currentCaptureFilterCheck(s: CaptureState): CaptureFilterCheck {
  const c = s.filterCheck;
  const linkType = captureFilterLinkType(s);
  if (s.filterText.trim() === '') return { status: 'idle' };
  if (c.status === 'idle' || c.expression !== s.filterText || c.linkType !== linkType) return { status: 'checking', expression: s.filterText, linkType };
  return c;
}

export function captureFilterTone(s: CaptureState): FilterTone {
  const c = currentCaptureFilterCheck(s);
  return c.status === 'idle' ? 'empty' : c.status;
}

export function captureFilterProblem(s: CaptureState): FilterProblem | null {
  const c = currentCaptureFilterCheck(s);
  return c.status === 'invalid' ? c.error : null;
}

export function captureFilterFailure(s: CaptureState): string | null {
  const c = currentCaptureFilterCheck(s);
  return c.status === 'failed' ? c.message : null;
}

/**
 * Start works on an interface Trawl can capture from, with a filter that is not known to be wrong (while
 * it is being checked the engine decides, as Enter in the display filter does), and not twice at once.
 */
export function canStart(s: CaptureState, iface: string | null = s.selected): boolean {
  const i = s.interfaces.find((x) => x.name === iface);
  return i !== undefined && canCaptureFrom(i) && captureFilterTone(s) !== 'invalid' && s.starting === null;
}

export function isRunning(c: CaptureStatus | null | undefined): boolean {
  return c !== null && c !== undefined && (c.state === 'starting' || c.state === 'running' || c.state === 'stopping');
}

export function currentCapture(s: CaptureState): CaptureStatus | null {
  return s.currentId === null ? null : (s.captures[s.currentId] ?? null);
}

/** The capture that is running, if any: the current one first, else the newest running. */
export function runningCapture(s: CaptureState): CaptureStatus | null {
  const c = currentCapture(s);
  if (isRunning(c)) return c;
  return Object.values(s.captures).filter(isRunning).sort((a, b) => b.startedAt - a.startedAt)[0] ?? null;
}

/** The capture whose file a session shows (its `captureId`), if this window knows it. */
export function captureOfSession(s: CaptureState, session: SessionInfo | null): CaptureStatus | null {
  return session?.captureId !== undefined ? (s.captures[session.captureId] ?? null) : null;
}

/**
 * A session a ring buffer opened for its next file (its capture already had a session): the window shows
 * it only when the capture's status says the ring moved on, and then only if the previous file was shown
 * (with the display filter applied to it first), so that it neither jumps away from another file nor
 * flashes unfiltered packets.
 */
export function isRingSuccessor(s: CaptureState, info: SessionInfo): boolean {
  const c = info.captureId !== undefined ? s.captures[info.captureId] : undefined;
  return c?.sessionId !== undefined && c.sessionId !== info.sessionId;
}

/** The capture is still writing the file this session shows (Save As must wait, the list grows). */
export function isBeingWritten(s: CaptureState, session: SessionInfo | null): boolean {
  const c = captureOfSession(s, session);
  return isRunning(c) && c?.sessionId === session?.sessionId;
}

/**
 * The open session of a temporary capture nobody saved: its packets go when it closes. The shown session
 * first, else any other open one.
 */
export function unsavedSession(s: CaptureState, sessions: readonly SessionInfo[], activeId: SessionId | null): { sessionId: SessionId; captureId: string } | null {
  const unsaved = sessions.filter((x) => x.captureId !== undefined && s.captures[x.captureId]?.unsaved === true);
  const pick = unsaved.find((x) => x.sessionId === activeId) ?? unsaved[0];
  return pick?.captureId !== undefined ? { sessionId: pick.sessionId, captureId: pick.captureId } : null;
}

const ACTION_WORDS: Record<UnsavedAction, string> = {
  close: 'closing',
  open: 'opening another file',
  start: 'starting a new capture',
};

/** Wireshark's question: "Save the captured packets before closing?" */
export function unsavedQuestion(action: UnsavedAction): string {
  return `Save the captured packets before ${ACTION_WORDS[action]}?`;
}

/**
 * The status bar while a capture's session is shown: "Capturing on eth0 · Captured: 1,204 · Dropped: 0 ·
 * Displayed: 1,204". The capture's counters come twice a second, the session's rows ten times: what the
 * session holds (`indexed`) was captured too, so Captured never reads less than that.
 */
export function captureStatusText(c: CaptureStatus, displayed: number, indexed = 0): string {
  const words: Record<CaptureStatus['state'], string> = {
    starting: 'Starting capture on',
    running: 'Capturing on',
    stopping: 'Stopping capture on',
    stopped: 'Stopped capturing on',
    failed: 'Capture failed on',
  };
  return `${words[c.state]} ${c.interface} · Captured: ${formatCount(Math.max(c.written, indexed))} · Dropped: ${formatCount(c.dropped)} · Displayed: ${formatCount(displayed)}`;
}

/**
 * The ring-buffer capture whose files to offer, once it stopped (until dismissed): its `files` are those
 * still on disk, oldest first. The status itself, so that a component selecting it re-renders only when it
 * changes.
 */
export function ringFilesToShow(s: CaptureState): CaptureStatus | null {
  const c = currentCapture(s);
  if (!c || isRunning(c) || s.ringDismissed[c.captureId] || !s.requests[c.captureId]?.ring || c.files.length === 0) return null;
  return c;
}
