/** The selected packet's tree and bytes, linked: a field highlights its bytes, a byte selects its field. */
import { useMemo } from 'react';
import { update, useAppStore } from '../store/app-store';
import { revealTreeNode, selectTreeNode, setExpanded } from '../store/selection/actions';
import { activeView } from '../store/filter/selectors';
import { selectedPacketNumber } from '../store/selection/selectors';
import { deepestNodeAt, nodeAt } from '../tree/tree-model';
import { usePacketDetail } from '../hooks/use-packet-detail';
import { DetailTree } from './DetailTree';
import { HexPane } from './HexPane';

export function PacketDetails({ sessionId }: { sessionId: string }) {
  const number = useAppStore((s) => selectedPacketNumber(s.selection, activeView(s.filter, sessionId)));
  const expanded = useAppStore((s) => s.selection.expanded);
  const treePath = useAppStore((s) => s.selection.treePath);
  const { detail, error, loading } = usePacketDetail(sessionId, number);

  const highlight = useMemo(() => {
    if (!detail || treePath === null) return null;
    const n = nodeAt(detail.tree, treePath);
    return n && n.length > 0 ? { start: n.offset, end: n.offset + n.length } : null;
  }, [detail, treePath]);

  const onByteClick = (offset: number) => {
    if (!detail) return;
    const path = deepestNodeAt(detail.tree, offset);
    if (path !== null) update('selection', (s) => revealTreeNode(s, path));
  };

  const shown = detail && detail.number === number ? detail : null;
  return (
    <>
      <section className="pane pane-tree">
        {shown ? (
          <DetailTree
            tree={shown.tree}
            expanded={expanded}
            selected={treePath}
            onSelect={(p) => update('selection', (s) => selectTreeNode(s, p))}
            onToggle={(p, open) => update('selection', (s) => setExpanded(s, p, open))}
          />
        ) : (
          <div className="pane-note" data-testid="detail-tree">
            {error ? <span className="pane-error">{error}</span> : loading ? 'Loading…' : number === null ? 'No packet selected' : ''}
          </div>
        )}
      </section>
      <section className="pane pane-hex">
        {shown ? (
          <HexPane bytes={shown.bytes} highlight={highlight} onByteClick={onByteClick} />
        ) : (
          <div className="pane-note" data-testid="hex-pane" />
        )}
      </section>
    </>
  );
}
