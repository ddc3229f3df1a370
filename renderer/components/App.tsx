/** The window: toolbar, filter bar, banners, packet list / detail tree / bytes, status bar, dialogs. */
import { useCallback, useMemo, useRef } from 'react';
import { ALL_VIEW, type ShellCommand } from '../../core/api';
import { ExportDialog } from '../export/ExportDialog';
import { FlowsView } from '../flows/FlowsView';
import { useFlowCommands } from '../flows/use-flow-commands';
import { FollowView } from '../follow/FollowView';
import { timeDigits } from '../format/format';
import { useEngineConnection } from '../hooks/engine-context';
import { useCaptureCommands, type CaptureCommands } from '../hooks/use-capture-commands';
import { useCaptureEvents } from '../hooks/use-capture-events';
import { useCaptureKeys } from '../hooks/use-capture-keys';
import { useDisplayFilter } from '../hooks/use-display-filter';
import { useEngineEvents } from '../hooks/use-engine-events';
import { useKeepSelection } from '../hooks/use-keep-selection';
import { useLiveCapture, type LiveCaptureCommands } from '../hooks/use-live-capture';
import { useMarkCommands } from '../marks/use-mark-commands';
import { useRowCache } from '../hooks/use-row-cache';
import { useWindowInput } from '../hooks/use-window-input';
import { getAppState, update, useAppStore } from '../store/app-store';
import { autoscrollSet } from '../store/capture/actions';
import { isBeingWritten } from '../store/capture/selectors';
import { activeView, displayedCount, isScanning } from '../store/filter/selectors';
import { moveSelection, selectRow, viewChanged } from '../store/selection/actions';
import { activeInterfaces, activeSession, isIndexing, packetCount } from '../store/session/selectors';
import { setGotoOpen } from '../store/ui/actions';
import { ConnectionBanner, ErrorMessage, ProblemBanner, RingFilesBanner, SavedNotice } from './Banners';
import { CaptureOptionsDialog } from './CaptureOptionsDialog';
import { EmptyState } from './EmptyState';
import { ErrorBoundary } from './ErrorBoundary';
import { FilterBar } from './FilterBar';
import { GotoDialog } from './GotoDialog';
import { PacketDetails } from './PacketDetails';
import { PacketList } from './PacketList';
import { SaveAsDialog } from './SaveAsDialog';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';
import { UnsavedDialog } from './UnsavedDialog';

export function App() {
  const conn = useEngineConnection();
  const fileInput = useRef<HTMLInputElement>(null);
  const live = useLiveCapture();
  const commands = useGuardedCommands(useCaptureCommands(fileInput), live);
  const flows = useFlowCommands();
  // Ctrl+M and its kin (Wireshark's Edit → Mark); the desktop menu's entries arrive as shell commands.
  const marks = useMarkCommands();

  const onCommand = useCallback(
    (c: ShellCommand) => {
      // 'open-file': the Electron main process shows its own dialog; the web shell has no menu.
      if (c === 'go-to-packet') commands.openGoto();
      else if (c === 'close-file') commands.closeActive();
      else if (c === 'cancel') commands.cancel();
      else if (c === 'start-stop-capture') live.startStop();
      else if (c === 'save-as') live.saveAs();
      else if (c === 'export-specified') flows.openExport();
      else if (c === 'follow-tcp') flows.followSelected('tcp');
      else if (c === 'follow-udp') flows.followSelected('udp');
      else if (c === 'conversations') flows.showFlows();
      else if (c === 'mark-packet') marks.toggleSelected();
      else if (c === 'mark-all-displayed') marks.markAllDisplayed();
      else if (c === 'unmark-all-displayed') marks.unmarkAllDisplayed();
      else if (c === 'next-mark') marks.nextMark();
      else if (c === 'previous-mark') marks.previousMark();
    },
    [commands, live, flows, marks],
  );
  useEngineEvents(onCommand);
  useWindowInput(conn.shell, commands);
  useCaptureKeys(conn.shell, live);
  const filter = useDisplayFilter();
  useCaptureEvents();

  const sessionId = useAppStore((s) => s.session.activeId);
  const gotoOpen = useAppStore((s) => s.ui.gotoOpen);
  const count = useAppStore((s) => packetCount(s.session));
  const filtered = useAppStore((s) => activeView(s.filter, s.session.activeId) !== ALL_VIEW);
  const optionsOpen = useAppStore((s) => s.capture.optionsOpen);
  const saveAsFor = useAppStore((s) => s.capture.saveAsFor);
  const unsavedPrompt = useAppStore((s) => s.capture.unsavedPrompt);
  const flowsOpen = useAppStore((s) => s.flows.open);
  const followTarget = useAppStore((s) => s.flows.follow);
  const exportOpen = useAppStore((s) => s.flows.exportOpen);

  return (
    <div className="app">
      <Toolbar commands={commands} live={live} flows={flows} />
      <FilterBar commands={filter} />
      <input
        ref={fileInput}
        type="file"
        className="hidden-input"
        data-testid="file-input"
        accept=".pcap,.pcapng,.cap,.gz,.pcap.gz,.pcapng.gz,.dmp"
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (f) commands.upload(f);
        }}
      />
      <ConnectionBanner />
      <ErrorMessage />
      <ProblemBanner />
      <SavedNotice />
      <RingFilesBanner onOpen={(path) => commands.openPath(path)} />
      <main className="panes">
        {sessionId === null ? (
          <EmptyState commands={commands} live={live} />
        ) : (
          <ErrorBoundary what="the capture view" key={sessionId}>
            <CaptureView sessionId={sessionId} />
          </ErrorBoundary>
        )}
      </main>
      {flowsOpen && sessionId !== null && (
        <ErrorBoundary what="the Flows view" key={`flows-${sessionId}`}>
          <FlowsView sessionId={sessionId} filter={filter} />
        </ErrorBoundary>
      )}
      <StatusBar onCancelFilter={filter.cancel} />
      {gotoOpen && (
        <GotoDialog
          packetCount={count}
          onGo={(n) => {
            // Under a filter the packet's row is looked up in the view (and the selection goes if it is not shown).
            update('selection', (s) => (filtered ? viewChanged(s, n) : selectRow(s, n - 1, count, 'center')));
            update('ui', (s) => setGotoOpen(s, false));
            document.querySelector<HTMLElement>('.packet-scroller')?.focus();
          }}
          onClose={() => update('ui', (s) => setGotoOpen(s, false))}
        />
      )}
      {optionsOpen && <CaptureOptionsDialog live={live} />}
      {saveAsFor !== null && <SaveAsDialog key={saveAsFor} sessionId={saveAsFor} live={live} />}
      {unsavedPrompt && <UnsavedDialog prompt={unsavedPrompt} live={live} />}
      {followTarget && followTarget.sessionId === sessionId && <FollowView target={followTarget} filter={filter} />}
      {exportOpen && sessionId !== null && <ExportDialog key={sessionId} sessionId={sessionId} first={exportOpen.choice} onOpen={(path) => commands.openPath(path)} />}
    </div>
  );
}

/**
 * The file commands, asking first when they would lose a temporary capture's packets: opening another
 * file, uploading one, closing the capture (Wireshark's "Save the captured packets before …?").
 */
function useGuardedCommands(commands: CaptureCommands, live: LiveCaptureCommands): CaptureCommands {
  return useMemo(
    () => ({
      ...commands,
      openPath: (path: string, name?: string) => live.guard('open', () => commands.openPath(path, name)),
      upload: (file: File) => live.guard('open', () => commands.upload(file)),
      chooseFile: () => live.guard('open', commands.chooseFile),
      closeActive: () => {
        const id = getAppState().session.activeId;
        if (id !== null) live.guard('close', commands.closeActive, id);
      },
    }),
    [commands, live],
  );
}

function CaptureView({ sessionId }: { sessionId: string }) {
  const total = useAppStore((s) => packetCount(s.session));
  const view = useAppStore((s) => activeView(s.filter, sessionId));
  const count = useAppStore((s) => displayedCount(s.filter, sessionId, total));
  const scanning = useAppStore((s) => isScanning(s.filter, sessionId));
  const digits = useAppStore((s) => timeDigits(activeInterfaces(s.session)));
  const selectedRow = useAppStore((s) => s.selection.row);
  const anchor = useAppStore((s) => s.selection.scrollAnchor);
  // A filter's view only grows at its end while it fills (its rows are the exact answer for the packets
  // scanned so far), so the cache treats it like a capture being indexed.
  const { cache, version } = useRowCache(sessionId, view, count);
  const indexing = useAppStore((s) => isIndexing(s.session));
  useKeepSelection(sessionId, view, count, view === ALL_VIEW ? !indexing : !scanning, cache, version);
  const packetOf = (row: number) => (view === ALL_VIEW ? row + 1 : (cache?.get(row)?.number ?? null));
  // One onSelect for the life of the list, so that memoised rows are not drawn again for a new closure.
  const latest = useRef({ count, packetOf });
  latest.current = { count, packetOf };
  const onSelect = useCallback((row: number) => {
    const { count: n, packetOf: of } = latest.current;
    update('selection', (s) => selectRow(s, row, n, undefined, of(row)));
  }, []);
  const writing = useAppStore((s) => isBeingWritten(s.capture, activeSession(s.session)));
  const autoscroll = useAppStore((s) => s.capture.autoscroll);
  const follow = useMemo(
    () => (writing ? { on: autoscroll, onChange: (on: boolean) => update('capture', (s) => autoscrollSet(s, on)) } : undefined),
    [writing, autoscroll],
  );
  return (
    <>
      <section className="pane pane-list">
        <PacketList
          key={view}
          cache={cache}
          version={version}
          rowCount={count}
          filtered={view !== ALL_VIEW}
          timeDigits={digits}
          selectedRow={selectedRow}
          anchor={anchor}
          onSelect={onSelect}
          follow={follow}
          onMove={(m) =>
            update('selection', (s) => {
              const next = m === 'home' ? selectRow(s, 0, count, 'nearest') : m === 'end' ? selectRow(s, count - 1, count, 'nearest') : moveSelection(s, m, count);
              return next.row === null || next.row === s.row ? next : { ...next, packet: packetOf(next.row) };
            })
          }
        />
      </section>
      <ErrorBoundary what="the packet details">
        <PacketDetails sessionId={sessionId} />
      </ErrorBoundary>
    </>
  );
}
