// Builds the privileged capture helper, helper/trawl-capture.c, into dist/helper/trawl-capture.
// Run by scripts/build.mjs (so by `npm install`'s prepare and `npm run build`), or alone:
//   node scripts/build-helper.mjs [--strict] [--force]
// Without a C compiler (or if the compile fails) it prints one clear line and exits 0: npm install must
// not break, and live capture is then unavailable (workers/capture-helper.ts says so when asked to
// capture). --strict makes any failure exit 1 (tests); --force rebuilds even when up to date.
// The compiler is $CC, else cc. Installing the capabilities is a packaging step (electron-builder.yml)
// or the user's `sudo setcap cap_net_raw,cap_net_admin=eip dist/helper/trawl-capture`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'helper', 'trawl-capture.c');
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
  return [source, fileURLToPath(import.meta.url)].every((f) => statSync(f).mtimeMs <= built);
}

if (process.platform !== 'linux') {
  fail(`the capture helper is Linux-only (AF_PACKET); not built on ${process.platform}`);
} else if (upToDate()) {
  // Nothing to do.
} else if (spawnSync(cc, ['--version'], { stdio: 'ignore' }).error) {
  fail(`no C compiler (${cc}) found, so the capture helper ${relative(root, output)} was not built`);
} else {
  mkdirSync(dirname(output), { recursive: true });
  const r = spawnSync(cc, [...HELPER_CFLAGS, '-o', output, source], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr ?? '');
    fail(`${cc} could not build the capture helper from ${relative(root, source)} (errors above)`);
  } else {
    console.log(`built ${relative(root, output)}`);
  }
}
