/**
 * Where a worker script is: next to this module, `.ts` when running from sources (tsx; workers inherit
 * execArgv) and `.js` when bundled by scripts/build.mjs into dist/node/ beside the entry point.
 */
export function workerUrl(name: string): URL {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./${name}.worker.${ext}`, import.meta.url);
}
