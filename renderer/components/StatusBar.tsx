/** File name, packet count, indexing state, load time. */
import { formatBytes, formatCount, formatDuration, formatPercent } from '../format/format';
import { useAppStore } from '../store/app-store';
import { activeSession, indexFraction, indexState, loadTimeMs, packetCount } from '../store/session/selectors';

export function StatusBar() {
  const session = useAppStore((s) => activeSession(s.session));
  const count = useAppStore((s) => packetCount(s.session));
  const state = useAppStore((s) => indexState(s.session));
  const fraction = useAppStore((s) => indexFraction(s.session));
  const loadMs = useAppStore((s) => loadTimeMs(s.session));
  const selected = useAppStore((s) => s.selection.row);
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
        {selected !== null && session ? ` · Selected: ${formatCount(selected + 1)}` : ''}
      </span>
      {state !== 'none' && <span className={`status-item state-${state}`}>{words[state]}</span>}
      {loadMs !== null && <span className="status-item">Load time: {formatDuration(loadMs)}</span>}
      <span className="status-spacer" />
      <span className={`status-item conn-${connection}`}>{connection === 'open' ? 'Engine connected' : connection === 'lost' ? 'Engine disconnected' : 'Connecting…'}</span>
    </footer>
  );
}
