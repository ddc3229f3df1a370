/**
 * The network group's fields against `tshark -T fields` on its captures (≥ 99 % of cells equal per field),
 * and the Protocol and Info columns of packets whose top protocol is one of the group's against tshark's.
 * tshark's Info carries request/response matching (" (reply in 9)", " (no response found!)"), which is
 * cross-packet state (issue 6): it is removed before comparing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { summarize } from '../../index';
import { readCapture } from '../read-capture';
import { compareCells, describeDisagreements, trawlCells, tsharkCells, type CaptureAgreement } from '../tshark-fields';
import { NETWORK_FIELDS } from './network';

const CAPTURES = join(import.meta.dirname, '../../../../../shared/captures');
const OUR_COLUMN_NAMES = new Set(['IPv4', 'IPv6', 'ICMP', 'ICMPv6', 'IGMPv1', 'IGMPv2', 'IGMPv3', 'GRE', 'VXLAN', 'Geneve', 'ESP', 'AH']);
/** Measured on these captures: all 874 such packets agree (the test prints the count). */
const COLUMN_AGREEMENT = 0.99;

/** Run `work` over `items`, two at a time (the machine is shared). */
async function pooled<T, R>(items: readonly T[], work: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all([lane(), lane()]);
  return out;
}

interface CaptureResult {
  fields: CaptureAgreement;
  /** Packets whose tshark Protocol column is one of ours, and how many of them agree on Protocol and Info. */
  columns: { n: number; ok: number; bad: string[] };
}

const norm = (s: string) => s.replace(/ \((no response found!|reply in \d+|request in \d+)\)/g, '');

/** One tshark run per capture gives both the field cells and the columns. */
async function compareCapture(capture: string): Promise<CaptureResult> {
  const path = join(CAPTURES, capture);
  const names = NETWORK_FIELDS.fields;
  const theirs = await tsharkCells(path, [...names, '_ws.col.Protocol', '_ws.col.Info']);
  const fields = compareCells(path, names, theirs.map((r) => r.slice(0, names.length)), trawlCells(path, names));
  const columns = { n: 0, ok: 0, bad: [] as string[] };
  readCapture(path).packets.forEach((p, i) => {
    const proto = theirs[i]?.[names.length] ?? '';
    const info = theirs[i]?.[names.length + 1] ?? '';
    if (!OUR_COLUMN_NAMES.has(proto)) return;
    const s = summarize(p.iface.linkType, p.bytes.subarray(0, p.caplen), p.origlen);
    columns.n++;
    if (s.protocol === proto && s.info === norm(info)) columns.ok++;
    else if (columns.bad.length < 3) columns.bad.push(`${capture} #${i + 1}: tshark ${proto} "${info}" trawl ${s.protocol} "${s.info}"`);
  });
  return { fields, columns };
}

let cached: Promise<CaptureResult[]> | undefined;
const results = (): Promise<CaptureResult[]> => (cached ??= pooled(NETWORK_FIELDS.captures, compareCapture));

test('network fields agree with tshark -T fields on the group captures', async () => {
  const all = await results();
  const total = new Map<string, { cells: number; agree: number }>();
  for (const { fields: r } of all) {
    assert.equal(r.trawlRows, r.tsharkRows, `${r.path}: packet count`);
    for (const f of r.fields) {
      const t = total.get(f.field) ?? { cells: 0, agree: 0 };
      t.cells += f.cells;
      t.agree += f.agree;
      total.set(f.field, t);
    }
  }
  const failing: string[] = [];
  for (const field of NETWORK_FIELDS.fields) {
    const t = total.get(field) ?? { cells: 0, agree: 0 };
    assert.ok(t.cells > 0, `${field} occurs in none of the captures`);
    if (t.agree / t.cells < 0.99) failing.push(`${field}: ${t.agree}/${t.cells}`);
  }
  const cells = [...total.values()].reduce((a, t) => a + t.cells, 0);
  const agree = [...total.values()].reduce((a, t) => a + t.agree, 0);
  console.log(`network fields: ${agree}/${cells} cells agree over ${NETWORK_FIELDS.fields.length} fields, ${all.length} captures`);
  const details = all.map((r) => describeDisagreements(r.fields)).filter(Boolean).join('\n');
  assert.deepEqual(failing, [], details);
});

test('Protocol and Info columns agree with tshark where the top protocol is ours', async () => {
  const all = await results();
  const n = all.reduce((a, c) => a + c.columns.n, 0);
  const ok = all.reduce((a, c) => a + c.columns.ok, 0);
  console.log(`network columns: ${ok}/${n} packets agree on Protocol and Info`);
  assert.ok(n > 500, `only ${n} packets have a network protocol on top`);
  assert.ok(ok / n >= COLUMN_AGREEMENT, all.flatMap((c) => c.columns.bad).join('\n'));
});
