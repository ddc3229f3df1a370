/**
 * The recent-files list, persisted as JSON in the config dir: most recent first, at most 10, one entry
 * per path, and files that no longer exist are dropped when the list is read.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RecentFile } from '../core/api';

export const MAX_RECENT = 10;
const FILE = 'recent-files.json';

export class RecentFiles {
  constructor(private readonly configDir: string) {}

  get file(): string {
    return join(this.configDir, FILE);
  }

  async list(): Promise<RecentFile[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      console.warn(`Ignoring unreadable recent-files list ${this.file}: ${(e as Error).message}`);
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((r): r is RecentFile => !!r && typeof r.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'number')
      .filter((r) => existsSync(r.path))
      .slice(0, MAX_RECENT);
  }

  async add(path: string, openedAt = Date.now()): Promise<void> {
    const rest = (await this.list()).filter((r) => r.path !== path);
    const next = [{ path, name: basename(path), openedAt }, ...rest].slice(0, MAX_RECENT);
    await mkdir(this.configDir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(next, null, 2));
    await rename(tmp, this.file);
  }
}
