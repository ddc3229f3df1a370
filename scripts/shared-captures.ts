/**
 * Where tests find the shared capture corpus: `shared/captures` beside this repository (as on developer
 * machines and in CI, which clones the project with shared/ next to it), or `$TRAWL_SHARED_DIR/captures`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED_DIR = process.env.TRAWL_SHARED_DIR ?? join(REPO_ROOT, '..', 'shared');
export const CAPTURES_DIR = join(SHARED_DIR, 'captures');

/**
 * Absolute paths of the corpus captures Wireshark 4.0 reads (MANIFEST.tsv's `wireshark_4.0_read` is `ok`),
 * uncompressed ones only (the tests' readCapture takes plain files).
 */
export function wiresharkReadableCaptures(): string[] {
  const lines = readFileSync(join(CAPTURES_DIR, 'MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean);
  const head = lines[0].split('\t');
  const ok = head.indexOf('wireshark_4.0_read');
  return lines
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[ok] === 'ok' && !c[0].endsWith('.gz'))
    .map((c) => join(CAPTURES_DIR, c[0]));
}
