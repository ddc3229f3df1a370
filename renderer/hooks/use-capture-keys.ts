/**
 * Live capture's keys, Wireshark's: Ctrl+E starts or stops, Ctrl+K opens the capture options, Ctrl+Shift+S
 * is Save As. In Electron the menu owns Ctrl+E and Ctrl+Shift+S (they arrive as shell commands), so here
 * they are only the web shell's; Ctrl+K is not in the menu and works in both.
 */
import { useEffect } from 'react';
import type { ShellKind } from '../transport/connect-engine';
import type { LiveCaptureCommands } from './use-live-capture';

export function useCaptureKeys(shell: ShellKind, live: LiveCaptureCommands): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = (e.ctrlKey || e.metaKey) && !e.altKey;
      if (!mod || e.repeat) return;
      const key = e.key.toLowerCase();
      if (key === 'e' && !e.shiftKey && shell === 'web') {
        e.preventDefault();
        live.startStop();
      } else if (key === 'k' && !e.shiftKey) {
        e.preventDefault();
        live.openOptions();
      } else if (key === 's' && e.shiftKey && shell === 'web') {
        e.preventDefault();
        live.saveAs();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shell, live]);
}
