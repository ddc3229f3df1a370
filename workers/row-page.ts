/**
 * Builds a page of the packet list: view rows → packet numbers → cached summaries, and for the rest
 * bytes read from the file and summarised in-process (small pages) or across the dissect pool.
 */
import type { RowsPage } from '../core/api';
import type { Summary } from '../core/dissect/types';
import type { DissectWorkerApi } from './dissect-worker-api';
import { readPackets } from './packet-reader';
import type { WorkerPool } from './pool';
import type { Session } from './session';
import { summarizeBatch, type SummaryJob, type SummaryResult } from './summary-batch';

export interface RowPageDeps {
  pool: WorkerPool<DissectWorkerApi> | undefined;
  inProcessLimit: number;
}

/** The rows of a view: how many there are now, and which packet each one is. */
export interface ViewRows {
  readonly count: number;
  /** 1-based packet number of row `r`. */
  numberAt(r: number): number;
}

/** The `all` view: row r is packet r + 1, as far as the index goes. */
export function allRows(session: Session): ViewRows {
  return { get count() { return session.index.count; }, numberAt: (r) => r + 1 };
}

/** Rows [from, from + count) of a view of the session, clipped to the rows the view has now. */
export async function buildRowsPage(session: Session, view: string, rows: ViewRows, from: number, count: number, deps: RowPageDeps): Promise<RowsPage> {
  const index = session.index;
  const start = Math.min(Math.max(0, Math.floor(from)), rows.count);
  const end = Math.min(rows.count, start + Math.max(0, Math.floor(count)));
  const n = end - start;
  const numbers = new Uint32Array(n);
  const relTimes = new Float64Array(n);
  const lengths = new Uint32Array(n);
  const malformed = new Uint8Array(n);
  const text = new Array<string>(n * 4);
  const missing: number[] = [];
  const put = (r: number, s: Summary) => {
    text[r * 4] = s.source;
    text[r * 4 + 1] = s.destination;
    text[r * 4 + 2] = s.protocol;
    text[r * 4 + 3] = s.info;
    malformed[r] = s.malformed ? 1 : 0;
  };
  const missingRows: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = rows.numberAt(start + r) - 1;
    numbers[r] = i + 1;
    relTimes[r] = index.relTime(i);
    lengths[r] = index.origlen(i);
    const s = session.summaries.get(i + 1);
    if (s) put(r, s);
    else {
      missing.push(i);
      missingRows.push(r);
    }
  }
  if (missing.length > 0) {
    const result = await summarize(session, missing, deps);
    for (let k = 0; k < missing.length; k++) {
      const r = missingRows[k];
      const summary = {
        source: result.text[k * 4],
        destination: result.text[k * 4 + 1],
        protocol: result.text[k * 4 + 2],
        info: result.text[k * 4 + 3],
        malformed: result.malformed[k] === 1,
      };
      session.summaries.set(missing[k] + 1, summary);
      put(r, summary);
    }
  }
  return { sessionId: session.id, view, from: start, numbers, relTimes, lengths, malformed, text };
}

async function summarize(session: Session, indices: number[], deps: RowPageDeps): Promise<SummaryResult> {
  const index = session.index;
  const read = await readPackets(session.fh, session.readPath, index, indices);
  const origlens = new Uint32Array(indices.length);
  const linkTypes = new Uint16Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    origlens[k] = index.origlen(indices[k]);
    linkTypes[k] = index.interfaceOf(indices[k])?.linkType ?? 0xffff;
  }
  const job: SummaryJob = { bytes: read.bytes, offsets: read.offsets, caplens: read.caplens, origlens, linkTypes };
  if (!deps.pool || indices.length <= deps.inProcessLimit) return summarizeBatch(job);
  const pool = deps.pool;
  const parts = Math.min(pool.size, Math.ceil(indices.length / deps.inProcessLimit));
  const per = Math.ceil(indices.length / parts);
  const jobs: Promise<SummaryResult>[] = [];
  for (let p = 0; p < parts; p++) {
    const a = p * per;
    const b = Math.min(indices.length, a + per);
    jobs.push(pool.run((w) => w.summarize(slice(job, a, b))));
  }
  const results = await Promise.all(jobs);
  return { text: results.flatMap((r) => r.text), malformed: concat(results.map((r) => r.malformed)) };
}

/** Packets [a, b) of a job, with their bytes copied out so only they cross to the worker. */
function slice(job: SummaryJob, a: number, b: number): SummaryJob {
  const first = job.offsets[a];
  const last = b > a ? job.offsets[b - 1] + job.caplens[b - 1] : first;
  const offsets = job.offsets.slice(a, b);
  for (let k = 0; k < offsets.length; k++) offsets[k] -= first;
  return {
    bytes: job.bytes.slice(first, last),
    offsets,
    caplens: job.caplens.slice(a, b),
    origlens: job.origlens.slice(a, b),
    linkTypes: job.linkTypes.slice(a, b),
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
