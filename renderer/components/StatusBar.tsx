/**
 * File name, packet count, displayed count (and a filter's scan), indexing state, load time; for a live
 * capture's session, "Capturing on IFACE · Captured · Dropped · Displayed" instead of the indexing state.
 */
import { formatBytes, formatCount, formatDuration, formatPercent } from '../format/format';
import { useAppStore } from '../store/app-store';
import { activeView, appliedFilter, displayedCount, displayedText, isScanning, knownPackets, scanFraction } from '../store/filter/selectors';
import { captureOfSession, captureStatusText } from '../store/capture/selectors';
import { selectedPacketNumber } from '../store/selection/selectors';
import { activeProgress, activeSession, indexFraction, indexState, loadTimeMs, packetCount } from '../store/session/selectors';

export function StatusBar({ onCancelFilter }: { onCancelFilter(): void }) {
  const session = useAppStore((s) => activeSession(s.session));
  // A live capture's file grows: its size is what was indexed so far, not what it was when opened.
  const size = useAppStore((s) => Math.max(activeSession(s.session)?.sizeBytes ?? 0, activeProgress(s.session)?.totalBytes ?? 0));
  const count = useAppStore((s) => knownPackets(s.filter, s.session.activeId, packetCount(s.session)));
  const state = useAppStore((s) => indexState(s.session));
  const fraction = useAppStore((s) => indexFraction(s.session));
  const loadMs = useAppStore((s) => loadTimeMs(s.session));
  const selected = useAppStore((s) => selectedPacketNumber(s.selection, activeView(s.filter, s.session.activeId)));
  const connection = useAppStore((s) => s.ui.connection);
  const captured = session?.captureId !== undefined;
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
        {session ? `${session.name} (${formatBytes(size)}, ${session.format}${session.compressed ? ', gzip' : ''})` : 'No capture'}
      </span>
      <span className="status-item" data-testid="status-packets">
        Packets: {formatCount(count)}
        {selected !== null && session ? ` · Selected: ${formatCount(selected)}` : ''}
      </span>
      {session && <DisplayedItem total={count} onCancel={onCancelFilter} showCount={!captured} />}
      {captured && <CaptureItem total={count} />}
      {state !== 'none' && !(captured && state !== 'stopped') && <span className={`status-item state-${state}`}>{words[state]}</span>}
      {loadMs !== null && !captured && <span className="status-item">Load time: {formatDuration(loadMs)}</span>}
      <span className="status-spacer" />
      <span className={`status-item conn-${connection}`}>{connection === 'open' ? 'Engine connected' : connection === 'lost' ? 'Engine disconnected' : 'Connecting…'}</span>
    </footer>
  );
}

/** What the capture writing (or that wrote) the shown session's file did, with the rows shown. */
function CaptureItem({ total }: { total: number }) {
  const capture = useAppStore((s) => captureOfSession(s.capture, activeSession(s.session)));
  const displayed = useAppStore((s) => displayedCount(s.filter, s.session.activeId, total));
  if (!capture) return null;
  return (
    <span className={`status-item status-capture capture-${capture.state}`} data-testid="status-capture" data-state={capture.state} title={capture.error?.message}>
      {captureStatusText(capture, displayed, total)}
      {capture.error && <span className="status-capture-error"> · {capture.error.message}</span>}
    </span>
  );
}

/** "Displayed: N (x.y%)" (a capture's item says it already); while a filter scans, its progress and a Cancel. */
function DisplayedItem({ total, onCancel, showCount }: { total: number; onCancel(): void; showCount: boolean }) {
  const sessionId = useAppStore((s) => s.session.activeId);
  const displayed = useAppStore((s) => displayedCount(s.filter, sessionId, total));
  const applied = useAppStore((s) => appliedFilter(s.filter, sessionId));
  const scanning = useAppStore((s) => isScanning(s.filter, sessionId));
  const cancelled = useAppStore((s) => s.filter.progress?.cancelled === true && applied !== null);
  const problem = useAppStore((s) => (applied !== null ? s.filter.progress?.problem : undefined));
  const fraction = useAppStore((s) => scanFraction(s.filter));
  return (
    <>
      {showCount && (
        <span className="status-item" data-testid="status-displayed" title={applied ? `Filter: ${applied.expression}` : 'No display filter'}>
          {displayedText(displayed, total)}
        </span>
      )}
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
