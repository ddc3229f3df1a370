#!/usr/bin/env node
// `trawl` command: the bundled CLI built by `npm install` (scripts/build.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/node/trawl.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('trawl: the CLI is not built yet. Run `npm install` (or `npm run build`) in the Trawl folder.');
  process.exit(2);
}
await import(entry.href);
