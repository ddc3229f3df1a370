/**
 * The services group against tshark: every field of SERVICES_FIELDS agrees on ≥ 99 % of its cells over
 * the set's captures (tshark with its defaults), and the Protocol and Info columns agree on the packets
 * whose top protocol (as tshark shows it) is one of this group's. One tshark run per capture gives both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../index';
import { readCapture } from '../read-capture';
import { compareCells, describeDisagreements, trawlCells, tsharkCells } from '../tshark-fields';
import { SERVICES_FIELDS } from './services';

const CAPTURES = new URL('../../../../../shared/captures/', import.meta.url).pathname;
/** tshark's Protocol column for this group's protocols. */
const OURS = new Set(['DNS', 'MDNS', 'LLMNR', 'DHCP', 'BOOTP', 'DHCPv6', 'NTP', 'Syslog']);
/**
 * Measured when this test was written: Protocol 285/285, Info 283/285 (99.3 %). The two are BOOTP packets
 * whose Info names the MAC's vendor (`(00:00:00_00:00:00)`), which needs Wireshark's manuf name table.
 */
const COLUMN_AGREEMENT = 0.99;
const COLUMNS = ['_ws.col.Protocol', '_ws.col.Info'];
const PARALLEL = 3;

interface Measured {
  totals: Map<string, { cells: number; agree: number }>;
  notes: string[];
  columns: { packets: number; protocol: number; info: number; examples: string[] };
}

async function measure(): Promise<Measured> {
  const m: Measured = { totals: new Map(), notes: [], columns: { packets: 0, protocol: 0, info: 0, examples: [] } };
  const fields = SERVICES_FIELDS.fields;
  // A few tshark runs at a time: the machine is shared.
  const rowsOf = new Map<string, Promise<string[][]>>();
  const start = (i: number) => {
    const c = SERVICES_FIELDS.captures[i];
    if (c !== undefined) rowsOf.set(c, tsharkCells(CAPTURES + c, [...fields, ...COLUMNS]));
  };
  for (let i = 0; i < PARALLEL; i++) start(i);
  for (const [i, c] of SERVICES_FIELDS.captures.entries()) {
    const rows = (await rowsOf.get(c)) ?? [];
    start(i + PARALLEL);
    const path = CAPTURES + c;
    const n = fields.length;
    const a = compareCells(path, fields, rows.map((r) => r.slice(0, n)), trawlCells(path, fields));
    for (const f of a.fields) {
      const t = m.totals.get(f.field) ?? { cells: 0, agree: 0 };
      t.cells += f.cells;
      t.agree += f.agree;
      m.totals.set(f.field, t);
    }
    const d = describeDisagreements(a);
    if (d) m.notes.push(`${c}:\n${d}`);
    const { packets } = readCapture(path);
    packets.forEach((p, i) => {
      const [proto = '', info = ''] = rows[i]?.slice(n) ?? [];
      if (!OURS.has(proto)) return;
      const s = summarize(p.iface.linkType, p.bytes, p.origlen);
      const col = m.columns;
      col.packets++;
      if (s.protocol === proto) col.protocol++;
      else if (col.examples.length < 20) col.examples.push(`${c} #${p.number}: Protocol tshark=${proto} trawl=${s.protocol}`);
      if (s.info === info) col.info++;
      else if (col.examples.length < 20) col.examples.push(`${c} #${p.number}: tshark=${JSON.stringify(info)} trawl=${JSON.stringify(s.info)}`);
    });
  }
  return m;
}

let measured: Promise<Measured> | undefined;
const results = (): Promise<Measured> => (measured ??= measure());

test('services fields agree with tshark on >= 99 % of cells', async () => {
  assert.ok(SERVICES_FIELDS.fields.length >= 25);
  assert.ok(SERVICES_FIELDS.captures.length >= 5 && SERVICES_FIELDS.captures.length <= 25);
  const { totals, notes } = await results();
  let cells = 0;
  let agree = 0;
  for (const [field, t] of totals) {
    cells += t.cells;
    agree += t.agree;
    assert.ok(t.cells > 0, `${field} never occurs in the set's captures`);
    assert.ok(t.agree / t.cells >= 0.99, `${field}: ${t.agree}/${t.cells} agree\n${notes.join('\n')}`);
  }
  console.log(`services: ${totals.size} fields, ${agree}/${cells} cells agree (${((100 * agree) / cells).toFixed(2)} %)\n${notes.join('\n')}`);
});

test('services Protocol and Info columns agree with tshark', async () => {
  const { packets, protocol, info, examples } = (await results()).columns;
  console.log(`columns: ${packets} packets, Protocol ${protocol} agree, Info ${info} agree\n${examples.join('\n')}`);
  assert.ok(packets > 250, `only ${packets} packets of this group`);
  assert.ok(protocol / packets >= COLUMN_AGREEMENT, `Protocol ${protocol}/${packets}`);
  assert.ok(info / packets >= COLUMN_AGREEMENT, `Info ${info}/${packets}\n${examples.join('\n')}`);
});
