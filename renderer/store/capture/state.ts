import type { CaptureCheck, CaptureId, CaptureRequest, CaptureStatus, NetworkInterface, SessionId } from '../../../core/api';
import { DEFAULT_OPTIONS, type CaptureOptionsForm } from '../../capture/capture-form';
import type { RateTable } from '../../capture/rates';
import type { FilterProblem } from '../filter/state';

/**
 * What the capture filter field knows about its text, for one link type (a filter compiles differently
 * for each): the same question-and-answer shape as the display filter's check.
 */
export type CaptureFilterCheck =
  | { status: 'idle' }
  | { status: 'checking'; expression: string; linkType: number }
  | { status: 'valid'; expression: string; linkType: number }
  | { status: 'invalid'; expression: string; linkType: number; error: FilterProblem }
  /** The engine could not be asked: neither green nor red. */
  | { status: 'failed'; expression: string; linkType: number; message: string };

/** What would be lost, and by doing what: the question Wireshark asks before a temporary capture goes. */
export type UnsavedAction = 'close' | 'open' | 'start';

export interface UnsavedPrompt {
  sessionId: SessionId;
  captureId: CaptureId;
  action: UnsavedAction;
}

/** Live capture: the start page's interfaces and their rates, the capture filter and options, the captures and their dialogs. */
export interface CaptureState {
  /** The engine's interfaces at the last poll (empty before the first answer). */
  interfaces: NetworkInterface[];
  /** Why the last poll failed, until one succeeds. */
  interfacesError: string | null;
  rates: RateTable;
  /** The interface selected in the start page's list (by name). */
  selected: string | null;
  /** Whether live capture works here; null until the engine answered. */
  check: CaptureCheck | null;
  filterText: string;
  filterCheck: CaptureFilterCheck;
  /** The options dialog's last accepted fields (Cancel keeps these). */
  options: CaptureOptionsForm;
  optionsOpen: boolean;
  /** Every capture of the engine this window knows about, by id. */
  captures: Record<CaptureId, CaptureStatus>;
  /** What each capture this window started was asked for. */
  requests: Record<CaptureId, CaptureRequest>;
  /** The capture this window started last: the one Ctrl+E stops and the ring files come from. */
  currentId: CaptureId | null;
  /** The last request started: Ctrl+E starts it again when nothing runs. */
  lastRequest: CaptureRequest | null;
  /** The interface a startCapture in flight is for. */
  starting: string | null;
  /** The list follows the newest packet while capturing. */
  autoscroll: boolean;
  /** The Save As dialog is open for this session. */
  saveAsFor: SessionId | null;
  unsavedPrompt: UnsavedPrompt | null;
  /** The last Save As, said until dismissed. */
  saved: { path: string; bytes: number } | null;
  /** Captures whose ring-file list the user closed. */
  ringDismissed: Record<CaptureId, true>;
}

export const initialCaptureState: CaptureState = {
  interfaces: [],
  interfacesError: null,
  rates: {},
  selected: null,
  check: null,
  filterText: '',
  filterCheck: { status: 'idle' },
  options: DEFAULT_OPTIONS,
  optionsOpen: false,
  captures: {},
  requests: {},
  currentId: null,
  lastRequest: null,
  starting: null,
  autoscroll: true,
  saveAsFor: null,
  unsavedPrompt: null,
  saved: null,
  ringDismissed: {},
};
