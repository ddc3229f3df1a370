/**
 * Builds a page of the packet list: view rows → packet numbers → cached summaries, and the rest
 * summarised in-process (small pages, bytes read here) or across the dissect pool (each worker reads its
 * part of the packets from the file itself and answers with packed columns, workers/summary-batch.ts).
 * The main thread's work per row is a few index lookups, the cache, and filling the page's arrays.
 */
import type { RowsPage } from '../core/api';
import type { FlowInfoColumns } from '../core/flow/flow-info-columns';
import type { DissectWorkerApi } from './dissect-worker-api';
import type { WorkerPool } from './pool';
import type { Session } from './session';
import { summarizeJob, unpackTexts, type PackedSummaries, type SummaryJob } from './summary-batch';

export interface RowPageDeps {
  pool: WorkerPool<DissectWorkerApi> | undefined;
  inProcessLimit: number;
  /** What the flow pass knows of packets (FlowInfoService.columnsOf), for Info texts such as `[TCP Retransmission]`. */
  flowInfo?: (numbers: Uint32Array) => Promise<FlowInfoColumns | undefined>;
}

/** The rows of a view: how many there are now, and which packet each one is. */
export interface ViewRows {
  readonly count: number;
  /** 1-based packet number of row `r`. */
  numberAt(r: number): number;
}

/** Link type of an interface the index does not know (yet). */
const UNKNOWN_LINK_TYPE = 0xffff;

/** The `all` view: row r is packet r + 1, as far as the index goes. */
export function allRows(session: Session): ViewRows {
  return { get count() { return session.index.count; }, numberAt: (r) => r + 1 };
}

/** Rows [from, from + count) of a view of the session, clipped to the rows the view has now. */
export async function buildRowsPage(session: Session, view: string, rows: ViewRows, from: number, count: number, deps: RowPageDeps): Promise<RowsPage> {
  const index = session.index;
  const cache = session.summaries;
  const start = Math.min(Math.max(0, Math.floor(from)), rows.count);
  const end = Math.min(rows.count, start + Math.max(0, Math.floor(count)));
  const n = end - start;
  const numbers = new Uint32Array(n);
  const relTimes = new Float64Array(n);
  const lengths = new Uint32Array(n);
  const malformed = new Uint8Array(n);
  const text = new Array<string>(n * 4);
  /** Page rows not in the cache, `missing` of them. */
  const missingRows = new Uint32Array(n);
  let missing = 0;
  for (let r = 0; r < n; r++) {
    const number = rows.numberAt(start + r);
    const i = number - 1;
    numbers[r] = number;
    relTimes[r] = index.relTime(i);
    lengths[r] = index.origlen(i);
    if (!cache.readRow(number, text, malformed, r)) missingRows[missing++] = r;
  }
  if (missing > 0) {
    const jobNumbers = Uint32Array.from(missingRows.subarray(0, missing), (r) => numbers[r]);
    const parts = await summarize(session, jobFor(session, jobNumbers), jobNumbers, deps);
    let k = 0;
    for (const part of parts) {
      const texts = unpackTexts(part);
      const m = part.malformed.length;
      for (let q = 0; q < m; q++, k++) {
        const r = missingRows[k];
        const t = r * 4;
        const c = q * 4;
        text[t] = texts[part.cells[c]];
        text[t + 1] = texts[part.cells[c + 1]];
        text[t + 2] = texts[part.cells[c + 2]];
        text[t + 3] = texts[part.cells[c + 3]];
        malformed[r] = part.malformed[q];
        cache.writeRow(numbers[r], text, malformed, r);
      }
    }
  }
  return { sessionId: session.id, view, from: start, numbers, relTimes, lengths, malformed, text };
}

/** The packets `numbers` as a summary job. */
function jobFor(session: Session, numbers: Uint32Array): SummaryJob {
  const index = session.index;
  const n = numbers.length;
  const job: SummaryJob = {
    path: session.readPath,
    dataOffsets: new Float64Array(n),
    caplens: new Uint32Array(n),
    origlens: new Uint32Array(n),
    linkTypes: new Uint16Array(n),
  };
  const linkTypeOf = index.interfaces.map((iface) => iface.linkType);
  for (let k = 0; k < n; k++) {
    const i = numbers[k] - 1;
    job.dataOffsets[k] = index.dataOffset(i);
    job.caplens[k] = index.caplen(i);
    job.origlens[k] = index.origlen(i);
    job.linkTypes[k] = linkTypeOf[index.interfaceId(i)] ?? UNKNOWN_LINK_TYPE;
  }
  return job;
}

/**
 * The job's summaries as consecutive parts (packets [0, a), [a, b) … of the job, whose packet numbers are
 * `numbers`): in-process for a small job or without a pool, else split evenly across the dissect workers.
 * Each part gets the flow info of its own packets.
 */
async function summarize(session: Session, job: SummaryJob, numbers: Uint32Array, deps: RowPageDeps): Promise<PackedSummaries[]> {
  const n = job.dataOffsets.length;
  const withFlows = async (part: SummaryJob, a: number, b: number): Promise<SummaryJob> => {
    const flows = deps.flowInfo && (await deps.flowInfo(numbers.subarray(a, b)));
    return flows === undefined ? part : { ...part, flows };
  };
  if (!deps.pool || n <= deps.inProcessLimit) return [await summarizeJob(session.fh, await withFlows(job, 0, n))];
  const pool = deps.pool;
  const parts = Math.min(pool.size, Math.ceil(n / deps.inProcessLimit));
  const per = Math.ceil(n / parts);
  const jobs: Promise<PackedSummaries>[] = [];
  for (let a = 0; a < n; a += per) {
    const b = Math.min(n, a + per);
    const part = withFlows(slice(job, a, b), a, b);
    jobs.push(part.then((p) => pool.run((w) => w.summarize(p))));
  }
  return Promise.all(jobs);
}

/** Packets [a, b) of a job, in arrays of their own (a subarray would carry its whole buffer to the worker). */
function slice(job: SummaryJob, a: number, b: number): SummaryJob {
  return {
    path: job.path,
    dataOffsets: job.dataOffsets.slice(a, b),
    caplens: job.caplens.slice(a, b),
    origlens: job.origlens.slice(a, b),
    linkTypes: job.linkTypes.slice(a, b),
  };
}
