// Runs every *.test.ts of the project in Node's test runner (TypeScript through tsx), in one run so the
// closing summary counts them all. Usage: node scripts/run-tests.mjs [path-substring ...]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const folders = ['core', 'workers', 'electron', 'web', 'renderer', 'cli', 'bench', 'scripts', 'e2e'];
const skipDirs = new Set(['node_modules', 'dist', 'screenshots']);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(relative(root, p));
  }
  return out;
}

const only = process.argv.slice(2);
const files = folders
  .flatMap((f) => {
    try {
      return walk(join(root, f), []);
    } catch {
      return []; // folder not created yet
    }
  })
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
