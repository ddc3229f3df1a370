/**
 * Export Specified Packets (Wireshark's File → Export Specified Packets): all, displayed, the flows selected
 * in the Flows view, the selected packet, marked or a range, written as pcapng to a path on the engine's
 * machine (typed: the web shell has no native dialog). A progress bar and Cancel while it writes; the
 * engine's refusal or failure shown plainly; when done, Open opens the new file.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ExportId, ExportProgress, SessionId } from '../../core/api';
import { formatBytes, formatCount, formatPercent } from '../format/format';
import { useApi } from '../hooks/engine-context';
import { describeError } from '../hooks/user-error';
import { update, useAppStore } from '../store/app-store';
import { activeView, displayedCount } from '../store/filter/selectors';
import { exportClosed } from '../store/flows/actions';
import { selectedStreams } from '../store/flows/selectors';
import { marksOf } from '../store/marks/selectors';
import { selectedPacketNumber } from '../store/selection/selectors';
import { packetCount } from '../store/session/selectors';
import { choiceUnavailable, defaultExportPath, EXPORT_CHOICES, exportSelection, initialChoice, type ExportChoice, type ExportContext } from './export-selection';

export function ExportDialog({ sessionId, first, onOpen }: { sessionId: SessionId; first: ExportChoice | null; onOpen(path: string): void }) {
  const api = useApi();
  const session = useAppStore((s) => s.session.sessions.find((x) => x.sessionId === sessionId) ?? null);
  const total = useAppStore((s) => packetCount(s.session));
  const view = useAppStore((s) => activeView(s.filter, sessionId));
  const displayed = useAppStore((s) => displayedCount(s.filter, sessionId, total));
  const filterText = useAppStore((s) => (s.filter.applied?.sessionId === sessionId ? s.filter.applied.expression : null));
  const flowsKey = useAppStore((s) => JSON.stringify(selectedStreams(s.flows)));
  const selectedPacket = useAppStore((s) => selectedPacketNumber(s.selection, activeView(s.filter, sessionId)));
  const marked = useAppStore((s) => marksOf(s.marks, sessionId));
  const ctx: ExportContext = useMemo(
    () => ({ packetCount: total, view, displayed, flows: JSON.parse(flowsKey) as ExportContext['flows'], selectedPacket, marked }),
    [total, view, displayed, flowsKey, selectedPacket, marked],
  );

  const [choice, setChoice] = useState<ExportChoice>(() => (first && !choiceUnavailable(first, ctx) ? first : initialChoice(ctx)));
  const [range, setRange] = useState(() => (total > 0 ? `1-${total}` : ''));
  const [path, setPath] = useState(() => defaultExportPath(session));
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [exportId, setExportId] = useState<ExportId | null>(null);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [starting, setStarting] = useState(false);
  /** Progress that arrived before exportPackets answered with its id. */
  const early = useRef(new Map<ExportId, ExportProgress>());
  const pathInput = useRef<HTMLInputElement>(null);
  useEffect(() => pathInput.current?.focus(), []);

  useEffect(() => {
    const sub = api.onExportProgress((p) => {
      if (p.sessionId !== sessionId) return;
      early.current.set(p.exportId, p);
      setProgress((cur) => (cur && cur.exportId === p.exportId && (p.written >= cur.written || p.done || p.cancelled) ? p : cur));
    });
    return () => sub.dispose();
  }, [api, sessionId]);

  const running = exportId !== null && progress !== null && !progress.done && !progress.cancelled && !progress.error;
  const finished = progress !== null && progress.done && !progress.cancelled && !progress.error;
  const close = () => {
    if (running && exportId) void api.cancelExport({ exportId }).catch((e: unknown) => console.warn('Trawl: could not cancel the export:', describeError('', e).message));
    update('flows', exportClosed);
  };

  const submit = () => {
    if (running || starting) return;
    const r = exportSelection({ choice, range, path }, ctx);
    if ('field' in r) {
      setProblem(r);
      return;
    }
    setProblem(null);
    setStarting(true);
    setProgress(null);
    api
      .exportPackets({ sessionId, selection: r.selection, path: r.path, comment: choice === 'displayed' && filterText ? `Display filter: ${filterText}` : undefined })
      .then(
        (p) => {
          setExportId(p.exportId);
          const newer = early.current.get(p.exportId);
          setProgress(newer && (newer.written > p.written || newer.done || newer.cancelled) ? newer : p);
        },
        (e: unknown) => setProblem({ field: 'path', message: describeError('', e).message }),
      )
      .finally(() => setStarting(false));
  };

  const cancel = () => {
    if (!exportId) return;
    api.cancelExport({ exportId }).catch((e: unknown) => setProblem({ field: 'path', message: `Could not cancel: ${describeError('', e).message}` }));
  };

  const fraction = progress && progress.total > 0 ? progress.written / progress.total : 0;
  return (
    <div className="dialog-backdrop" onMouseDown={close}>
      <form
        className="dialog export-dialog"
        role="dialog"
        aria-label="Export Specified Packets"
        data-testid="export-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') close();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 className="dialog-title">Export specified packets of {session?.name ?? 'the capture'}</h2>
        <fieldset className="export-choices" disabled={running || starting}>
          <legend>Packets</legend>
          {EXPORT_CHOICES.map(({ choice: c, label }) => {
            const why = choiceUnavailable(c, ctx);
            return (
              <label key={c} className="export-choice" title={why ?? undefined}>
                <input type="radio" name="export-choice" data-testid={`export-choice-${c}`} value={c} checked={choice === c} disabled={why !== null} onChange={() => setChoice(c)} />
                {label}
                <span className="export-count">{choiceDetail(c, ctx, filterText) ?? (why ? ` — ${why}` : '')}</span>
                {c === 'range' && (
                  <input
                    className="export-range"
                    data-testid="export-range"
                    value={range}
                    spellCheck={false}
                    title="Packet numbers and ranges, separated by commas: 1-10,15,20- (to the last), -5 (from the first)"
                    aria-invalid={problem?.field === 'range'}
                    onFocus={() => setChoice('range')}
                    onChange={(e) => {
                      setRange(e.target.value);
                      setProblem(null);
                    }}
                  />
                )}
              </label>
            );
          })}
        </fieldset>
        <label className="opt-field">
          <span className="opt-label">Save as pcapng (absolute path on the engine’s machine)</span>
          <input
            ref={pathInput}
            className="opt-path"
            data-testid="export-path"
            spellCheck={false}
            value={path}
            disabled={running || starting}
            placeholder="/home/me/captures/export.pcapng"
            aria-invalid={problem?.field === 'path'}
            onChange={(e) => {
              setPath(e.target.value);
              setProblem(null);
            }}
          />
        </label>
        {problem && (
          <div className="dialog-error" role="alert" data-testid="export-error">
            {problem.message}
          </div>
        )}
        {progress?.error && (
          <div className="dialog-error" role="alert" data-testid="export-error">
            The export failed: {progress.error.message}
          </div>
        )}
        {(running || starting) && (
          <div className="export-progress" data-testid="export-progress">
            <progress max={1} value={fraction} />
            <span className="progress-label">
              {progress ? `${formatCount(progress.written)} of ${formatCount(progress.total)} packets (${formatPercent(progress.written, progress.total)})` : 'Starting…'}
            </span>
          </div>
        )}
        {progress?.cancelled && <div className="dialog-note" data-testid="export-cancelled">Cancelled: nothing was written.</div>}
        {finished && progress && (
          <div className="dialog-note" data-testid="export-done">
            Wrote {formatCount(progress.written)} packets ({formatBytes(progress.bytesWritten)}) to {progress.path}.
          </div>
        )}
        <div className="dialog-buttons">
          {finished && progress ? (
            <button
              type="button"
              data-testid="export-open"
              onClick={() => {
                onOpen(progress.path);
                update('flows', exportClosed);
              }}
            >
              Open
            </button>
          ) : null}
          {running ? (
            <button type="button" data-testid="export-cancel" onClick={cancel}>
              Cancel
            </button>
          ) : (
            <button type="submit" data-testid="export-save" disabled={starting || path.trim() === ''}>
              {finished ? 'Export again' : 'Export'}
            </button>
          )}
          <button type="button" data-testid="export-close" onClick={close}>
            {running ? 'Cancel and close' : 'Close'}
          </button>
        </div>
      </form>
    </div>
  );
}

/** " (40 packets)" and the like beside a choice. */
function choiceDetail(c: ExportChoice, ctx: ExportContext, filterText: string | null): string | null {
  if (choiceUnavailable(c, ctx)) return null;
  if (c === 'all') return ` (${formatCount(ctx.packetCount)})`;
  if (c === 'displayed') return ` (${formatCount(ctx.displayed)}${filterText ? `: ${filterText}` : ''})`;
  if (c === 'flows' && ctx.flows) return ` (${ctx.flows.protocol.toUpperCase()} stream${ctx.flows.streams.length === 1 ? '' : 's'} ${ctx.flows.streams.join(', ')})`;
  if (c === 'selected' && ctx.selectedPacket !== null) return ` (packet ${ctx.selectedPacket})`;
  if (c === 'marked') return ` (${formatCount(ctx.marked.count)})`;
  return null;
}
