import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BYTES_PER_PACKET, PacketIndex, type IndexBatch } from './packet-index';

function batch(from: number, count: number): IndexBatch {
  const b: IndexBatch = {
    count,
    dataOffsets: new Float64Array(count),
    headerSizes: new Uint8Array(count),
    caplens: new Uint32Array(count),
    origlens: new Uint32Array(count),
    tsSecs: new Float64Array(count),
    tsNsecs: new Uint32Array(count),
    interfaceIds: new Uint16Array(count),
  };
  for (let i = 0; i < count; i++) {
    const n = from + i;
    b.dataOffsets[i] = 24 + n * 100 + 16;
    b.headerSizes[i] = 16;
    b.caplens[i] = n % 1500;
    b.origlens[i] = (n % 1500) + 4;
    b.tsSecs[i] = 1_700_000_000 + Math.floor(n / 10);
    b.tsNsecs[i] = (n % 10) * 100_000_000;
    b.interfaceIds[i] = n % 3;
  }
  return b;
}

test('the index grows across batches and keeps every column', () => {
  const idx = new PacketIndex();
  let n = 0;
  for (const size of [1, 1000, 5000, 3]) {
    idx.append(batch(n, size));
    n += size;
  }
  assert.equal(idx.count, n);
  for (const i of [0, 1, 999, 1001, 6003]) {
    assert.equal(idx.dataOffset(i), 24 + i * 100 + 16);
    assert.equal(idx.recordOffset(i), 24 + i * 100);
    assert.equal(idx.caplen(i), i % 1500);
    assert.equal(idx.origlen(i), (i % 1500) + 4);
    assert.equal(idx.interfaceId(i), i % 3);
  }
  assert.ok(Math.abs(idx.relTime(15) - 1.5) < 1e-9);
  assert.ok(idx.memoryBytes <= 2 * n * BYTES_PER_PACKET + 1024 * BYTES_PER_PACKET);
  assert.ok(BYTES_PER_PACKET <= 32);
});

test('columns(from, to) copies the packets of a range, apart from the index', () => {
  const idx = new PacketIndex();
  idx.append(batch(0, 2000));
  const c = idx.columns(1500, 1503);
  assert.deepEqual([...c.dataOffsets], [1500, 1501, 1502].map((i) => 24 + i * 100 + 16));
  assert.deepEqual([...c.caplens], [0, 1, 2]);
  assert.deepEqual([...c.origlens], [4, 5, 6]);
  assert.deepEqual([...c.tsSecs], [1_700_000_150, 1_700_000_150, 1_700_000_150]);
  assert.deepEqual([...c.tsNsecs], [0, 100_000_000, 200_000_000]);
  assert.deepEqual([...c.interfaceIds], [0, 1, 2]);
  c.caplens[0] = 99;
  assert.equal(idx.caplen(1500), 0);
  assert.equal(idx.columns(10, 10).caplens.length, 0);
});
