/**
 * Window-wide input: Ctrl+O (open), Ctrl+G (go to packet), Escape (cancel), and dropping files. In
 * Electron the preload turns dropped files into openFile calls and the menu owns Ctrl+O, so here the drop
 * is only kept from navigating away.
 */
import { useEffect } from 'react';
import type { ShellKind } from '../transport/connect-engine';
import type { CaptureCommands } from './use-capture-commands';

export function useWindowInput(shell: ShellKind, commands: CaptureCommands): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'o' && shell === 'web') {
        e.preventDefault();
        commands.chooseFile();
      } else if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'g') {
        e.preventDefault();
        commands.openGoto();
      }
    };
    const onDragOver = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }
    };
    const onDrop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      if (shell === 'web') commands.upload(file);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [shell, commands]);
}
