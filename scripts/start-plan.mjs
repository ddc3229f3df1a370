// What `npm start` does, as data: which program to run on which arguments, and whether to build first.
// Kept free of side effects (everything it reads is passed in) so scripts/start-plan.test.ts tests it.
import { constants } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export const WEB_FALLBACK_NOTICE =
  "Electron's binary is not installed here (npm could not download it); serving the same UI from the web shell instead.";

/** The user's arguments to `npm start` / `node scripts/start.mjs`, without a leading `--`. */
export function userArgs(argv) {
  const args = argv.slice(2);
  return args[0] === '--' ? args.slice(1) : args;
}

/**
 * Arguments with relative file paths made absolute against the directory the user ran npm from
 * (`INIT_CWD`; npm runs scripts in the package root). Options (`-x`, `--x`) pass unchanged.
 */
export function absoluteArgs(args, userCwd) {
  let optionsOver = false;
  return args.map((a) => {
    if (!optionsOver && a === '--') {
      optionsOver = true;
      return a;
    }
    if (!optionsOver && a.startsWith('-')) return a;
    return isAbsolute(a) ? a : resolve(userCwd, a);
  });
}

/**
 * The Electron binary, or null. The `electron` package exports the path of its binary; the package may
 * be missing (an optional dependency npm dropped) or present without a usable binary.
 * `requireElectron` throws when the package does not resolve; `isExecutable(path)` checks the file.
 */
export function electronBinary(requireElectron, isExecutable) {
  let binary;
  try {
    binary = requireElectron();
  } catch (e) {
    // Not installed (MODULE_NOT_FOUND), or installed without its binary: Electron's own index.js then
    // throws "Electron failed to install correctly". Either way there is no Electron to run.
    void e;
    return null;
  }
  return typeof binary === 'string' && binary.length > 0 && isExecutable(binary) ? binary : null;
}

const NOT_RUNNABLE = new Set(['ENOENT', 'EACCES', 'ENOTDIR', 'ELOOP']);

/** An executable check over `fs.accessSync`: false for a missing or non-executable file. */
export function executableCheck(accessSync) {
  return (path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch (e) {
      if (e && NOT_RUNNABLE.has(e.code)) return false;
      throw e;
    }
  };
}

/** The built files each way of running needs. */
export function requiredOutputs(root, mode) {
  const renderer = join(root, 'dist', 'renderer', 'index.html');
  return mode === 'electron'
    ? [join(root, 'dist', 'node', 'electron-main.js'), join(root, 'dist', 'node', 'preload.cjs'), renderer]
    : [join(root, 'dist', 'node', 'web-server.js'), renderer];
}

/**
 * The plan: `{ mode, build, command, args, notice }`. `exists(path)` tells whether a built file is there.
 * Electron runs on the app folder (`electron ROOT FILE…`), the web shell on its bundle.
 */
export function planStart({ root, argv, userCwd, execPath, binary, exists }) {
  const args = absoluteArgs(userArgs(argv), userCwd);
  const mode = binary ? 'electron' : 'web';
  const build = requiredOutputs(root, mode).some((p) => !exists(p));
  if (mode === 'electron') return { mode, build, command: binary, args: [root, ...args], notice: null };
  return {
    mode,
    build,
    command: execPath,
    args: [join(root, 'dist', 'node', 'web-server.js'), ...args],
    notice: WEB_FALLBACK_NOTICE,
  };
}
