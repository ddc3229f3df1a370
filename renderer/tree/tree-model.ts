/**
 * The layer tree as the detail pane shows it: nodes are addressed by their path of child indices
 * ("1/3/0"), expansion is a set of paths, and keyboard navigation works on the flattened visible list.
 * Pure.
 */
import type { TreeNode } from '../../core/api';

export type NodePath = string;
export type Expanded = Readonly<Record<NodePath, true>>;

export interface VisibleNode {
  node: TreeNode;
  path: NodePath;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  parent: NodePath | null;
}

export function childPath(parent: NodePath | null, index: number): NodePath {
  return parent === null ? String(index) : `${parent}/${index}`;
}

export function parentPath(path: NodePath): NodePath | null {
  const i = path.lastIndexOf('/');
  return i < 0 ? null : path.slice(0, i);
}

/** Every ancestor of `path`, outermost first (not the path itself). */
export function ancestorPaths(path: NodePath): NodePath[] {
  const out: NodePath[] = [];
  for (let p = parentPath(path); p !== null; p = parentPath(p)) out.unshift(p);
  return out;
}

export function nodeAt(tree: readonly TreeNode[], path: NodePath): TreeNode | undefined {
  let list: readonly TreeNode[] | undefined = tree;
  let node: TreeNode | undefined;
  for (const part of path.split('/')) {
    node = list?.[Number(part)];
    if (!node) return undefined;
    list = node.children;
  }
  return node;
}

/** The rows of the tree as drawn: a node's children follow it only when it is expanded. */
export function flattenVisible(tree: readonly TreeNode[], expanded: Expanded): VisibleNode[] {
  const out: VisibleNode[] = [];
  const walk = (nodes: readonly TreeNode[], parent: NodePath | null, depth: number) => {
    nodes.forEach((node, i) => {
      const path = childPath(parent, i);
      const hasChildren = (node.children?.length ?? 0) > 0;
      const open = hasChildren && expanded[path] === true;
      out.push({ node, path, depth, hasChildren, expanded: open, parent });
      if (open) walk(node.children ?? [], path, depth + 1);
    });
  };
  walk(tree, null, 0);
  return out;
}

/**
 * The most specific node whose bytes cover `offset`: among covering siblings the shortest wins (ties: the
 * first), then its children are searched. Null when no node with bytes covers it.
 */
export function deepestNodeAt(tree: readonly TreeNode[], offset: number, source = 0): NodePath | null {
  let found: NodePath | null = null;
  let list: readonly TreeNode[] = tree;
  let parent: NodePath | null = null;
  for (;;) {
    let best = -1;
    for (let i = 0; i < list.length; i++) {
      const n = list[i];
      if (n.length > 0 && (n.source ?? 0) === source && offset >= n.offset && offset < n.offset + n.length) {
        if (best < 0 || n.length < list[best].length) best = i;
      }
    }
    if (best < 0) return found;
    found = childPath(parent, best);
    parent = found;
    list = list[best].children ?? [];
  }
}

export type TreeKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Enter' | 'Home' | 'End';

export interface TreeNavResult {
  selected: NodePath | null;
  /** Paths whose expansion changes, with their new state. */
  toggle?: { path: NodePath; expanded: boolean };
}

/**
 * Keyboard navigation over the visible rows: ↑/↓ move; → expands a closed node or goes to its first child;
 * ← collapses an open node or goes to its parent; Enter toggles. Returns null for keys it does not handle.
 */
export function navigateTree(visible: readonly VisibleNode[], selected: NodePath | null, key: string): TreeNavResult | null {
  if (visible.length === 0) return null;
  const i = selected === null ? -1 : visible.findIndex((v) => v.path === selected);
  const cur = i >= 0 ? visible[i] : undefined;
  switch (key) {
    case 'ArrowDown':
      return { selected: visible[Math.min(visible.length - 1, i + 1)].path };
    case 'ArrowUp':
      return { selected: visible[Math.max(0, i < 0 ? 0 : i - 1)].path };
    case 'Home':
      return { selected: visible[0].path };
    case 'End':
      return { selected: visible[visible.length - 1].path };
    case 'ArrowRight':
      if (!cur) return { selected: visible[0].path };
      if (!cur.hasChildren) return { selected: cur.path };
      if (!cur.expanded) return { selected: cur.path, toggle: { path: cur.path, expanded: true } };
      return { selected: childPath(cur.path, 0) };
    case 'ArrowLeft':
      if (!cur) return { selected: visible[0].path };
      if (cur.expanded) return { selected: cur.path, toggle: { path: cur.path, expanded: false } };
      return { selected: cur.parent ?? cur.path };
    case 'Enter':
      if (!cur) return null;
      if (!cur.hasChildren) return { selected: cur.path };
      return { selected: cur.path, toggle: { path: cur.path, expanded: !cur.expanded } };
    default:
      return null;
  }
}
