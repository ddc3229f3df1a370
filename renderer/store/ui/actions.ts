/** Pure transitions of the ui slice. */
import type { RecentFile } from '../../../core/api';
import type { UiState, UserError } from './state';

export function connected(s: UiState, shell: 'electron' | 'web'): UiState {
  return { ...s, shell, connection: 'open', connectionMessage: null };
}

export function connectionLost(s: UiState, message: string): UiState {
  return { ...s, connection: 'lost', connectionMessage: message, upload: null };
}

export function showError(s: UiState, error: UserError): UiState {
  return { ...s, error };
}

export function dismissError(s: UiState): UiState {
  return { ...s, error: null };
}

export function setGotoOpen(s: UiState, open: boolean): UiState {
  return { ...s, gotoOpen: open };
}

export function uploadStarted(s: UiState, name: string, total: number): UiState {
  return { ...s, upload: { name, sent: 0, total } };
}

export function uploadProgressed(s: UiState, sent: number): UiState {
  return s.upload ? { ...s, upload: { ...s.upload, sent } } : s;
}

export function uploadEnded(s: UiState): UiState {
  return { ...s, upload: null };
}

/** Newest first, one entry per path. */
export function recentFilesLoaded(s: UiState, files: readonly RecentFile[]): UiState {
  const seen = new Set<string>();
  const recentFiles = [...files]
    .sort((a, b) => b.openedAt - a.openedAt)
    .filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
  return { ...s, recentFiles };
}
