import type { RecentFile } from '../../../core/api';

export type ConnectionStatus = 'connecting' | 'open' | 'lost';

export interface UserError {
  title: string;
  message: string;
  /** More for who wants it (a helper's last stderr lines), shown folded. */
  detail?: string;
}

export interface UploadStatus {
  name: string;
  sent: number;
  total: number;
}

/** Everything else the window shows: connection, errors, dialogs, uploads, recent files. */
export interface UiState {
  shell: 'electron' | 'web' | null;
  connection: ConnectionStatus;
  connectionMessage: string | null;
  error: UserError | null;
  gotoOpen: boolean;
  upload: UploadStatus | null;
  recentFiles: RecentFile[];
}

export const initialUiState: UiState = {
  shell: null,
  connection: 'connecting',
  connectionMessage: null,
  error: null,
  gotoOpen: false,
  upload: null,
  recentFiles: [],
};
