/** The layer tree of the selected packet: expand/collapse by mouse and keyboard; expert items coloured. */
import { useEffect, useMemo, useRef } from 'react';
import type { TreeNode } from '../../core/api';
import { flattenVisible, navigateTree, type Expanded, type NodePath } from '../tree/tree-model';

export interface DetailTreeProps {
  tree: readonly TreeNode[];
  expanded: Expanded;
  selected: NodePath | null;
  onSelect(path: NodePath): void;
  onToggle(path: NodePath, open: boolean): void;
}

export function DetailTree({ tree, expanded, selected, onSelect, onToggle }: DetailTreeProps) {
  const visible = useMemo(() => flattenVisible(tree, expanded), [tree, expanded]);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (selected === null) return;
    const el = box.current?.querySelector<HTMLElement>(`[data-path="${selected}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [selected, visible]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const r = navigateTree(visible, selected, e.key);
    if (!r) return;
    e.preventDefault();
    if (r.toggle) onToggle(r.toggle.path, r.toggle.expanded);
    if (r.selected !== null) onSelect(r.selected);
  };

  return (
    <div className="detail-tree" data-testid="detail-tree" role="tree" tabIndex={0} ref={box} onKeyDown={onKeyDown}>
      {visible.map((v) => {
        const sev = v.node.expert?.severity;
        const cls = ['tree-node', v.path === selected ? 'selected' : '', sev ? `expert-${sev}` : ''].join(' ');
        return (
          <div
            key={v.path}
            className={cls}
            role="treeitem"
            aria-expanded={v.hasChildren ? v.expanded : undefined}
            aria-selected={v.path === selected}
            aria-level={v.depth + 1}
            data-testid="tree-node"
            data-path={v.path}
            data-field={v.node.field}
            title={v.node.expert ? `${v.node.expert.severity}: ${v.node.expert.message}` : v.node.field}
            style={{ paddingLeft: 4 + v.depth * 16 }}
            onMouseDown={() => onSelect(v.path)}
            onDoubleClick={() => v.hasChildren && onToggle(v.path, !v.expanded)}
          >
            <span
              className={v.hasChildren ? (v.expanded ? 'twisty open' : 'twisty') : 'twisty leaf'}
              onMouseDown={(e) => {
                if (!v.hasChildren) return;
                e.stopPropagation();
                onSelect(v.path);
                onToggle(v.path, !v.expanded);
              }}
            />
            <span className="tree-label">{v.node.label}</span>
          </div>
        );
      })}
    </div>
  );
}
