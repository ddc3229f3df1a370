/**
 * Where tests find the shared capture corpus: `shared/captures` beside this repository (as on developer
 * machines and in CI, which clones the project with shared/ next to it), or `$TRAWL_SHARED_DIR/captures`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED_DIR = process.env.TRAWL_SHARED_DIR ?? join(REPO_ROOT, '..', 'shared');
export const CAPTURES_DIR = join(SHARED_DIR, 'captures');
