import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATOR_VERSION } from '../generate-capture';
import { captureName, ensureCapture } from './capture-cache';

test('the capture is generated once, then reused; stale captures go unless kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-cache-'));
  try {
    const stale = captureName(100, 1, GENERATOR_VERSION - 1);
    await writeFile(join(dir, stale), 'old');
    const first = await ensureCapture(dir, 100, 5, true);
    assert.equal(first.reused, false);
    assert.equal(first.path, join(dir, captureName(100, 5)));
    assert.deepEqual(first.removed, []);
    const second = await ensureCapture(dir, 100, 5, false);
    assert.equal(second.reused, true);
    assert.equal(second.bytes, first.bytes);
    assert.deepEqual(second.removed, [stale]);
    assert.deepEqual(await readdir(dir), [captureName(100, 5)]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
