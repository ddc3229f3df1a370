/**
 * Which capture to open from a command line. Electron's argv is `[electron, app, ...]` in development
 * (`electron . FILE`) and `[trawl, ...]` when packaged (`trawl FILE`); Chromium switches (`--foo`) may
 * sit anywhere among the user's arguments, and `--` ends them.
 */
import { isAbsolute, resolve } from 'node:path';

export interface LaunchArgsInput {
  argv: readonly string[];
  /** True when running from a package (`app.isPackaged`): argv has no app path. */
  packaged: boolean;
  /** Relative paths are relative to this (the launching shell's directory). */
  cwd: string;
}

/** The user's arguments: argv without the executable, the app path (in development) and switches. */
export function userArgs({ argv, packaged }: Omit<LaunchArgsInput, 'cwd'>): string[] {
  const positional: string[] = [];
  let switchesOver = false;
  for (const a of argv.slice(1)) {
    if (switchesOver) positional.push(a);
    else if (a === '--') switchesOver = true;
    else if (!a.startsWith('-')) positional.push(a);
  }
  // `electron [switches] APP [args]`: the first positional argument is the app, not the user's.
  return packaged ? positional : positional.slice(1);
}

/** The absolute path of the capture to open, or null when the command line names none. */
export function captureFromArgs(input: LaunchArgsInput): string | null {
  const first = userArgs(input).find((a) => a.length > 0);
  if (first === undefined) return null;
  return isAbsolute(first) ? first : resolve(input.cwd, first);
}

/** What the first instance sends a second one through `requestSingleInstanceLock(additionalData)`. */
export interface InstanceData {
  argv: string[];
  cwd: string;
}

/**
 * The capture a second instance asked for. Electron warns that the argv it hands over may be reordered
 * or extended, so the original argv travels in `additionalData`; argv is the fallback.
 */
export function captureFromSecondInstance(
  argv: readonly string[],
  workingDirectory: string,
  additionalData: unknown,
  packaged: boolean,
): string | null {
  if (isInstanceData(additionalData)) {
    return captureFromArgs({ argv: additionalData.argv, cwd: additionalData.cwd, packaged });
  }
  return captureFromArgs({ argv, cwd: workingDirectory, packaged });
}

function isInstanceData(v: unknown): v is InstanceData {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return Array.isArray(d.argv) && d.argv.every((a) => typeof a === 'string') && typeof d.cwd === 'string';
}
