/** Test helpers: literal packets, tree search, layer order. */
import type { TreeNode } from '../../api';
import { dissectTree, summarize } from '../index';

export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function tree(linkType: number, bytes: Uint8Array, origlen = bytes.length): TreeNode[] {
  return dissectTree(bytes, {
    number: 1,
    timestamp: { sec: 1700000000, nsec: 5000 },
    relTime: 0,
    caplen: bytes.length,
    origlen,
    interface: { id: 0, linkType, linkTypeName: 'TEST', snapLen: 65535, tsDigits: 6 },
  });
}

export { summarize };

/** Layer fields (protocol abbreviations) after the frame node. */
export function layers(nodes: TreeNode[]): string[] {
  return nodes.slice(1).map((n) => n.field ?? '?');
}

/** First node (depth-first) with this field name. */
export function find(nodes: readonly TreeNode[], field: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.field === field) return n;
    const c = find(n.children ?? [], field);
    if (c) return c;
  }
  return undefined;
}

export function must(nodes: readonly TreeNode[], field: string): TreeNode {
  const n = find(nodes, field);
  if (!n) throw new Error(`no ${field} in tree`);
  return n;
}
