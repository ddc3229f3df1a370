import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TreeNode } from '../../core/api';
import { ancestorPaths, deepestNodeAt, flattenVisible, navigateTree, nodeAt, parentPath } from './tree-model';

// Ethernet II / IPv4 / UDP, as a dissector would lay it out (absolute offsets).
const tree: TreeNode[] = [
  { label: 'Frame 1: 60 bytes on wire', field: 'frame', offset: 0, length: 60 },
  {
    label: 'Ethernet II',
    field: 'eth',
    offset: 0,
    length: 14,
    children: [
      { label: 'Destination', field: 'eth.dst', offset: 0, length: 6 },
      { label: 'Source', field: 'eth.src', offset: 6, length: 6 },
      { label: 'Type: IPv4 (0x0800)', field: 'eth.type', offset: 12, length: 2 },
    ],
  },
  {
    label: 'Internet Protocol Version 4',
    field: 'ip',
    offset: 14,
    length: 20,
    children: [
      {
        label: 'Flags',
        field: 'ip.flags',
        offset: 20,
        length: 2,
        children: [{ label: "Don't fragment", field: 'ip.flags.df', offset: 20, length: 1 }],
      },
      { label: 'Source Address', field: 'ip.src', offset: 26, length: 4 },
      { label: 'No bytes', offset: 0, length: 0 },
    ],
  },
];

test('paths address nodes and their ancestors', () => {
  assert.equal(nodeAt(tree, '2/0/0')?.field, 'ip.flags.df');
  assert.equal(nodeAt(tree, '2/9'), undefined);
  assert.equal(parentPath('2/0/0'), '2/0');
  assert.equal(parentPath('2'), null);
  assert.deepEqual(ancestorPaths('2/0/0'), ['2', '2/0']);
});

test('only expanded nodes show their children', () => {
  assert.deepEqual(flattenVisible(tree, {}).map((v) => v.path), ['0', '1', '2']);
  const v = flattenVisible(tree, { '2': true, '2/0': true });
  assert.deepEqual(v.map((x) => x.path), ['0', '1', '2', '2/0', '2/0/0', '2/1', '2/2']);
  assert.deepEqual(v.map((x) => x.depth), [0, 0, 0, 1, 2, 1, 1]);
  assert.equal(v[1].hasChildren, true);
  assert.equal(v[1].expanded, false);
});

test('the deepest node covering a byte wins over the frame', () => {
  assert.equal(deepestNodeAt(tree, 7), '1/1');
  assert.equal(deepestNodeAt(tree, 20), '2/0/0');
  assert.equal(deepestNodeAt(tree, 21), '2/0');
  assert.equal(deepestNodeAt(tree, 16), '2');
  assert.equal(deepestNodeAt(tree, 50), '0');
  assert.equal(deepestNodeAt(tree, 60), null);
});

test('keyboard: arrows move, right expands then descends, left collapses then ascends, Enter toggles', () => {
  let visible = flattenVisible(tree, {});
  assert.deepEqual(navigateTree(visible, null, 'ArrowDown'), { selected: '0' });
  assert.deepEqual(navigateTree(visible, '0', 'ArrowDown'), { selected: '1' });
  assert.deepEqual(navigateTree(visible, '2', 'ArrowDown'), { selected: '2' });
  assert.deepEqual(navigateTree(visible, '0', 'ArrowUp'), { selected: '0' });
  assert.deepEqual(navigateTree(visible, '2', 'ArrowRight'), { selected: '2', toggle: { path: '2', expanded: true } });
  visible = flattenVisible(tree, { '2': true });
  assert.deepEqual(navigateTree(visible, '2', 'ArrowRight'), { selected: '2/0' });
  assert.deepEqual(navigateTree(visible, '2/1', 'ArrowRight'), { selected: '2/1' });
  assert.deepEqual(navigateTree(visible, '2/1', 'ArrowLeft'), { selected: '2' });
  assert.deepEqual(navigateTree(visible, '2', 'ArrowLeft'), { selected: '2', toggle: { path: '2', expanded: false } });
  assert.deepEqual(navigateTree(visible, '2', 'Enter'), { selected: '2', toggle: { path: '2', expanded: false } });
  assert.deepEqual(navigateTree(visible, '1', 'Enter'), { selected: '1', toggle: { path: '1', expanded: true } });
  assert.deepEqual(navigateTree(visible, '2', 'End'), { selected: '2/2' });
  assert.equal(navigateTree(visible, '2', 'x'), null);
  assert.equal(navigateTree([], null, 'ArrowDown'), null);
});
