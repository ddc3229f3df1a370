import type { SessionId } from '../../../core/api';
import type { MarkSet } from './mark-set';

/** Marking all displayed packets of a filter's view, or unmarking them: fetched in pages, so it takes a while. */
export interface MarkJob {
  id: number;
  sessionId: SessionId;
  kind: 'mark' | 'unmark';
  /** View rows gone through, of `total`. */
  done: number;
  total: number;
}

/**
 * Marked packets (Wireshark's Ctrl+M) of each open session, by packet number; they outlive filters and
 * go when the session closes. Also the one mark-all job running and the last word of a go-to-mark
 * ("no marked packet is displayed"), which the status bar shows for a moment.
 */
export interface MarksState {
  bySession: Record<SessionId, MarkSet>;
  job: MarkJob | null;
  notice: { text: string; seq: number } | null;
}

export const initialMarksState: MarksState = {
  bySession: {},
  job: null,
  notice: null,
};
