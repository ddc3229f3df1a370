import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FilterProgress } from '../core/api';
import { compileFilter } from '../core/filter/compile';
import { FilterView } from './filter-view';
import type { FilterScanJob, FilterScanResult, FilterWorkerApi } from './filter-worker-api';
import { scanPackets } from './filter-scan';
import type { WorkerPool } from './pool';
import { Session } from './session';
import { tcpdumpKeeps } from './test/tcpdump-filter-oracle';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { join } from 'node:path';

const SSH = join(CAPTURES_DIR, 'zeek-traces/ssh/ssh.pcap');
const EXPR = 'tcp port 22';

/** A stand-in for the filter workers: `queued` jobs of others wait; `run` counts the chunks it is given. */
function fakePool(session: Session, othersQueued: () => number): { pool: WorkerPool<FilterWorkerApi>; given: () => number } {
  let given = 0;
  const api = {
    scan: (job: FilterScanJob): Promise<FilterScanResult> => scanPackets(session.fh, job, () => false),
    cancel: async () => undefined,
  } as unknown as FilterWorkerApi;
  let mine = 0;
  const pool = {
    size: 2,
    get queued() {
      return othersQueued() + mine;
    },
    run<R>(job: (a: FilterWorkerApi) => Promise<R>): Promise<R> {
      given++;
      mine++;
      // Taken by a worker on the next turn, as the real pool does once a worker is free.
      return new Promise<void>((r) => setImmediate(r)).then(() => {
        mine--;
        return job(api);
      });
    },
  } as unknown as WorkerPool<FilterWorkerApi>;
  return { pool, given: () => given };
}

async function filterWith(pool: (s: Session) => WorkerPool<FilterWorkerApi>): Promise<{ numbers: number[]; final: FilterProgress }> {
  const s = await Session.open({ sessionId: 't', path: SSH, userPath: true, onProgress: () => undefined });
  try {
    await s.indexed;
    const view = new FilterView({
      id: 'filter-1',
      expression: EXPR,
      session: s,
      pool: pool(s),
      programFor: (linkType) => compileFilter(EXPR, { linkType }),
      plan: { language: 'pcap', runsAs: 'bpf' },
      onProgress: () => undefined,
      chunkPackets: 64,
    });
    const final = await view.finished;
    return { numbers: Array.from({ length: view.count }, (_, r) => view.numberAt(r)), final };
  } finally {
    await s.close();
  }
}

test('a BPF filter runs here, not behind others\' jobs, while they wait for the filter workers (the flow pass)', async () => {
  const expected = tcpdumpKeeps(SSH, EXPR);
  let given = () => 0;
  const { numbers, final } = await filterWith((s) => {
    const f = fakePool(s, () => 3);
    given = f.given;
    return f.pool;
  });
  assert.equal(given(), 0, 'no chunk was queued behind the busy workers');
  assert.ok(expected.length > 0);
  assert.deepEqual(numbers, expected);
  assert.equal(final.done, true);
  assert.equal(final.scanned, final.total);
});

test('with idle workers the chunks go to the pool, and the view is the same', async () => {
  const expected = tcpdumpKeeps(SSH, EXPR);
  let given = () => 0;
  const { numbers } = await filterWith((s) => {
    const f = fakePool(s, () => 0);
    given = f.given;
    return f.pool;
  });
  assert.ok(given() > 1, `chunks given to the pool: ${given()}`);
  assert.deepEqual(numbers, expected);
});

test('when others\' jobs start waiting mid-scan, the rest runs here and the view keeps packet order', async () => {
  const expected = tcpdumpKeeps(SSH, EXPR);
  let given = () => 0;
  const { numbers } = await filterWith((s) => {
    const f = fakePool(s, () => (f.given() >= 2 ? 2 : 0));
    given = f.given;
    return f.pool;
  });
  assert.equal(given(), 2);
  assert.deepEqual(numbers, expected);
});
