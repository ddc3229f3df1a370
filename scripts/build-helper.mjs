// Builds the privileged capture helper, every helper/*.c (main.c orchestrates; each module has a .h), into
// dist/helper/trawl-capture.
// Run by scripts/build.mjs (so by `npm install`'s prepare and `npm run build`), or alone:
//   node scripts/build-helper.mjs [--strict] [--force]
// Without a C compiler (or if the compile fails) it prints one clear line and exits 0: npm install must
// not break, and live capture is then unavailable (workers/capture-helper.ts says so when asked to
// capture). --strict makes any failure exit 1 (tests); --force rebuilds even when up to date.
// The compiler is $CC, else cc. Installing the capabilities is a packaging step (electron-builder.yml)
// or the user's `sudo setcap cap_net_raw,cap_net_admin=eip dist/helper/trawl-capture`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const helperDir = join(root, 'helper');
// Sorted, so the compiler sees the same command line on every machine.
const helperFiles = (ext) =>
  existsSync(helperDir) ? readdirSync(helperDir).filter((f) => f.endsWith(ext)).sort().map((f) => join(helperDir, f)) : [];
const sources = helperFiles('.c');
const headers = helperFiles('.h');
const output = join(root, 'dist', 'helper', 'trawl-capture');
const cc = process.env.CC || 'cc';
const strict = process.argv.includes('--strict');
const force = process.argv.includes('--force');

export const HELPER_CFLAGS = [
  '-O2', '-Wall', '-Wextra', '-Werror', '-D_FORTIFY_SOURCE=2', '-fstack-protector-strong', '-fPIE', '-pie',
  '-Wl,-z,relro', '-Wl,-z,now',
];

function fail(message) {
  console.log(`trawl: ${message}; live capture is unavailable until it is built (node scripts/build-helper.mjs).`);
  if (strict) process.exitCode = 1;
}

function upToDate() {
  if (force || !existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  // Every source and header (a changed header changes every file that includes it), the folder itself
  // (its mtime moves when a file is added, removed or renamed), and this script.
  return [helperDir, ...sources, ...headers, fileURLToPath(import.meta.url)].every((f) => statSync(f).mtimeMs <= built);
}

if (process.platform !== 'linux') {
  fail(`the capture helper is Linux-only (AF_PACKET); not built on ${process.platform}`);
} else if (sources.length === 0) {
  fail(`no C sources in ${relative(root, helperDir)}/`);
} else if (upToDate()) {
  // Nothing to do.
} else if (spawnSync(cc, ['--version'], { stdio: 'ignore' }).error) {
  fail(`no C compiler (${cc}) found, so the capture helper ${relative(root, output)} was not built`);
} else {
  mkdirSync(dirname(output), { recursive: true });
  const r = spawnSync(cc, [...HELPER_CFLAGS, '-o', output, ...sources], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr ?? '');
    fail(`${cc} could not build the capture helper from ${relative(root, helperDir)}/*.c (errors above)`);
  } else {
    console.log(`built ${relative(root, output)}`);
  }
}
