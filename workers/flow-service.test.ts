import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FlowProgress } from '../core/api';
import { CONVERSATION_KINDS } from '../core/flow/conversations';
import { trawlFlows } from '../core/flow/test/flow-tshark';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { createEngine } from './engine';

const CAPTURE = join(CAPTURES_DIR, 'zeek-traces/http/concurrent-range-requests.pcap');

for (const workers of [2, 0]) {
  test(`the engine's flow pass (${workers} workers) equals the pure pass: streams, every table, sorting`, { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trawl-flow-test-'));
    const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir, workers });
    try {
      const events: FlowProgress[] = [];
      let finalEvent: () => void = () => undefined;
      const finalSeen = new Promise<void>((resolve) => (finalEvent = resolve));
      const sub = engine.onFlowProgress((p) => {
        events.push(p);
        if (p.done) finalEvent();
      });
      const { sessionId } = await engine.openFile({ path: CAPTURE });
      await engine.whenIndexed(sessionId);
      const pure = trawlFlows(CAPTURE);
      const first = await engine.streamOf({ sessionId, number: 1 });
      const status = await engine.flowStatus({ sessionId });
      assert.equal(status.done, true);
      assert.equal(status.scanned, pure.streams.length);
      // The engine sends the final event once the reassembly after the pass is over too.
      await finalSeen;
      assert.ok(events.some((e) => e.done && e.sessionId === sessionId), 'a final progress event');
      sub.dispose();
      const s = pure.pass.streams();
      assert.deepEqual(first, s.tcp[0] >= 0 ? { protocol: 'tcp', stream: s.tcp[0] } : s.udp[0] >= 0 ? { protocol: 'udp', stream: s.udp[0] } : null);
      for (const kind of CONVERSATION_KINDS) {
        const page = await engine.conversations({ sessionId, kind });
        assert.equal(page.partial, false);
        assert.deepEqual(page.rows, [...pure.pass.conversations.table(kind).rows].sort((a, b) => a.id - b.id), kind);
      }
      const byBytes = await engine.conversations({ sessionId, kind: 'tcp', sort: { key: 'bytes', descending: true }, from: 0, count: 2 });
      assert.equal(byBytes.rows.length, Math.min(2, byBytes.total));
      assert.ok(byBytes.rows.length < 2 || byBytes.rows[0].bytesAtoB + byBytes.rows[0].bytesBtoA >= byBytes.rows[1].bytesAtoB + byBytes.rows[1].bytesBtoA);
      const stream0 = await engine.conversations({ sessionId, kind: 'tcp' });
      const packets = Array.from(s.tcp).flatMap((x, i) => (x === stream0.rows[0].id ? [i + 1] : []));
      await assert.rejects(engine.streamOf({ sessionId, number: 10_000_000 }), /does not exist/);
      await engine.closeSession({ sessionId });
      assert.ok(packets.length > 0);
    } finally {
      await engine.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
}
