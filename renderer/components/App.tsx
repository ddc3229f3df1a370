/** The window: toolbar, banners, packet list / detail tree / bytes, status bar, dialogs. */
import { useCallback, useRef } from 'react';
import type { ShellCommand } from '../../core/api';
import { timeDigits } from '../format/format';
import { useEngineConnection } from '../hooks/engine-context';
import { useCaptureCommands } from '../hooks/use-capture-commands';
import { useEngineEvents } from '../hooks/use-engine-events';
import { useRowCache } from '../hooks/use-row-cache';
import { useWindowInput } from '../hooks/use-window-input';
import { update, useAppStore } from '../store/app-store';
import { moveSelection, selectRow } from '../store/selection/actions';
import { activeInterfaces, packetCount } from '../store/session/selectors';
import { setGotoOpen } from '../store/ui/actions';
import { ConnectionBanner, ErrorMessage, ProblemBanner } from './Banners';
import { EmptyState } from './EmptyState';
import { ErrorBoundary } from './ErrorBoundary';
import { GotoDialog } from './GotoDialog';
import { PacketDetails } from './PacketDetails';
import { PacketList } from './PacketList';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';

export function App() {
  const conn = useEngineConnection();
  const fileInput = useRef<HTMLInputElement>(null);
  const commands = useCaptureCommands(fileInput);

  const onCommand = useCallback(
    (c: ShellCommand) => {
      // 'open-file': the Electron main process shows its own dialog; the web shell has no menu.
      if (c === 'go-to-packet') commands.openGoto();
      else if (c === 'close-file') commands.closeActive();
      else if (c === 'cancel') commands.cancel();
    },
    [commands],
  );
  useEngineEvents(onCommand);
  useWindowInput(conn.shell, commands);

  const sessionId = useAppStore((s) => s.session.activeId);
  const gotoOpen = useAppStore((s) => s.ui.gotoOpen);
  const count = useAppStore((s) => packetCount(s.session));

  return (
    <div className="app">
      <Toolbar commands={commands} />
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
      <main className="panes">
        {sessionId === null ? (
          <EmptyState commands={commands} />
        ) : (
          <ErrorBoundary what="the capture view" key={sessionId}>
            <CaptureView sessionId={sessionId} />
          </ErrorBoundary>
        )}
      </main>
      <StatusBar />
      {gotoOpen && (
        <GotoDialog
          packetCount={count}
          onGo={(n) => {
            update('selection', (s) => selectRow(s, n - 1, count, 'center'));
            update('ui', (s) => setGotoOpen(s, false));
            document.querySelector<HTMLElement>('.packet-scroller')?.focus();
          }}
          onClose={() => update('ui', (s) => setGotoOpen(s, false))}
        />
      )}
    </div>
  );
}

function CaptureView({ sessionId }: { sessionId: string }) {
  const count = useAppStore((s) => packetCount(s.session));
  const digits = useAppStore((s) => timeDigits(activeInterfaces(s.session)));
  const selectedRow = useAppStore((s) => s.selection.row);
  const anchor = useAppStore((s) => s.selection.scrollAnchor);
  const { cache, version } = useRowCache(sessionId, count);
  return (
    <>
      <section className="pane pane-list">
        <PacketList
          cache={cache}
          version={version}
          rowCount={count}
          timeDigits={digits}
          selectedRow={selectedRow}
          anchor={anchor}
          onSelect={(row) => update('selection', (s) => selectRow(s, row, count))}
          onMove={(m) =>
            update('selection', (s) =>
              m === 'home' ? selectRow(s, 0, count, 'nearest') : m === 'end' ? selectRow(s, count - 1, count, 'nearest') : moveSelection(s, m, count),
            )
          }
        />
      </section>
      <ErrorBoundary what="the packet details">
        <PacketDetails sessionId={sessionId} />
      </ErrorBoundary>
    </>
  );
}
