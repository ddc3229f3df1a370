import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_VIEW } from '../../core/api';
import { choiceUnavailable, defaultExportPath, exportSelection, initialChoice, parseRange, type ExportContext } from './export-selection';

const ctx: ExportContext = { packetCount: 100, view: 'filter-1', displayed: 40, flows: { protocol: 'tcp', streams: [3, 7] }, selectedPacket: 12 };
const form = (choice: Parameters<typeof exportSelection>[0]['choice'], range = '') => ({ choice, range, path: '/tmp/out.pcapng' });

test('each choice becomes the engine selection', () => {
  assert.deepEqual(exportSelection(form('all'), ctx), { selection: { kind: 'all' }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('displayed'), ctx), { selection: { kind: 'view', view: 'filter-1' }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('displayed'), { ...ctx, view: ALL_VIEW }), { selection: { kind: 'all' }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('flows'), ctx), { selection: { kind: 'flows', protocol: 'tcp', streams: [3, 7] }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('selected'), ctx), { selection: { kind: 'packets', numbers: Uint32Array.of(12) }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('range', ' 10 - 20 '), ctx), { selection: { kind: 'range', from: 10, to: 20 }, path: '/tmp/out.pcapng' });
});

test('what cannot be exported says why, at the field at fault', () => {
  assert.deepEqual(exportSelection(form('flows'), { ...ctx, flows: null }), { field: 'choice', message: 'Select TCP or UDP conversations in the Flows view first.' });
  assert.equal(choiceUnavailable('marked', ctx), 'Trawl cannot mark packets yet.');
  assert.equal(choiceUnavailable('selected', { ...ctx, selectedPacket: null }), 'No packet is selected.');
  assert.deepEqual(exportSelection({ ...form('all'), path: 'out.pcapng' }, ctx), { field: 'path', message: 'Enter an absolute path (starting with /) on the machine the engine runs on.' });
  assert.equal((exportSelection(form('range', 'x'), ctx) as { field: string }).field, 'range');
});

test('ranges: one packet, from-to, open end; out of bounds and backwards refused', () => {
  assert.deepEqual(parseRange('5', 100), { from: 5, to: 5 });
  assert.deepEqual(parseRange('90-', 100), { from: 90, to: 100 });
  assert.equal(parseRange('0-5', 100), 'The range must lie within 1-100.');
  assert.equal(parseRange('50-101', 100), 'The range must lie within 1-100.');
  assert.equal(parseRange('20-10', 100), 'The range starts after it ends (20 > 10).');
  assert.match(parseRange('1,3', 100) as string, /such as 10-20/);
});

test('the dialog opens on selected flows, else the displayed packets, else all; the file goes beside the capture', () => {
  assert.equal(initialChoice(ctx), 'flows');
  assert.equal(initialChoice({ ...ctx, flows: null }), 'displayed');
  assert.equal(initialChoice({ ...ctx, flows: null, view: ALL_VIEW }), 'all');
  assert.equal(defaultExportPath({ name: 'a.pcap.gz', path: '/data/a.pcap.gz' }), '/data/a-export.pcapng');
  assert.equal(defaultExportPath({ name: 'b.pcapng', path: '/b.pcapng' }), '/b-export.pcapng');
  assert.equal(defaultExportPath({ name: 'up.pcap' }), '');
});
