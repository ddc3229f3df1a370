import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FieldOccurrence } from '../core/dissect/index';
import { BadRequestError, NotFoundError } from '../core/errors';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { createEngine, type Engine } from './engine';
import { closeFieldNames, editDistance, fieldCells } from './packet-fields';

const SSH = join(CAPTURES_DIR, 'zeek-traces/ssh/ssh.pcap');
/** Fields Trawl prints as tshark does on this capture today. */
const FIELDS = ['frame.number', 'frame.len', 'frame.time_epoch', 'eth.src', 'eth.dst', 'ip.src', 'ip.dst', 'ip.ttl', 'tcp.srcport', 'udp.dstport'];

async function withEngine(opts: { workers: number; inProcessSummaryLimit?: number }, fn: (engine: Engine) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-fields-test-'));
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir, ...opts });
  try {
    await fn(engine);
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

function tsharkLines(path: string, fields: string[], extra: string[] = []): string[] {
  const args = ['-r', path, '-T', 'fields', ...extra, ...fields.flatMap((f) => ['-e', f])];
  const out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, LC_ALL: 'C' } });
  return out.split('\n').slice(0, -1);
}

const rowsOf = (cells: string[], width: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i += width) out.push(cells.slice(i, i + width).join('\t'));
  return out;
};

test('packetFields: the same cells as tshark, from the workers (batched) and in-process', async () => {
  const want = tsharkLines(SSH, FIELDS);
  assert.ok(want.length > 1000);
  for (const opts of [{ workers: 2, inProcessSummaryLimit: 64 }, { workers: 0 }]) {
    await withEngine(opts, async (engine) => {
      const { sessionId } = await engine.openFile({ path: SSH });
      await engine.whenIndexed(sessionId);
      const page = await engine.packetFields({ sessionId, view: 'all', from: 0, count: 1e9, fields: FIELDS });
      assert.equal(page.numbers.length, want.length);
      assert.equal(page.numbers[0], 1);
      assert.equal(page.numbers[want.length - 1], want.length);
      assert.deepEqual(rowsOf(page.cells, FIELDS.length), want, `workers: ${opts.workers}`);
      // A range in the middle, clipped at the end.
      const tail = await engine.packetFields({ sessionId, view: 'all', from: want.length - 5, count: 100, fields: FIELDS });
      assert.deepEqual([...tail.numbers], [want.length - 4, want.length - 3, want.length - 2, want.length - 1, want.length]);
      assert.deepEqual(rowsOf(tail.cells, FIELDS.length), want.slice(-5));
    });
  }
});

test('packetFields of a filter view: only its packets, numbered as in the file', async () => {
  await withEngine({ workers: 1, inProcessSummaryLimit: 16 }, async (engine) => {
    const { sessionId } = await engine.openFile({ path: SSH });
    const { view } = await engine.applyFilter({ sessionId, expression: 'udp' });
    await engine.whenFiltered(sessionId, view);
    const page = await engine.packetFields({ sessionId, view, from: 0, count: 1000, fields: ['frame.number', 'udp.srcport', 'ip.dst'] });
    assert.deepEqual(rowsOf(page.cells, 3), tsharkLines(SSH, ['frame.number', 'udp.srcport', 'ip.dst'], ['-Y', 'udp']));
    assert.ok(page.numbers.length > 0);
    assert.deepEqual([...page.numbers].map(String), rowsOf(page.cells, 3).map((l) => l.split('\t')[0]));
  });
});

test('packetFields rejects unknown fields by name, with close known names', async () => {
  await withEngine({ workers: 0 }, async (engine) => {
    const { sessionId } = await engine.openFile({ path: SSH });
    await assert.rejects(
      engine.packetFields({ sessionId, view: 'all', from: 0, count: 10, fields: ['ip.src', 'ip.scr', 'nosuch.field.at.all'] }),
      (e: unknown) => {
        assert.ok(e instanceof NotFoundError);
        assert.equal(e.code, 'field-not-found');
        assert.match(e.message, /Some fields aren't valid/);
        assert.match(e.message, /ip\.scr \(did you mean [^)]*ip\.src/);
        assert.match(e.message, /^ {2}nosuch\.field\.at\.all$/m);
        assert.doesNotMatch(e.message, /^ {2}ip\.src/m);
        return true;
      },
    );
    await assert.rejects(engine.packetFields({ sessionId, view: 'all', from: 0, count: 10, fields: [] }), BadRequestError);
    await assert.rejects(engine.packetFields({ sessionId, view: 'nope', from: 0, count: 10, fields: ['ip.src'] }), NotFoundError);
  });
});

test('fieldCells: all, first or last occurrence, joined by the aggregator', () => {
  const occ = (name: string, value: number): FieldOccurrence => ({ name, value, offset: 0, length: 1 });
  const list = [occ('ip.ttl', 64), occ('udp.srcport', 53), occ('ip.ttl', 1), occ('ip.ttl', 2)];
  assert.deepEqual(fieldCells(list, ['ip.ttl', 'udp.srcport', 'udp.dstport'], 'a', ','), ['64,1,2', '53', '']);
  assert.deepEqual(fieldCells(list, ['ip.ttl', 'udp.srcport', 'ip.ttl'], 'f', ','), ['', '53', '64']);
  assert.deepEqual(fieldCells(list, ['ip.ttl'], 'l', ','), ['2']);
  assert.deepEqual(fieldCells(list, ['ip.ttl'], 'a', ';'), ['64;1;2']);
});

test('close names: edit distance and containment', () => {
  assert.equal(editDistance('ip.scr', 'ip.src'), 2);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('udp.port', 'udp.port'), 0);
  assert.deepEqual(closeFieldNames('ip.scr', ['ip.src', 'ip.dst', 'eth.src', 'tcp.srcport']), ['ip.src']);
  assert.deepEqual(closeFieldNames('srcport', ['udp.srcport', 'tcp.srcport', 'ip.src']), ['tcp.srcport', 'udp.srcport']);
  assert.deepEqual(closeFieldNames('zzzzzz', ['ip.src']), []);
});
