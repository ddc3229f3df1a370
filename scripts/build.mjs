// Builds everything that runs outside the TypeScript sources: the Node entry points (CLI, web shell,
// Electron main and preload, workers) into dist/node/, and the renderer into dist/renderer/.
// Runs on `npm install` (prepare) and before the e2e tests. Usage: node scripts/build.mjs [--watch]
import { build } from 'esbuild';
import { cp, mkdir, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');

const workerEntries = (await readdir(join(root, 'workers')))
  .filter((f) => f.endsWith('.worker.ts'))
  .map((f) => join(root, 'workers', f));

const nodeEntries = [
  ['cli/main.ts', 'trawl'],
  ['web/main.ts', 'web-server'],
  ['electron/main.ts', 'electron-main'],
  ['bench/main.ts', 'bench'],
].filter(([src]) => existsSync(join(root, src)));

const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'es2022' };

await build({
  ...common,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outdir: join(out, 'node'),
  entryPoints: [
    ...nodeEntries.map(([src, name]) => ({ in: join(root, src), out: name })),
    ...workerEntries.map((f) => ({ in: f, out: f.split('/').pop().replace(/\.ts$/, '') })),
  ],
  // ESM bundles that use require() of CommonJS packages need a require in scope.
  banner: { js: "import { createRequire as __trawlCreateRequire } from 'node:module'; const require = __trawlCreateRequire(import.meta.url);" },
});

if (existsSync(join(root, 'electron/preload.ts'))) {
  // A sandboxed preload must be CommonJS and may require only 'electron'.
  await build({
    ...common,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    outfile: join(out, 'node', 'preload.cjs'),
    entryPoints: [join(root, 'electron/preload.ts')],
  });
}

if (existsSync(join(root, 'renderer/main.tsx'))) {
  await mkdir(join(out, 'renderer'), { recursive: true });
  await build({
    ...common,
    platform: 'browser',
    format: 'esm',
    outdir: join(out, 'renderer'),
    entryPoints: [{ in: join(root, 'renderer/main.tsx'), out: 'renderer' }],
    loader: { '.png': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
  });
  await cp(join(root, 'renderer/index.html'), join(out, 'renderer/index.html'));
}
console.log('built dist/');
await import('./build-helper.mjs'); // dist/helper/trawl-capture (C); never fails the build
