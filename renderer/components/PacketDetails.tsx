/** The selected packet's tree and bytes, linked: a field highlights its bytes, a byte selects its field. */
import { useEffect, useMemo, useState } from 'react';
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

  // Which bytes the hex pane shows: the frame (0) or data a layer made, e.g. a reassembled datagram.
  const [source, setSource] = useState(0);
  const selectedNode = useMemo(() => (detail && treePath !== null ? nodeAt(detail.tree, treePath) : null), [detail, treePath]);
  useEffect(() => setSource(selectedNode?.source ?? 0), [selectedNode]);

  const highlight = useMemo(() => {
    const n = selectedNode;
    return n && n.length > 0 && (n.source ?? 0) === source ? { start: n.offset, end: n.offset + n.length } : null;
  }, [selectedNode, source]);

  const onByteClick = (offset: number) => {
    if (!detail) return;
    const path = deepestNodeAt(detail.tree, offset, source);
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
          <>
            <HexPane bytes={shown.sources?.[source]?.bytes ?? shown.bytes} highlight={highlight} onByteClick={onByteClick} />
            {shown.sources !== undefined && shown.sources.length > 1 && (
              <div className="hex-sources" role="tablist" aria-label="Bytes shown" data-testid="hex-sources">
                {shown.sources.map((src, i) => (
                  <button key={i} type="button" role="tab" aria-selected={i === source} className={i === source ? 'active' : ''} onClick={() => setSource(i)}>
                    {src.label}
                  </button>
                ))}
              </div>
            )}
          </>
        ) : (
          <div className="pane-note" data-testid="hex-pane" />
        )}
      </section>
    </>
  );
}
