/** Pure reads of the ui slice. */
import type { UiState } from './state';

export function uploadFraction(s: UiState): number {
  const u = s.upload;
  return u && u.total > 0 ? Math.min(1, u.sent / u.total) : 0;
}

export function isUploading(s: UiState): boolean {
  return s.upload !== null;
}

/** Opening by path (recent files, Electron dialog) needs a live engine. */
export function canOpen(s: UiState): boolean {
  return s.connection === 'open' && s.upload === null;
}
