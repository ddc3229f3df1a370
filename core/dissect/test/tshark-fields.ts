/**
 * Test helper: one capture's `-T fields` cells from tshark and from Trawl, and their comparison. A cell is
 * one field of one packet; cells empty on both sides are not counted (they would flatter the agreement).
 * tshark runs with its defaults (as users run it), so fields that need TCP reassembly or flow state show
 * up as disagreements until Trawl has them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { collectFields, defaultRegistry, tsharkFieldCells } from '../index';
import { frameMetas, readCapture } from './read-capture';

const run = promisify(execFile);

/** tshark's cells: one row per packet, one string per field. */
export async function tsharkCells(path: string, fields: readonly string[], extraArgs: readonly string[] = []): Promise<string[][]> {
  const args = ['-r', path, '-T', 'fields', ...extraArgs];
  for (const f of fields) args.push('-e', f);
  const { stdout } = await run('tshark', args, { maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: 'C' } });
  const lines = stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split('\t'));
}

/** Trawl's cells for the same fields, from core/dissect's field-collecting path. */
export function trawlCells(path: string, fields: readonly string[]): string[][] {
  const { packets } = readCapture(path);
  const interest = new Set(fields);
  const lookup = (n: string) => defaultRegistry.fields.get(n);
  const metas = frameMetas(packets);
  return packets.map((p, i) => {
    const meta = metas[i];
    return tsharkFieldCells(collectFields(p.bytes, meta, interest), fields, lookup);
  });
}

export interface FieldAgreement {
  field: string;
  /** Cells non-empty on at least one side. */
  cells: number;
  agree: number;
  /** The first few disagreements: packet number, tshark's text, Trawl's text. */
  examples: { packet: number; tshark: string; trawl: string }[];
}

export interface CaptureAgreement {
  path: string;
  fields: FieldAgreement[];
  /** Packets tshark and Trawl printed (they differ when one of them stops early on a damaged file). */
  tsharkRows: number;
  trawlRows: number;
}

export function compareCells(path: string, fields: readonly string[], theirs: string[][], ours: string[][], maxExamples = 3): CaptureAgreement {
  const result: FieldAgreement[] = fields.map((field) => ({ field, cells: 0, agree: 0, examples: [] }));
  const rows = Math.max(theirs.length, ours.length);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < fields.length; i++) {
      const a = theirs[r]?.[i] ?? '';
      const b = ours[r]?.[i] ?? '';
      if (a === '' && b === '') continue;
      const f = result[i];
      f.cells++;
      if (a === b) f.agree++;
      else if (f.examples.length < maxExamples) f.examples.push({ packet: r + 1, tshark: a, trawl: b });
    }
  }
  return { path, fields: result, tsharkRows: theirs.length, trawlRows: ours.length };
}

/** Run both sides on one capture and compare. */
export async function compareWithTshark(path: string, fields: readonly string[], extraArgs: readonly string[] = []): Promise<CaptureAgreement> {
  const theirs = await tsharkCells(path, fields, extraArgs);
  return compareCells(path, fields, theirs, trawlCells(path, fields));
}

/** A one-line-per-disagreeing-field description, for assertion messages. */
export function describeDisagreements(a: CaptureAgreement): string {
  return a.fields
    .filter((f) => f.agree < f.cells)
    .map((f) => `${f.field}: ${f.agree}/${f.cells} agree; e.g. ${f.examples.map((e) => `#${e.packet} tshark=${JSON.stringify(e.tshark)} trawl=${JSON.stringify(e.trawl)}`).join('; ')}`)
    .join('\n');
}
