/**
 * Entry of the preload (bundled to CommonJS dist/node/preload.cjs). Sandboxed, it can require only
 * 'electron'; all its logic is in preload-bridge.ts.
 */
import { installPreload, type PreloadElectron } from './preload-bridge';

// A sandboxed preload is CommonJS with a `require` limited to 'electron'; the package's typings may be absent.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const electron = require('electron') as PreloadElectron;

installPreload(electron, window, (e) => console.error('trawl preload:', e));
