/**
 * Field conformance against tshark: every field of the groups' sets (core/dissect/test/fields/*.ts) on
 * captures of the shared corpus, Trawl's `-T fields` cells (through the engine's packetFields, the path
 * `trawl read -T fields` prints) against `tshark -T fields`. A cell is one field of one packet; cells empty
 * on both sides are not counted. Used by `npm run conformance` (fields-conformance-main.ts, every readable
 * capture) and by fields-conformance.test.ts (a fixed sample).
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ALL_VIEW } from '../../api';
import { TrawlError } from '../../errors';
import type { Engine } from '../../../workers/engine';
import type { FieldConformanceSet } from './fields/conformance-set';
import { defaultRegistry } from '../index';

export const FIELD_SETS_DIR = fileURLToPath(new URL('./fields/', import.meta.url));

/** Packets per packetFields() call while comparing (bounds memory on large captures). */
const PAGE = 5000;

export interface LoadedSet {
  /** File name in fields/, e.g. `frame.ts`. */
  file: string;
  set: FieldConformanceSet;
}

function isFieldSet(v: unknown): v is FieldConformanceSet {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.group === 'string' && Array.isArray(s.fields) && Array.isArray(s.captures);
}

/**
 * Every FieldConformanceSet exported by a file of fields/ (all but *.test.ts and conformance-set.ts).
 * A file that exports none is an error: it would silently measure nothing.
 */
export async function loadFieldSets(dir = FIELD_SETS_DIR): Promise<LoadedSet[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && f !== 'conformance-set.ts')
    .sort();
  const out: LoadedSet[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    const sets = Object.values(mod).filter(isFieldSet);
    if (sets.length === 0) throw new TrawlError('no-field-set', `${join(dir, file)} exports no FieldConformanceSet ({ group, fields, captures }); export one or move the file out of fields/.`);
    for (const set of sets) out.push({ file, set });
  }
  return out;
}

/** The fields of all sets, each once, in set order. */
export function fieldsOfSets(sets: readonly LoadedSet[]): string[] {
  return [...new Set(sets.flatMap((s) => s.set.fields))];
}

/** `*` within a path segment, `**` across segments, `?` one character; several patterns separated by commas. */
export function globMatcher(patterns: string): (path: string) => boolean {
  const res = patterns
    .split(',')
    .filter(Boolean)
    .map((p) => {
      let re = '';
      for (let i = 0; i < p.length; i++) {
        const c = p[i];
        if (c === '*' && p[i + 1] === '*') {
          re += '.*';
          i++;
        } else if (c === '*') re += '[^/]*';
        else if (c === '?') re += '[^/]';
        else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return new RegExp(`^${re}$`);
    });
  return (path) => res.some((r) => r.test(path));
}

/** Captures of the corpus (paths relative to `capturesDir`) that Wireshark 4.0 reads, per MANIFEST.tsv. */
export function readableCaptures(capturesDir: string): string[] {
  const lines = readFileSync(join(capturesDir, 'MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean);
  const head = lines[0].split('\t');
  const iPath = head.indexOf('path');
  const iWs = head.indexOf('wireshark_4.0_read');
  if (iPath < 0 || iWs < 0) throw new TrawlError('bad-manifest', `${capturesDir}/MANIFEST.tsv has no path or wireshark_4.0_read column`);
  return lines
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[iWs] === 'ok')
    .map((c) => c[iPath]);
}

export interface TsharkField {
  abbrev: string;
  /** FT_* type name; FT_PROTOCOL for a protocol. */
  type: string;
  /** BASE_* display, as `tshark -G fields` prints it (a bit width for a boolean; empty for a protocol). */
  display: string;
  /** The bit mask, `0x0` when none. */
  mask: string;
}

let tsharkFieldCache: Map<string, TsharkField> | undefined;

/** Every field and protocol tshark knows (`tshark -G fields`), by filter name. Run once per process. */
export function tsharkFields(): Map<string, TsharkField> {
  if (tsharkFieldCache) return tsharkFieldCache;
  const out = execFileSync('tshark', ['-G', 'fields'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const map = new Map<string, TsharkField>();
  for (const line of out.split('\n')) {
    const c = line.split('\t');
    // P name abbrev; F name abbrev type parent display mask blurb
    if (c[0] === 'P') map.set(c[2], { abbrev: c[2], type: 'FT_PROTOCOL', display: '', mask: '0x0' });
    else if (c[0] === 'F') map.set(c[2], { abbrev: c[2], type: c[3], display: c[5] ?? '', mask: c[6] ?? '0x0' });
  }
  tsharkFieldCache = map;
  return map;
}

/** tshark's `-T fields` lines of one capture (UTC, C locale), and its complaint when it exits non-zero. */
function runTshark(path: string, fields: readonly string[]): Promise<{ lines: string[]; error?: string }> {
  return new Promise((resolve, reject) => {
    const args = ['-r', path, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])];
    const child = spawn('tshark', args, { env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = Buffer.concat(out).toString('utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      // tshark exits 2 on a capture cut short but prints the packets before the cut: compare those, say why.
      const complaint = err.split('\n').filter((l) => l && !l.startsWith('Running as user')).join(' ');
      resolve(code === 0 ? { lines } : { lines, error: `tshark exited ${code}: ${complaint}` });
    });
  });
}

export interface FieldAgreement {
  field: string;
  /** Cells non-empty on at least one side. */
  cells: number;
  agree: number;
  /** The first few disagreements. */
  examples: { capture: string; packet: number; tshark: string; trawl: string }[];
}

export interface CaptureResult {
  path: string;
  cells: number;
  agree: number;
  tsharkRows: number;
  trawlRows: number;
  /** Why a side stopped early or failed (tshark's exit, Trawl's open error or the capture's problem). */
  notes: string[];
}

export interface FieldReport {
  fields: FieldAgreement[];
  captures: CaptureResult[];
  /** Fields of the sets that tshark does not know (not passed to it; not compared). */
  tsharkUnknown: string[];
  /** Fields tshark knows and Trawl does not: every cell tshark fills counts as a disagreement. */
  trawlUnknown: string[];
  cells: number;
  agree: number;
  /** Fields compared with at least one counted cell. */
  covered: number;
}

export interface ConformanceOptions {
  engine: Engine;
  capturesDir: string;
  /** Paths relative to capturesDir. */
  captures: readonly string[];
  fields: readonly string[];
  /** Captures compared at once (tshark processes running together). Default 2. */
  parallel?: number;
  maxExamples?: number;
  /** Called after each capture (progress). */
  onCapture?: (c: CaptureResult, done: number, total: number) => void;
}

/**
 * Opens one at a time: two concurrent openFile calls of one engine race on the recent-files list's
 * temporary file (workers/recent-files.ts names it by process id) and one fails with ENOENT.
 */
let opening: Promise<unknown> = Promise.resolve();
function openOneAtATime(engine: Engine, path: string): Promise<{ sessionId: string }> {
  const next = opening.then(() => engine.openFile({ path }));
  opening = next.catch(() => undefined); // the caller gets the rejection; the chain only orders the calls
  return next;
}

/** Trawl's cells of one capture, page by page, through the engine's contract. */
async function trawlRows(engine: Engine, path: string, fields: readonly string[], notes: string[]): Promise<string[][]> {
  if (fields.length === 0) return [];
  let sessionId: string;
  try {
    sessionId = (await openOneAtATime(engine, path)).sessionId;
  } catch (e) {
    // A capture Trawl cannot open is a result (tshark's cells count as disagreements), not a crash of the run.
    if (!(e instanceof TrawlError)) throw e;
    notes.push(`Trawl cannot open it: ${e.message}`);
    return [];
  }
  try {
    const final = await engine.whenIndexed(sessionId);
    if (final.problem) notes.push(`Trawl stops at record ${final.problem.record}: ${final.problem.reason}`);
    const rows: string[][] = [];
    for (let from = 0; from < final.packets; from += PAGE) {
      const page = await engine.packetFields({ sessionId, view: ALL_VIEW, from, count: PAGE, fields: [...fields] });
      for (let r = 0; r < page.numbers.length; r++) rows.push(page.cells.slice(r * fields.length, (r + 1) * fields.length));
    }
    return rows;
  } finally {
    await engine.closeSession({ sessionId });
  }
}

/** Compare the fields on the captures; tshark once per capture with every field it knows. */
export async function runFieldConformance(opts: ConformanceOptions): Promise<FieldReport> {
  const known = tsharkFields();
  const tsharkUnknown = opts.fields.filter((f) => !known.has(f));
  const compared = opts.fields.filter((f) => known.has(f));
  const trawlUnknown = compared.filter((f) => !defaultRegistry.fields.has(f));
  const ours = compared.filter((f) => defaultRegistry.fields.has(f));
  const oursAt = compared.map((f) => ours.indexOf(f));
  const maxExamples = opts.maxExamples ?? 3;
  const fields: FieldAgreement[] = compared.map((field) => ({ field, cells: 0, agree: 0, examples: [] }));
  const captures: CaptureResult[] = new Array<CaptureResult>(opts.captures.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < opts.captures.length) {
      const k = next++;
      const rel = opts.captures[k];
      const path = join(opts.capturesDir, rel);
      const notes: string[] = [];
      const [theirs, mine] = await Promise.all([
        compared.length > 0 ? runTshark(path, compared) : Promise.resolve<{ lines: string[]; error?: string }>({ lines: [] }),
        trawlRows(opts.engine, path, ours, notes),
      ]);
      if (theirs.error) notes.push(theirs.error);
      const result: CaptureResult = { path: rel, cells: 0, agree: 0, tsharkRows: theirs.lines.length, trawlRows: mine.length, notes };
      const rows = Math.max(theirs.lines.length, mine.length);
      for (let r = 0; r < rows; r++) {
        const t = theirs.lines[r]?.split('\t') ?? [];
        const m = mine[r] ?? [];
        for (let i = 0; i < compared.length; i++) {
          const a = t[i] ?? '';
          const b = oursAt[i] < 0 ? '' : (m[oursAt[i]] ?? '');
          if (a === '' && b === '') continue;
          const f = fields[i];
          f.cells++;
          result.cells++;
          if (a === b) {
            f.agree++;
            result.agree++;
          } else if (f.examples.length < maxExamples) f.examples.push({ capture: rel, packet: r + 1, tshark: a, trawl: b });
        }
      }
      captures[k] = result;
      opts.onCapture?.(result, ++done, opts.captures.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.parallel ?? 2) }, worker));
  const cells = fields.reduce((s, f) => s + f.cells, 0);
  const agree = fields.reduce((s, f) => s + f.agree, 0);
  return { fields, captures, tsharkUnknown, trawlUnknown, cells, agree, covered: fields.filter((f) => f.cells > 0).length };
}

export const percent = (agree: number, cells: number): string => (cells === 0 ? '-' : ((100 * agree) / cells).toFixed(2));

/** Both texts from a little before where they first differ, at most 40 characters each. */
function clipPair(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 12);
  const cut = (s: string) => JSON.stringify((from > 0 ? '…' : '') + (s.length - from > 40 ? s.slice(from, from + 40) + '…' : s.slice(from)));
  return `${cut(a)} / ${cut(b)}`;
}

/** The report as text: per field, per capture (the ones that disagree, unless `allCaptures`), overall. */
export function formatFieldReport(r: FieldReport, allCaptures = false): string {
  const out: string[] = [];
  const w = Math.max(24, ...r.fields.map((f) => f.field.length)) + 2;
  out.push(`${'field'.padEnd(w)}${'cells'.padStart(9)}${'agree'.padStart(9)}${'%'.padStart(8)}  first disagreements (capture #packet tshark / trawl)`);
  for (const f of r.fields) {
    const ex = f.examples.map((e) => `${basename(e.capture)} #${e.packet} ${clipPair(e.tshark, e.trawl)}`).join('; ');
    out.push(`${f.field.padEnd(w)}${String(f.cells).padStart(9)}${String(f.agree).padStart(9)}${percent(f.agree, f.cells).padStart(8)}  ${ex}`);
  }
  const shown = r.captures.filter((c) => allCaptures || c.agree < c.cells || c.notes.length > 0 || c.tsharkRows !== c.trawlRows);
  out.push('', `Captures${allCaptures ? '' : ' that disagree somewhere'} (${shown.length} of ${r.captures.length}):`);
  const cw = Math.max(20, ...shown.map((c) => c.path.length)) + 2;
  out.push(`${'capture'.padEnd(cw)}${'cells'.padStart(9)}${'agree'.padStart(9)}${'%'.padStart(8)}${'tshark rows'.padStart(13)}${'trawl rows'.padStart(12)}`);
  for (const c of shown) {
    out.push(`${c.path.padEnd(cw)}${String(c.cells).padStart(9)}${String(c.agree).padStart(9)}${percent(c.agree, c.cells).padStart(8)}${String(c.tsharkRows).padStart(13)}${String(c.trawlRows).padStart(12)}${c.notes.length ? '  ' + c.notes.join('; ') : ''}`);
  }
  out.push('');
  if (r.tsharkUnknown.length) out.push(`Fields tshark 4.0 does not know (not compared): ${r.tsharkUnknown.join(', ')}`);
  if (r.trawlUnknown.length) out.push(`Fields Trawl does not know (tshark's cells count as disagreements): ${r.trawlUnknown.join(', ')}`);
  out.push(`Fields covered: ${r.covered} (of ${r.fields.length} compared)`);
  out.push(`Overall: ${r.agree} of ${r.cells} cells agree (${percent(r.agree, r.cells)}%) on ${r.captures.length} captures`);
  return out.join('\n');
}
