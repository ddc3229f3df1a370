/**
 * The shared conformance corpus for the filter compiler: libpcap's accepted and rejected expressions
 * (../shared/filters/*.tsv) and the captures libpcap can read (../shared/captures/MANIFEST.tsv),
 * grouped by link type. Test-side code: reads files with Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES_DIR, SHARED_DIR } from '../../../scripts/shared-captures';
import { LINK_TYPES } from '../../pcap/link-types';

export interface AcceptedRow {
  readonly expr: string;
  /** libpcap DLT name, e.g. EN10MB. */
  readonly linkTypeName: string;
  readonly linkType: number;
  /** libpcap's optimised / unoptimised instruction counts (from the corpus). */
  readonly insns: number;
  readonly insnsUnopt: number;
  /** Other link types libpcap accepts it on. */
  readonly acceptedOn: readonly string[];
}

export interface RejectedRow {
  readonly expr: string;
  /** libpcap's message on EN10MB, LINUX_SLL and RAW (empty when it accepts it there). */
  readonly errors: { readonly EN10MB: string; readonly LINUX_SLL: string; readonly RAW: string };
  readonly needs: string;
}

function readTsv(path: string): Record<string, string>[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

const NAME_TO_LINKTYPE = new Map<string, number>(
  Object.entries(LINK_TYPES).map(([n, meta]) => [meta.name, Number(n)]),
);

/** LINKTYPE_ number of a libpcap DLT name; throws for a name we do not know. */
export function linkTypeNumber(name: string): number {
  const n = NAME_TO_LINKTYPE.get(name);
  if (n === undefined) throw new Error(`unknown link type name ${name}`);
  return n;
}

export function loadAccepted(): AcceptedRow[] {
  return readTsv(join(SHARED_DIR, 'filters', 'accepted.tsv'))
    .filter((r) => NAME_TO_LINKTYPE.has(r.linktype))
    .map((r) => ({
      expr: r.expr,
      linkTypeName: r.linktype,
      linkType: linkTypeNumber(r.linktype),
      insns: Number(r.insns),
      insnsUnopt: Number(r.insns_unopt),
      acceptedOn: r.accepted_on ? r.accepted_on.split(',') : [],
    }));
}

/**
 * Each expression on every link type libpcap accepts it on (the `accepted_on` column) that Trawl
 * knows by name, not only on its primary one. libpcap's sizes belong to the primary link type, so the
 * other rows carry insns 0 (left out of the size report).
 */
export function expandAcceptedOn(rows: readonly AcceptedRow[]): AcceptedRow[] {
  const out: AcceptedRow[] = [];
  for (const row of rows) {
    out.push(row);
    for (const name of row.acceptedOn) {
      if (name === row.linkTypeName || !NAME_TO_LINKTYPE.has(name)) continue;
      out.push({ ...row, linkTypeName: name, linkType: linkTypeNumber(name), insns: 0, insnsUnopt: 0 });
    }
  }
  return out;
}

export function loadRejected(): RejectedRow[] {
  return readTsv(join(SHARED_DIR, 'filters', 'rejected.tsv')).map((r) => ({
    expr: r.expr,
    errors: { EN10MB: r.error_EN10MB, LINUX_SLL: r.error_LINUX_SLL, RAW: r.error_RAW },
    needs: r.needs,
  }));
}

/** Capture files libpcap 1.10 reads, by LINKTYPE_ number, in manifest order. */
export function capturesByLinkType(): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const r of readTsv(join(CAPTURES_DIR, 'MANIFEST.tsv'))) {
    if (r['libpcap_1.10.3_read'] !== 'ok') continue;
    const m = /\((\d+)\)$/.exec(r.linktype);
    if (!m) continue;
    const lt = Number(m[1]);
    const list = out.get(lt) ?? [];
    list.push(join(CAPTURES_DIR, r.path));
    out.set(lt, list);
  }
  return out;
}
