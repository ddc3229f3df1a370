import type { ConversationKind, FlowProgress, FollowProtocol, SessionId } from '../../../core/api';
import type { ExportChoice } from '../../export/export-selection';
import { emptySelection, type FlowSelection } from '../../flows/flow-selection';

/** The stream shown by the Follow stream view. */
export interface FollowTarget {
  sessionId: SessionId;
  protocol: FollowProtocol;
  stream: number;
}

/** The Flows view, Follow stream and the export dialog: what is open and what is chosen. */
export interface FlowsState {
  /** The Flows view is shown. */
  open: boolean;
  kind: ConversationKind;
  /** Endpoints instead of conversations. */
  endpoints: boolean;
  /** Count only the displayed packets (the current display filter's view). On by default. */
  limitToFilter: boolean;
  /** The column sorted by (a column key of flows/flow-columns.ts). */
  sort: { column: string; descending: boolean };
  /** Selected rows: conversation ids (stream numbers for TCP/UDP), or endpoint rows. */
  selection: FlowSelection;
  /** The newest flow-pass progress of each session. */
  progress: Record<SessionId, FlowProgress>;
  follow: FollowTarget | null;
  /** The export dialog is open, with this choice first (null: the dialog picks). */
  exportOpen: { choice: ExportChoice | null } | null;
}

export const initialFlowsState: FlowsState = {
  open: false,
  kind: 'tcp',
  endpoints: false,
  limitToFilter: true,
  sort: { column: 'id', descending: false },
  selection: emptySelection,
  progress: {},
  follow: null,
  exportOpen: null,
};
