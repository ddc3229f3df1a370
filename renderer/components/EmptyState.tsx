/**
 * What the window shows when no capture is open, as Wireshark's start page: open a file (drop, Ctrl+O,
 * recent files), or capture live — the capture filter, Start and Options, and the interfaces with their
 * traffic (polled once a second while this page is shown).
 */
import { optionsSummary } from '../capture/capture-form';
import type { CaptureCommands } from '../hooks/use-capture-commands';
import { useInterfacePoll } from '../hooks/use-interface-poll';
import type { LiveCaptureCommands } from '../hooks/use-live-capture';
import { useAppStore } from '../store/app-store';
import { canStart } from '../store/capture/selectors';
import { canOpen } from '../store/ui/selectors';
import { CaptureCheckBanner } from './CaptureCheckBanner';
import { CaptureFilterField } from './CaptureFilterField';
import { InterfaceList } from './InterfaceList';

export function EmptyState({ commands, live }: { commands: CaptureCommands; live: LiveCaptureCommands }) {
  const files = useAppStore((s) => s.ui.recentFiles);
  const openable = useAppStore((s) => canOpen(s.ui));
  return (
    <div className="empty-state">
      <div className="empty-card">
        <h1>Trawl</h1>
        <p className="empty-hint">
          Drop a capture here or press <kbd>Ctrl</kbd>+<kbd>O</kbd>
        </p>
        {files.length > 0 && (
          <section className="start-section" aria-label="Recent files">
            <h2>Recent files</h2>
            <ul className="recent-list">
              {files.slice(0, 10).map((f) => (
                <li key={f.path}>
                  <button
                    type="button"
                    className="link"
                    data-testid="recent-file"
                    disabled={!openable}
                    title={f.path}
                    onClick={() => commands.openPath(f.path, f.name)}
                  >
                    {f.name}
                  </button>
                  <span className="recent-path">{f.path}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <CaptureSection live={live} />
      </div>
    </div>
  );
}

function CaptureSection({ live }: { live: LiveCaptureCommands }) {
  const connected = useAppStore((s) => s.ui.connection === 'open');
  useInterfacePoll(connected);
  const startable = useAppStore((s) => canStart(s.capture));
  const starting = useAppStore((s) => s.capture.starting);
  const summary = useAppStore((s) => optionsSummary(s.capture.options));
  return (
    <section className="start-section capture-section" aria-label="Capture">
      <h2>Capture</h2>
      <CaptureCheckBanner />
      <div className="capture-start-row">
        <CaptureFilterField onChange={live.setFilterText} onEnter={() => live.start()} />
        <button type="button" className="capture-start" data-testid="capture-start" disabled={!startable} onClick={() => live.start()} title="Start capturing on the selected interface (Enter, Ctrl+E)">
          {starting !== null ? `Starting on ${starting}…` : 'Start'}
        </button>
        <button type="button" data-testid="capture-options" onClick={live.openOptions} title="Capture options: snapshot length, direction, stop conditions, output file, ring buffer (Ctrl+K)">
          Options…
        </button>
      </div>
      <div className="capture-summary" data-testid="capture-summary">
        {summary}
      </div>
      <InterfaceList onStart={(name) => live.start(name)} />
    </section>
  );
}
