import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BYTES_PER_PACKET } from '../../workers/packet-index';
import { generateCapture } from '../generate-capture';
import { measureTrawlOpen } from './trawl-open';

test('measures a generated capture end to end: every packet indexed, index bytes read from the engine', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-open-'));
  try {
    const file = join(dir, 'c.pcapng');
    await generateCapture(file, { packets: 3000, seed: 9 });
    const r = await measureTrawlOpen(file);
    assert.equal(r.packets, 3000);
    assert.equal(r.indexUsedBytes, 3000 * BYTES_PER_PACKET);
    assert.ok(r.indexCapacityBytes >= r.indexUsedBytes);
    assert.ok(r.firstRowsMs >= 0 && r.indexMs >= 0);
    assert.ok(r.peakRssBytes > 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
