/**
 * The display-filter bar above the packet list, as in Wireshark: green while the text compiles, red with
 * the error under it and the offending characters marked when it does not, neutral when empty. Enter or
 * Apply applies, Esc or Clear shows every packet again, ↓ in an empty bar (or ▾) opens the history,
 * Ctrl+/ focuses the bar, and Program shows the compiled BPF for each link type of the capture.
 */
import { useEffect, useRef, useState } from 'react';
import type { FilterProgram } from '../../core/api';
import type { FilterCommands } from '../hooks/use-display-filter';
import { update, useAppStore } from '../store/app-store';
import { programToggled } from '../store/filter/actions';
import { appliedFilter, canApply, filterProblem, filterPrograms, filterTone } from '../store/filter/selectors';
import { FilterErrorLine, FilterField } from './FilterField';
import { FilterHistoryMenu } from './FilterHistoryMenu';

export function FilterBar({ commands }: { commands: FilterCommands }) {
  const sessionId = useAppStore((s) => s.session.activeId);
  const text = useAppStore((s) => s.filter.text);
  const tone = useAppStore((s) => filterTone(s.filter, sessionId));
  const problem = useAppStore((s) => filterProblem(s.filter, sessionId));
  const failure = useAppStore((s) => (s.filter.check.status === 'failed' && tone === 'failed' ? s.filter.check.message : null));
  const applicable = useAppStore((s) => canApply(s.filter, sessionId));
  const applied = useAppStore((s) => appliedFilter(s.filter, sessionId));
  const programOpen = useAppStore((s) => s.filter.programOpen);
  const input = useRef<HTMLInputElement>(null);
  const [historyOpen, setHistoryOpen] = useState(false);

  // Ctrl+/ (Wireshark's shortcut) focuses the bar from anywhere in the window.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key === '/') {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // While checking, Enter still applies: the engine refuses an invalid text and the bar then turns red.
  const mayApply = sessionId !== null && (applicable || tone === 'checking');

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (mayApply) commands.apply();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setHistoryOpen(false);
      commands.clear();
    } else if (e.key === 'ArrowDown' && text === '' && !e.altKey && !e.ctrlKey) {
      e.preventDefault();
      setHistoryOpen(true);
    }
  };

  return (
    <div className="filter-area">
      <div className="filter-bar" role="search" aria-label="Display filter">
        <FilterHistoryMenu
          open={historyOpen}
          onOpenChange={setHistoryOpen}
          onPick={(expression) => {
            commands.apply(expression);
            input.current?.focus();
          }}
          onClose={() => input.current?.focus()}
        />
        <FilterField
          name="filter"
          text={text}
          tone={tone}
          problem={problem}
          failure={failure}
          inputRef={input}
          label="Display filter (pcap-filter syntax)"
          placeholder="Apply a display filter, e.g. tcp port 80 or arp … <Ctrl-/>"
          onChange={commands.setText}
          onKeyDown={onKeyDown}
        />
        <button type="button" data-testid="filter-apply" onClick={() => commands.apply()} disabled={!mayApply} title="Apply the filter (Enter)">
          Apply
        </button>
        <button
          type="button"
          data-testid="filter-clear"
          onClick={() => {
            commands.clear();
            input.current?.focus();
          }}
          disabled={text === '' && !applied}
          title="Clear the filter and show every packet (Esc)"
        >
          Clear
        </button>
        <button
          type="button"
          data-testid="filter-program-toggle"
          aria-pressed={programOpen}
          onClick={() => update('filter', (s) => programToggled(s))}
          title="Show the compiled BPF program (tcpdump -d)"
        >
          Program
        </button>
      </div>
      <FilterErrorLine name="filter" text={text} problem={problem} failure={failure} />
      {programOpen && <ProgramPanel />}
    </div>
  );
}

function ProgramPanel() {
  const sessionId = useAppStore((s) => s.session.activeId);
  const tone = useAppStore((s) => filterTone(s.filter, sessionId));
  const programs = useAppStore((s) => filterPrograms(s.filter, sessionId));
  return (
    <section className="filter-program" data-testid="filter-program" aria-label="Compiled BPF program">
      {tone === 'valid' ? (
        programs.map((p) => <ProgramListing key={p.linkType} program={p} />)
      ) : (
        <div className="pane-note">
          {tone === 'empty'
            ? 'Type a filter to see the BPF program it compiles to.'
            : tone === 'invalid'
              ? 'The filter does not compile.'
              : tone === 'failed'
                ? 'The filter could not be checked.'
                : 'Compiling…'}
        </div>
      )}
    </section>
  );
}

function ProgramListing({ program }: { program: FilterProgram }) {
  return (
    <div className="filter-program-item">
      <div className="filter-program-title">
        {program.linkTypeName} (link type {program.linkType}): {program.instructions} instruction{program.instructions === 1 ? '' : 's'}
      </div>
      <pre className="filter-program-listing" data-testid="filter-program-listing">
        {program.listing}
      </pre>
    </div>
  );
}
