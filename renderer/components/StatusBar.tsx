/**
 * File name, packet count, displayed count (and a filter's scan), marked count (and a mark-all going
 * through a filter's view), indexing state, load time; for a live capture's session, "Capturing on IFACE ·
 * Captured · Dropped · Displayed" instead of the indexing state. A go-to-mark's word shows for a moment.
 */
import { useEffect } from 'react';
import { formatBytes, formatCount, formatDuration, formatPercent } from '../format/format';
import { update, useAppStore } from '../store/app-store';
import { activeView, appliedFilter, displayedCount, displayedText, isScanning, knownPackets, scanFraction } from '../store/filter/selectors';
import { captureOfSession, captureStatusText } from '../store/capture/selectors';
import { noticeCleared } from '../store/marks/actions';
import { isMarkJobRunning, markedCount } from '../store/marks/selectors';
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
      {session && <MarksItem />}
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

/** How long a go-to-mark's word stays in the status bar (Wireshark's temporary status messages stay a few seconds). */
const NOTICE_MS = 5000;

/** "Marked: N" when packets are marked; a mark-all's progress through a filter's view; the last notice. */
function MarksItem() {
  const sessionId = useAppStore((s) => s.session.activeId);
  const marked = useAppStore((s) => markedCount(s.marks, sessionId));
  const job = useAppStore((s) => (isMarkJobRunning(s.marks, sessionId) ? s.marks.job : null));
  const notice = useAppStore((s) => s.marks.notice);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => update('marks', (s) => noticeCleared(s, notice.seq)), NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);
  return (
    <>
      {marked > 0 && (
        <span className="status-item" data-testid="status-marked">
          Marked: {formatCount(marked)}
        </span>
      )}
      {job && (
        <span className="status-item" data-testid="status-marking">
          {job.kind === 'mark' ? 'Marking' : 'Unmarking'} displayed packets… {formatPercent(job.done, Math.max(1, job.total))}
        </span>
      )}
      {notice && (
        <span className="status-item" data-testid="status-mark-notice">
          {notice.text}
        </span>
      )}
    </>
  );
}
