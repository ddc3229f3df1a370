import type { FilterPlanInfo, FilterProgram, FilterProgress, SessionId, ViewId } from '../../../core/api';

/** Where in the expression and why it does not compile (span: [start, end) in UTF-16 code units). */
export interface FilterProblem {
  code: string;
  message: string;
  span: readonly [number, number];
}

/**
 * What the bar knows about the text it shows. `expression` and `sessionId` say which question an answer
 * belongs to; the bar only trusts a state whose question is its current text and session.
 */
export type FilterCheckState =
  | { status: 'idle' }
  | { status: 'checking'; expression: string; sessionId: SessionId | null }
  /** `plan`: the language and how the filter runs (absent when the engine did not say). */
  | { status: 'valid'; expression: string; sessionId: SessionId | null; programs: FilterProgram[]; plan?: FilterPlanInfo }
  | { status: 'invalid'; expression: string; sessionId: SessionId | null; error: FilterProblem }
  /** The engine could not be asked (connection lost, engine fault): neither green nor red. */
  | { status: 'failed'; expression: string; sessionId: SessionId | null; message: string };

/** A display filter in force over one session: its view fills as the engine scans. */
export interface AppliedFilter {
  sessionId: SessionId;
  expression: string;
  view: ViewId;
}

/** The display-filter bar: its text, whether that text compiles, the filter in force and its progress. */
export interface FilterState {
  text: string;
  check: FilterCheckState;
  applied: AppliedFilter | null;
  /** The newest progress of `applied` (null when nothing is applied). */
  progress: FilterProgress | null;
  /** Applied expressions, most recent first, without duplicates, at most HISTORY_CAP. */
  history: string[];
  /** The compiled-program panel is open. */
  programOpen: boolean;
}

export const HISTORY_CAP = 30;

export const initialFilterState: FilterState = {
  text: '',
  check: { status: 'idle' },
  applied: null,
  progress: null,
  history: [],
  programOpen: false,
};
