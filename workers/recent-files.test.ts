import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_RECENT, RecentFiles } from './recent-files';

test('recent files: most recent first, deduplicated, capped, missing files dropped', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-recent-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < MAX_RECENT + 2; i++) {
      const f = join(dir, `f${i}.pcap`);
      await writeFile(f, 'x');
      files.push(f);
    }
    const recent = new RecentFiles(join(dir, 'config'));
    assert.deepEqual(await recent.list(), []);
    for (let i = 0; i < files.length; i++) await recent.add(files[i], 1000 + i);
    await recent.add(files[5], 5000);
    let list = await recent.list();
    assert.equal(list.length, MAX_RECENT);
    assert.equal(list[0].path, files[5]);
    assert.equal(list[0].name, 'f5.pcap');
    assert.equal(list.filter((r) => r.path === files[5]).length, 1);
    assert.equal(list[1].path, files[files.length - 1]);
    await rm(files[files.length - 1]);
    list = await new RecentFiles(join(dir, 'config')).list();
    assert.ok(!list.some((r) => r.path === files[files.length - 1]));
    await writeFile(recent.file, '{not json');
    assert.deepEqual(await recent.list(), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
