/**
 * Entry of the Electron main process (bundled to dist/node/electron-main.js, next to preload.cjs; the
 * renderer is in dist/renderer/). Everything it does is in desktop-shell.ts; this file only wires the
 * real Electron, the real engine and the real paths.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../workers/engine';
import { startDesktopShell } from './desktop-shell';
import { loadElectron } from './electron-edge';

const here = dirname(fileURLToPath(import.meta.url));
// The window icon (the desktop file names it too once installed); packaged builds ship it in assets/.
const icon = join(here, '..', '..', 'assets', 'icon.png');
const logError = (e: unknown) => console.error('trawl:', e instanceof Error ? (e.stack ?? e.message) : e);
const electron = loadElectron();

startDesktopShell(electron, {
  createEngine: () => createEngine({ shell: 'electron' }),
  argv: process.argv,
  cwd: process.cwd(),
  platform: process.platform,
  paths: {
    preload: join(here, 'preload.cjs'),
    rendererHtml: join(here, '..', 'renderer', 'index.html'),
    ...(existsSync(icon) ? { icon } : {}),
  },
  logError,
}).catch((e: unknown) => {
  logError(e);
  electron.dialog.showErrorBox('Trawl could not start', e instanceof Error ? e.message : String(e));
  electron.app.quit();
});
