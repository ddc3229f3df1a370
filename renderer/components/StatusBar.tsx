/** File name, packet count, displayed count (and a filter's scan), indexing state, load time. */
import { formatBytes, formatCount, formatDuration, formatPercent } from '../format/format';
import { useAppStore } from '../store/app-store';
import { activeView, appliedFilter, displayedCount, displayedText, isScanning, scanFraction } from '../store/filter/selectors';
import { selectedPacketNumber } from '../store/selection/selectors';
import { activeSession, indexFraction, indexState, loadTimeMs, packetCount } from '../store/session/selectors';

export function StatusBar({ onCancelFilter }: { onCancelFilter(): void }) {
  const session = useAppStore((s) => activeSession(s.session));
  const count = useAppStore((s) => packetCount(s.session));
  const state = useAppStore((s) => indexState(s.session));
  const fraction = useAppStore((s) => indexFraction(s.session));
  const loadMs = useAppStore((s) => loadTimeMs(s.session));
  const selected = useAppStore((s) => selectedPacketNumber(s.selection, activeView(s.filter, s.session.activeId)));
  const connection = useAppStore((s) => s.ui.connection);
  const words: Record<typeof state, string> = {
    none: '',
    indexing: `Indexing… ${formatPercent(fraction, 1)}`,
    done: 'Indexed',
    cancelled: 'Indexing cancelled',
    stopped: 'Capture damaged: indexing stopped early',
  };
  return (
    <footer className="status-bar" role="status">
      <span className="status-item status-file" title={session?.path ?? session?.name}>
        {session ? `${session.name} (${formatBytes(session.sizeBytes)}, ${session.format}${session.compressed ? ', gzip' : ''})` : 'No capture'}
      </span>
      <span className="status-item" data-testid="status-packets">
        Packets: {formatCount(count)}
        {selected !== null && session ? ` · Selected: ${formatCount(selected)}` : ''}
      </span>
      {session && <DisplayedItem total={count} onCancel={onCancelFilter} />}
      {state !== 'none' && <span className={`status-item state-${state}`}>{words[state]}</span>}
      {loadMs !== null && <span className="status-item">Load time: {formatDuration(loadMs)}</span>}
      <span className="status-spacer" />
      <span className={`status-item conn-${connection}`}>{connection === 'open' ? 'Engine connected' : connection === 'lost' ? 'Engine disconnected' : 'Connecting…'}</span>
    </footer>
  );
}

/** "Displayed: N (x.y%)"; while a filter scans, its progress and a Cancel. */
function DisplayedItem({ total, onCancel }: { total: number; onCancel(): void }) {
  const sessionId = useAppStore((s) => s.session.activeId);
  const displayed = useAppStore((s) => displayedCount(s.filter, sessionId, total));
  const applied = useAppStore((s) => appliedFilter(s.filter, sessionId));
  const scanning = useAppStore((s) => isScanning(s.filter, sessionId));
  const cancelled = useAppStore((s) => s.filter.progress?.cancelled === true && applied !== null);
  const problem = useAppStore((s) => (applied !== null ? s.filter.progress?.problem : undefined));
  const fraction = useAppStore((s) => scanFraction(s.filter));
  return (
    <>
      <span className="status-item" data-testid="status-displayed" title={applied ? `Filter: ${applied.expression}` : 'No display filter'}>
        {displayedText(displayed, total)}
      </span>
      {scanning && (
        <span className="status-item status-filtering">
          <span className="progress-label">Filtering {formatPercent(fraction, 1)}</span>
          <progress data-testid="filter-progress" max={1} value={fraction} aria-label="Filter progress" />
          <button type="button" className="status-button" data-testid="filter-cancel" onClick={onCancel} title="Stop filtering; the matches so far stay shown">
            Cancel
          </button>
        </span>
      )}
      {cancelled && !problem && <span className="status-item state-stopped">Filtering cancelled</span>}
      {problem && (
        <span className="status-item state-stopped" data-testid="filter-problem" title={problem}>
          Filtering stopped: {problem}
        </span>
      )}
    </>
  );
}
