/** What the window shows when no capture is open. */
import type { CaptureCommands } from '../hooks/use-capture-commands';
import { useAppStore } from '../store/app-store';
import { canOpen } from '../store/ui/selectors';

export function EmptyState({ commands }: { commands: CaptureCommands }) {
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
          <>
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
          </>
        )}
      </div>
    </div>
  );
}
