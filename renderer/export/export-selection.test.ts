import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_VIEW } from '../../core/api';
import { addRuns, EMPTY_MARKS, runsOf } from '../store/marks/mark-set';
import { choiceUnavailable, defaultExportPath, exportSelection, initialChoice, parseRange, rangeSelection, type ExportContext } from './export-selection';

const marked = addRuns(EMPTY_MARKS, runsOf([4, 9, 10, 77]));
const ctx: ExportContext = { packetCount: 100, view: 'filter-1', displayed: 40, flows: { protocol: 'tcp', streams: [3, 7] }, selectedPacket: 12, marked };
const form = (choice: Parameters<typeof exportSelection>[0]['choice'], range = '') => ({ choice, range, path: '/tmp/out.pcapng' });

test('each choice becomes the engine selection', () => {
  assert.deepEqual(exportSelection(form('all'), ctx), { selection: { kind: 'all' }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('displayed'), ctx), { selection: { kind: 'view', view: 'filter-1' }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('displayed'), { ...ctx, view: ALL_VIEW }), { selection: { kind: 'all' }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('flows'), ctx), { selection: { kind: 'flows', protocol: 'tcp', streams: [3, 7] }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('selected'), ctx), { selection: { kind: 'packets', numbers: Uint32Array.of(12) }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('range', ' 10 - 20 '), ctx), { selection: { kind: 'range', from: 10, to: 20 }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('marked'), ctx), { selection: { kind: 'packets', numbers: Uint32Array.of(4, 9, 10, 77) }, path: '/tmp/out.pcapng' });
  assert.deepEqual(exportSelection(form('range', '1-3, 8 ,98-'), ctx), { selection: { kind: 'packets', numbers: Uint32Array.of(1, 2, 3, 8, 98, 99, 100) }, path: '/tmp/out.pcapng' });
});

test('what cannot be exported says why, at the field at fault', () => {
  assert.deepEqual(exportSelection(form('flows'), { ...ctx, flows: null }), { field: 'choice', message: 'Select TCP or UDP conversations in the Flows view first.' });
  assert.equal(choiceUnavailable('marked', ctx), null);
  assert.equal(choiceUnavailable('marked', { ...ctx, marked: EMPTY_MARKS }), 'No packet is marked (Ctrl+M marks the selected packet).');
  assert.deepEqual(exportSelection(form('marked'), { ...ctx, marked: EMPTY_MARKS }), { field: 'choice', message: 'No packet is marked (Ctrl+M marks the selected packet).' });
  assert.equal(choiceUnavailable('selected', { ...ctx, selectedPacket: null }), 'No packet is selected.');
  assert.deepEqual(exportSelection({ ...form('all'), path: 'out.pcapng' }, ctx), { field: 'path', message: 'Enter an absolute path (starting with /) on the machine the engine runs on.' });
  assert.equal((exportSelection(form('range', 'x'), ctx) as { field: string }).field, 'range');
});

test('ranges in Wireshark’s syntax: N, N-M, N- to the last, -M from the first, separated by commas', () => {
  assert.deepEqual(parseRange('5', 100), [{ from: 5, to: 5 }]);
  assert.deepEqual(parseRange('90-', 100), [{ from: 90, to: 100 }]);
  assert.deepEqual(parseRange('-3', 100), [{ from: 1, to: 3 }]);
  assert.deepEqual(parseRange(' 1-10 ,15, 20 - ', 100), [
    { from: 1, to: 10 },
    { from: 15, to: 15 },
    { from: 20, to: 100 },
  ]);
  assert.deepEqual(parseRange('100', 100), [{ from: 100, to: 100 }]);
});

test('a wrong span is named, with why', () => {
  const cases: [string, string][] = [
    ['', 'Enter packet numbers or ranges such as 1-10,15,20- (packets are numbered 1 to 100).'],
    ['  ', 'Enter packet numbers or ranges such as 1-10,15,20- (packets are numbered 1 to 100).'],
    ['0-5', '“0-5” starts at packet 0: packets are numbered from 1.'],
    ['50-101', '“50-101” goes past the last packet (100).'],
    ['20-10', '“20-10” starts after it ends (20 > 10).'],
    ['1-10,20-15', 'Span 2 (“20-15”) starts after it ends (20 > 15).'],
    ['1,,3', 'Span 2 is empty: remove the extra comma.'],
    ['1-10,', 'Span 2 is empty: remove the extra comma.'],
    ['5,x', 'Span 2 (“x”) is not a packet number or range: write N, N-M, N- (to the last) or -M (from the first).'],
    ['1-2-3', '“1-2-3” is not a packet number or range: write N, N-M, N- (to the last) or -M (from the first).'],
    ['-', '“-” is not a packet number or range: write N, N-M, N- (to the last) or -M (from the first).'],
    ['3;4', '“3;4” is not a packet number or range: write N, N-M, N- (to the last) or -M (from the first).'],
    ['1.5', '“1.5” is not a packet number or range: write N, N-M, N- (to the last) or -M (from the first).'],
    ['7,101-', 'Span 2 (“101-”) starts past the last packet (100).'],
    ['150-200', '“150-200” starts past the last packet (100).'],
    ['4,1000', 'Span 2 (“1000”) is past the last packet (100).'],
  ];
  for (const [text, message] of cases) assert.equal(parseRange(text, 100), message, text);
  assert.deepEqual(exportSelection(form('range', '1,0'), ctx), { field: 'range', message: 'Span 2 (“0”) starts at packet 0: packets are numbered from 1.' });
});

test('one span is a range; several are the packets, ascending and once each; spans that touch are one', () => {
  assert.deepEqual(rangeSelection([{ from: 3, to: 9 }]), { kind: 'range', from: 3, to: 9 });
  assert.deepEqual(rangeSelection([{ from: 20, to: 22 }, { from: 1, to: 2 }, { from: 21, to: 21 }]), { kind: 'packets', numbers: Uint32Array.of(1, 2, 20, 21, 22) });
  assert.deepEqual(rangeSelection([{ from: 1, to: 10 }, { from: 11, to: 20 }]), { kind: 'range', from: 1, to: 20 });
  assert.deepEqual(rangeSelection([{ from: 5, to: 8 }, { from: 1, to: 6 }]), { kind: 'range', from: 1, to: 8 });
});

test('the dialog opens on selected flows, else the displayed packets, else all; the file goes beside the capture', () => {
  assert.equal(initialChoice(ctx), 'flows');
  assert.equal(initialChoice({ ...ctx, flows: null }), 'displayed');
  assert.equal(initialChoice({ ...ctx, flows: null, view: ALL_VIEW }), 'all');
  assert.equal(defaultExportPath({ name: 'a.pcap.gz', path: '/data/a.pcap.gz' }), '/data/a-export.pcapng');
  assert.equal(defaultExportPath({ name: 'b.pcapng', path: '/b.pcapng' }), '/b-export.pcapng');
  assert.equal(defaultExportPath({ name: 'up.pcap' }), '');
});
