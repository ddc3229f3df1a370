import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { emptyFlowInfoColumns, flowInfoAt, PduColumnsBuilder } from '../core/flow/flow-info-columns';
import { PduPayloadArena } from './pdu-bytes';

test('a worker reads the listed segment payloads from the file and puts each PDU together, one after another', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-pdu-bytes-'));
  try {
    // Three "packets" whose TCP payloads sit at bytes 4, 100 and 70000 of the file (70000: a read of its own).
    const file = new Uint8Array(70010).fill(0x2e);
    file.set(new TextEncoder().encode('GET /'), 4);
    file.set(new TextEncoder().encode('x HTTP'), 100);
    file.set(new TextEncoder().encode('200 OK'), 70000);
    const path = join(dir, 'payloads');
    await writeFile(path, file);
    const c = emptyFlowInfoColumns(2);
    const b = new PduColumnsBuilder(2);
    b.put(0, 0, -1, { length: 11, segments: [{ number: 10, offset: 0, length: 5, from: 0 }, { number: 12, offset: 5, length: 6, from: 0 }] });
    b.put(1, 0, -1, { length: 4, segments: [{ number: 30, offset: 0, length: 4, from: 2 }] });
    c.pdu = b.finish();
    c.payloads = { numbers: Uint32Array.of(10, 12, 30), fileOffsets: Float64Array.of(4, 100, 70000), lengths: Uint32Array.of(5, 6, 6) };
    const fh = await open(path, 'r');
    try {
      const arena = await PduPayloadArena.read(fh, path, c);
      assert.ok(arena);
      const text = (k: number) => new TextDecoder().decode(flowInfoAt(c, k, arena.reused)?.tcpPdu?.pdu?.bytes);
      assert.equal(text(0), 'GET /x HTTP');
      assert.equal(text(1), '0 OK');
      assert.equal(text(0), 'GET /x HTTP', 'the reused buffer holds the PDU asked for last');
      const kept = flowInfoAt(c, 0, arena.fresh)?.tcpPdu?.pdu?.bytes;
      flowInfoAt(c, 1, arena.fresh);
      assert.equal(new TextDecoder().decode(kept), 'GET /x HTTP', 'a fresh buffer stays the PDU it was made for');
      assert.equal(await PduPayloadArena.read(fh, path, emptyFlowInfoColumns(1)), undefined, 'nothing listed: nothing read');
    } finally {
      await fh.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
