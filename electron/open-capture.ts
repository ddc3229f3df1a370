/**
 * Opening a capture from the shell (File → Open…, Open Recent, the command line, a second instance, a
 * drop): the open dialog, and one way of telling the user why a file did not open.
 */
import type { SessionInfo } from '../core/api';
import { CaptureFormatError, FileAccessError, TrawlError } from '../core/errors';
import type { BrowserWindowLike, DialogLike, OpenDialogOptionsLike } from './electron-edge';
import type { ShellEngine } from './shell-engine';

export const OPEN_DIALOG_OPTIONS: OpenDialogOptionsLike = {
  title: 'Open Capture File',
  properties: ['openFile'],
  filters: [
    { name: 'Capture files', extensions: ['pcap', 'pcapng', 'cap', 'gz'] },
    { name: 'All Files', extensions: ['*'] },
  ],
};

/** Title and text of the error box for a capture that did not open. */
export function describeOpenError(path: string, error: unknown): { title: string; content: string } {
  if (error instanceof CaptureFormatError) {
    const where = error.record > 0 ? ` (record ${error.record}, byte ${error.offset})` : '';
    return { title: 'Not a capture Trawl can read', content: `${path}\n\n${error.message}${where}` };
  }
  if (error instanceof FileAccessError) {
    return { title: 'Could not read the file', content: `${error.path || path}\n\n${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof TrawlError ? ` [${error.code}]` : '';
  return { title: 'Could not open the capture', content: `${path}\n\n${message}${code}` };
}

/** Open `path` in the engine; on failure show why and resolve null (the failure is the user's to see). */
export async function openCapture(engine: ShellEngine, dialog: DialogLike, path: string): Promise<SessionInfo | null> {
  try {
    return await engine.openFile({ path });
  } catch (e) {
    const { title, content } = describeOpenError(path, e);
    dialog.showErrorBox(title, content);
    return null;
  }
}

/** File → Open…: ask for a file, then open it. Resolves null when the user cancels. */
export async function openFromDialog(
  engine: ShellEngine,
  dialog: DialogLike,
  window: BrowserWindowLike,
): Promise<SessionInfo | null> {
  const { canceled, filePaths } = await dialog.showOpenDialog(window, OPEN_DIALOG_OPTIONS);
  const path = filePaths[0];
  if (canceled || path === undefined) return null;
  return openCapture(engine, dialog, path);
}
