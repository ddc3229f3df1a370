import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_VIEW, VIEW_NUMBERS_MAX } from '../core/api';
import { BadRequestError } from '../core/errors';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { createEngine } from './engine';
import { tcpdumpKeeps } from './test/tcpdump-filter-oracle';

test('viewNumbers pages a view’s packet numbers without dissecting: the frames tcpdump keeps, and 1…n for the whole capture', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-view-numbers-'));
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir, workers: 1 });
  try {
    const path = join(CAPTURES_DIR, 'zeek-traces/ssh/ssh.pcap');
    const { sessionId } = await engine.openFile({ path });
    const count = (await engine.whenIndexed(sessionId)).packets;
    const expression = 'tcp[tcpflags] & tcp-push != 0';
    const { view } = await engine.applyFilter({ sessionId, expression });
    await engine.whenFiltered(sessionId, view);
    const expected = tcpdumpKeeps(path, expression);
    assert.ok(expected.length > 10);

    const pages: number[] = [];
    for (let from = 0; ; from += 7) {
      const page = await engine.viewNumbers({ sessionId, view, from, count: 7 });
      assert.equal(page.total, expected.length);
      if (page.numbers.length === 0) break;
      pages.push(...page.numbers);
    }
    assert.deepEqual(pages, expected);

    const all = await engine.viewNumbers({ sessionId, view: ALL_VIEW, from: count - 3, count: 10 });
    assert.deepEqual([...all.numbers], [count - 2, count - 1, count]);
    assert.equal(all.total, count);

    await assert.rejects(engine.viewNumbers({ sessionId, view, from: 0, count: VIEW_NUMBERS_MAX + 1 }), BadRequestError);
    await assert.rejects(engine.viewNumbers({ sessionId, view, from: Number.NaN, count: 1 }), BadRequestError);
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
