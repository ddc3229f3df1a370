/**
 * The link group against tshark: every field of LINK_FIELDS on every capture of the set (≥ 99 % of cells
 * equal), and the Protocol / Info columns of packets whose top protocol is a link-layer one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../index';
import { readCapture } from '../read-capture';
import { compareWithTshark, describeDisagreements, tsharkCells } from '../tshark-fields';
import { LINK_FIELDS } from './link';

const CAPTURES = new URL('../../../../../shared/captures/', import.meta.url).pathname;
const LINK_ABBREVS = new Set(['eth', 'llc', 'vlan', 'ieee8021ad', 'arp', 'sll', 'null', 'raw', 'radiotap', 'wlan', 'wlan_radio']);
/** Measured when written: Protocol 62/62, Info 60/62 (two 802.11 Info texts differ) on these captures. */
const COLUMN_AGREEMENT = 0.95;

test('link fields agree with tshark -T fields on the link captures (>= 99 % per field)', async () => {
  const totals = new Map<string, { cells: number; agree: number }>();
  const notes: string[] = [];
  for (const c of LINK_FIELDS.captures) {
    const a = await compareWithTshark(CAPTURES + c, LINK_FIELDS.fields);
    for (const f of a.fields) {
      const t = totals.get(f.field) ?? { cells: 0, agree: 0 };
      t.cells += f.cells;
      t.agree += f.agree;
      totals.set(f.field, t);
    }
    const d = describeDisagreements(a);
    if (d !== '') notes.push(`${c}:\n${d}`);
  }
  const lines = [...totals].map(([f, t]) => `${f} ${t.agree}/${t.cells}`);
  console.log(`link field agreement: ${lines.join(', ')}`);
  for (const [f, t] of totals) {
    assert.ok(t.cells > 0, `${f} never occurs in the link captures`);
    assert.ok(t.agree / t.cells >= 0.99, `${f}: ${t.agree}/${t.cells} cells agree\n${notes.join('\n')}`);
  }
});

test('Protocol and Info columns agree with tshark where a link protocol is on top', async () => {
  let n = 0;
  let proto = 0;
  let info = 0;
  const bad: string[] = [];
  for (const c of LINK_FIELDS.captures) {
    const theirs = await tsharkCells(CAPTURES + c, ['frame.protocols', '_ws.col.Protocol', '_ws.col.Info']);
    const { packets } = readCapture(CAPTURES + c);
    packets.forEach((p, i) => {
      const row = theirs[i];
      if (row === undefined) return;
      const top = row[0].split(':').pop() ?? '';
      if (!LINK_ABBREVS.has(top)) return;
      const s = summarize(p.iface.linkType, p.bytes, p.origlen);
      n++;
      if (s.protocol === row[1]) proto++;
      if (s.info === row[2]) info++;
      else if (bad.length < 5) bad.push(`${c} #${i + 1}: tshark ${JSON.stringify(row[2])} trawl ${JSON.stringify(s.info)}`);
    });
  }
  console.log(`link columns: ${n} packets, Protocol ${proto}/${n}, Info ${info}/${n}`);
  assert.ok(n > 0);
  assert.ok(proto / n >= COLUMN_AGREEMENT, `Protocol ${proto}/${n}`);
  assert.ok(info / n >= COLUMN_AGREEMENT, `Info ${info}/${n}\n${bad.join('\n')}`);
});
