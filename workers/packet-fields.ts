/**
 * `tshark -T fields` cells for a range of a view: view rows → packet numbers → bytes read from the file
 * (as rows() reads them) → core/dissect's field-collecting path, in-process for a few packets or across
 * the dissect pool. Batches are plain data so `fieldCellsBatch` runs the same in a worker and here.
 */
import type { InterfaceInfo, PacketFieldsPage, PacketFieldsRequest } from '../core/api';
import { collectFields, defaultRegistry, tsharkValueText, type FieldOccurrence, type FrameMeta, type PacketFlowInfo } from '../core/dissect/index';
import { BadRequestError, NotFoundError } from '../core/errors';
import type { DissectWorkerApi } from './dissect-worker-api';
import { readPackets } from './packet-reader';
import type { WorkerPool } from './pool';
import type { ViewRows } from './row-page';
import type { Session } from './session';

export type Occurrence = NonNullable<PacketFieldsRequest['occurrence']>;

/** Packets of one batch: packet k is bytes[offsets[k], offsets[k] + caplens[k]), with its record's metadata. */
export interface FieldsJob {
  bytes: Uint8Array;
  offsets: Uint32Array;
  caplens: Uint32Array;
  origlens: Uint32Array;
  numbers: Uint32Array;
  tsSecs: Float64Array;
  tsNsecs: Uint32Array;
  relTimes: Float64Array;
  /** The capture's first packet's timestamp (frame.time_relative to the nanosecond). */
  first: { sec: number; nsec: number };
  /** Index into `interfaces` of each packet's interface. */
  interfaceIds: Uint32Array;
  interfaces: InterfaceInfo[];
  fields: string[];
  occurrence: Occurrence;
  aggregator: string;
  /** What the flow pass knows of each packet (tcp.stream, TCP analysis, IP reassembly), where it knows it. */
  flows?: (PacketFlowInfo | undefined)[];
}

export interface FieldsResult {
  /** Row-major, fields.length per packet. */
  cells: string[];
}

const lookup = (name: string) => defaultRegistry.fields.get(name);

/**
 * One packet's cells: each name's occurrences in tree order as tshark prints them, all / first / last,
 * joined by `aggregator`. A name given twice fills only its last column, the others stay empty (tshark 4.0
 * does that).
 */
export function fieldCells(occurrences: readonly FieldOccurrence[], names: readonly string[], occurrence: Occurrence, aggregator: string): string[] {
  const slot = new Map<string, string[]>();
  const column = new Map<string, number>();
  names.forEach((n, i) => {
    slot.set(n, []);
    column.set(n, i);
  });
  for (const occ of occurrences) {
    const parts = slot.get(occ.name);
    if (parts === undefined) continue;
    // First: keep the first and ignore the rest; last: the latest replaces what was kept.
    if (occurrence === 'f' && parts.length > 0) continue;
    const text = tsharkValueText(lookup(occ.name), occ);
    if (occurrence === 'l') parts[0] = text;
    else parts.push(text);
  }
  return names.map((n, i) => (column.get(n) === i ? (slot.get(n) ?? []).join(aggregator) : ''));
}

/** The cells of every packet of a batch (runs in a dissect worker or in-process). */
export function fieldCellsBatch(job: FieldsJob): FieldsResult {
  const interest = new Set(job.fields);
  const cells: string[] = [];
  for (let k = 0; k < job.numbers.length; k++) {
    const id = job.interfaceIds[k];
    const meta: FrameMeta = {
      number: job.numbers[k],
      timestamp: { sec: job.tsSecs[k], nsec: job.tsNsecs[k] },
      relTime: job.relTimes[k],
      firstTimestamp: job.first,
      caplen: job.caplens[k],
      origlen: job.origlens[k],
      interface: job.interfaces[id] ?? { id, linkType: 0xffff, linkTypeName: 'UNKNOWN', snapLen: 0, tsDigits: 6 },
    };
    const flow = job.flows?.[k];
    if (flow !== undefined) meta.flow = flow;
    const start = job.offsets[k];
    const occurrences = collectFields(job.bytes.subarray(start, start + job.caplens[k]), meta, interest);
    for (const c of fieldCells(occurrences, job.fields, job.occurrence, job.aggregator)) cells.push(c);
  }
  return { cells };
}

/** Edit distance (insert, delete, substitute: 1 each), for suggesting names close to a mistyped one. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Up to `max` known field names close to `name`: fewest edits first, then names that contain it. */
export function closeFieldNames(name: string, known: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 4));
  const scored: [string, number][] = [];
  for (const k of known) {
    const d = editDistance(name, k);
    if (d <= limit) scored.push([k, d]);
    else if (name.length >= 3 && k.includes(name)) scored.push([k, limit + 1]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, max).map(([k]) => k);
}

/**
 * Throws NotFoundError naming every field the registry does not know, with close names for each, as
 * tshark refuses with "Some fields aren't valid".
 */
export function checkFieldNames(fields: readonly string[]): void {
  const unknown = [...new Set(fields.filter((f) => !defaultRegistry.fields.has(f)))];
  if (unknown.length === 0) return;
  const lines = unknown.map((f) => {
    const close = closeFieldNames(f, defaultRegistry.fields.keys());
    return close.length > 0 ? `  ${f} (did you mean ${close.join(', ')}?)` : `  ${f}`;
  });
  throw new NotFoundError(
    'field-not-found',
    `Some fields aren't valid (Trawl does not know them):\n${lines.join('\n')}\nCheck the spelling; the names are Wireshark's display-filter field names.`,
  );
}

export interface PacketFieldsDeps {
  pool: WorkerPool<DissectWorkerApi> | undefined;
  /** Batches of at most this many packets are done in-process (the rows() threshold). */
  inProcessLimit: number;
  /** The flow pass's findings for these packets (FlowInfoService.infoOf), when the engine has them. */
  flowInfo?: (numbers: Uint32Array) => Promise<(PacketFlowInfo | undefined)[]>;
}

/** Checks a request's shape and names; returns the occurrence and aggregator to use. */
export function checkFieldsRequest(req: PacketFieldsRequest): { occurrence: Occurrence; aggregator: string } {
  if (!Array.isArray(req.fields) || req.fields.length === 0 || req.fields.some((f) => typeof f !== 'string' || f.length === 0)) {
    throw new BadRequestError('packetFields needs fields: a non-empty list of field names such as ["frame.number", "ip.src"]');
  }
  if (!Number.isFinite(req.from) || !Number.isFinite(req.count)) throw new BadRequestError('packetFields needs numeric from and count');
  const occurrence = req.occurrence ?? 'a';
  if (occurrence !== 'a' && occurrence !== 'f' && occurrence !== 'l') {
    throw new BadRequestError(`packetFields: occurrence must be "a" (all), "f" (first) or "l" (last), not ${JSON.stringify(occurrence)}`);
  }
  const aggregator = req.aggregator ?? ',';
  if (typeof aggregator !== 'string') throw new BadRequestError('packetFields: aggregator must be a string');
  checkFieldNames(req.fields);
  return { occurrence, aggregator };
}

/** Cells of view rows [from, from + count), clipped to the rows the view has now. */
export async function buildPacketFields(session: Session, rows: ViewRows, req: PacketFieldsRequest, deps: PacketFieldsDeps): Promise<PacketFieldsPage> {
  const { occurrence, aggregator } = checkFieldsRequest(req);
  const index = session.index;
  const start = Math.min(Math.max(0, Math.floor(req.from)), rows.count);
  const end = Math.min(rows.count, start + Math.max(0, Math.floor(req.count)));
  const n = end - start;
  const numbers = new Uint32Array(n);
  const indices = new Array<number>(n);
  for (let r = 0; r < n; r++) {
    numbers[r] = rows.numberAt(start + r);
    indices[r] = numbers[r] - 1;
  }
  const read = await readPackets(session.fh, session.readPath, index, indices);
  const job: FieldsJob = {
    ...read,
    origlens: Uint32Array.from(indices, (i) => index.origlen(i)),
    numbers,
    tsSecs: Float64Array.from(indices, (i) => index.tsSec(i)),
    tsNsecs: Uint32Array.from(indices, (i) => index.tsNsec(i)),
    relTimes: Float64Array.from(indices, (i) => index.relTime(i)),
    first: index.count > 0 ? { sec: index.tsSec(0), nsec: index.tsNsec(0) } : { sec: 0, nsec: 0 },
    interfaceIds: Uint32Array.from(indices, (i) => index.interfaceId(i)),
    interfaces: [...session.interfaces],
    fields: [...req.fields],
    occurrence,
    aggregator,
    ...(deps.flowInfo ? { flows: await deps.flowInfo(numbers) } : {}),
  };
  if (!deps.pool || n <= deps.inProcessLimit) return { numbers, cells: fieldCellsBatch(job).cells };
  const pool = deps.pool;
  const parts = Math.min(pool.size, Math.ceil(n / deps.inProcessLimit));
  const per = Math.ceil(n / parts);
  const jobs: Promise<FieldsResult>[] = [];
  for (let a = 0; a < n; a += per) {
    const part = sliceJob(job, a, Math.min(n, a + per));
    jobs.push(pool.run((w) => w.fields(part)));
  }
  const results = await Promise.all(jobs);
  return { numbers, cells: results.flatMap((r) => r.cells) };
}

/** Packets [a, b) of a job, with their bytes copied out so only they cross to the worker. */
function sliceJob(job: FieldsJob, a: number, b: number): FieldsJob {
  const first = job.offsets[a];
  const last = b > a ? job.offsets[b - 1] + job.caplens[b - 1] : first;
  const offsets = job.offsets.slice(a, b);
  for (let k = 0; k < offsets.length; k++) offsets[k] -= first;
  return {
    ...job,
    bytes: job.bytes.slice(first, last),
    offsets,
    caplens: job.caplens.slice(a, b),
    origlens: job.origlens.slice(a, b),
    numbers: job.numbers.slice(a, b),
    tsSecs: job.tsSecs.slice(a, b),
    tsNsecs: job.tsNsecs.slice(a, b),
    relTimes: job.relTimes.slice(a, b),
    interfaceIds: job.interfaceIds.slice(a, b),
    ...(job.flows ? { flows: job.flows.slice(a, b) } : {}),
  };
}
