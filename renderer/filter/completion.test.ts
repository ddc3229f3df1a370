import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldCompletion } from '../../core/api';
import { acceptCompletion, listKey, wordAtCaret, worthShowing, type CompletionList } from './completion';

test('the word at the caret: a name being typed, not strings, numbers or keywords', () => {
  assert.deepEqual(wordAtCaret('dns.qry.na', 10), { start: 0, end: 10, word: 'dns.qry.na' });
  assert.deepEqual(wordAtCaret('ip.src == 1.2.3.4 and tc', 24), { start: 22, end: 24, word: 'tc' });
  assert.deepEqual(wordAtCaret('tcp.po == 80', 4), { start: 0, end: 6, word: 'tcp.po' }, 'the whole word around the caret');
  assert.equal(wordAtCaret('dns.qry.name contains "ab', 25), null, 'inside a string');
  assert.equal(wordAtCaret('"a\\"b" and x', 12)?.word, 'x', 'an escaped quote does not end the string');
  assert.equal(wordAtCaret('tcp.port == 80', 14), null, 'a number');
  assert.equal(wordAtCaret('tcp and', 7), null, 'a keyword');
  assert.equal(wordAtCaret('tcp ', 4), null, 'after a space');
  assert.equal(wordAtCaret('', 0), null);
  assert.equal(wordAtCaret('ip', 0), null, 'the caret before the word');
});

test('accepting replaces the word and puts the caret after the name', () => {
  const at = wordAtCaret('ip.src == 1.2.3.4 and tc', 24);
  assert.ok(at);
  assert.deepEqual(acceptCompletion('ip.src == 1.2.3.4 and tc', at, 'tcp.port'), { text: 'ip.src == 1.2.3.4 and tcp.port', caret: 30 });
  const mid = wordAtCaret('tcp.po == 80', 3);
  assert.ok(mid);
  assert.deepEqual(acceptCompletion('tcp.po == 80', mid, 'tcp.port'), { text: 'tcp.port == 80', caret: 8 });
});

const item = (name: string): FieldCompletion => ({ name, kind: 'field', description: name, type: 'uint16' });

test('the list keyboard: arrows wrap, Tab takes the highlighted or first, Enter only a highlighted one, Esc closes', () => {
  const word = { start: 0, end: 3, word: 'tcp' };
  let list: CompletionList = { word, items: [item('tcp'), item('tcp.port'), item('tcp.flags')], active: -1 };
  assert.deepEqual(listKey(list, 'Tab'), { kind: 'accept', item: item('tcp') });
  assert.deepEqual(listKey(list, 'Enter'), { kind: 'pass' }, 'Enter with nothing highlighted applies the filter');
  let r = listKey(list, 'ArrowDown');
  assert.equal(r.kind, 'move');
  list = r.kind === 'move' ? r.list : list;
  assert.equal(list.active, 0);
  r = listKey(list, 'ArrowUp');
  assert.equal(r.kind === 'move' && r.list.active, 2, 'up from the first wraps to the last');
  list = { ...list, active: 1 };
  assert.deepEqual(listKey(list, 'Enter'), { kind: 'accept', item: item('tcp.port') });
  assert.deepEqual(listKey(list, 'Tab'), { kind: 'accept', item: item('tcp.port') });
  assert.equal(listKey({ ...list, active: 2 }, 'ArrowDown').kind === 'move' && (listKey({ ...list, active: 2 }, 'ArrowDown') as { list: CompletionList }).list.active, 0);
  assert.deepEqual(listKey(list, 'Escape'), { kind: 'close' });
  assert.deepEqual(listKey(list, 'a'), { kind: 'pass' });
  assert.deepEqual(listKey({ ...list, items: [] }, 'ArrowDown'), { kind: 'pass' });
});

test('a list with only the word typed in full is not shown', () => {
  const word = { start: 0, end: 8, word: 'tcp.port' };
  assert.equal(worthShowing({ word, items: [item('tcp.port')], active: -1 }), false);
  assert.equal(worthShowing({ word, items: [], active: -1 }), false);
  assert.equal(worthShowing({ word: { ...word, word: 'tcp.p' }, items: [item('tcp.port')], active: -1 }), true);
});
