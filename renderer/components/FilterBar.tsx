/**
 * The display-filter bar above the packet list, as in Wireshark: one bar for pcap-filter expressions
 * (`tcp port 80`) and display filters (`tcp.port == 80`); green while the text compiles, red with the
 * error under it and the offending characters marked when it does not, neutral when empty. While a field
 * name is typed, a list offers the names that complete it (↑ ↓ choose, Tab or Enter accept, Esc closes).
 * A badge says whether the filter runs as BPF or as a predicate over dissected fields. Enter or Apply
 * applies, Esc or Clear shows every packet again, ↓ in an empty bar (or ▾) opens the history, Ctrl+/
 * focuses the bar, and Program shows the compiled BPF for each link type of the capture.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FieldCompletion, FilterProgram } from '../../core/api';
import { acceptCompletion, listKey, wordAtCaret, worthShowing, type WordAtCaret } from '../filter/completion';
import { FieldCompletionList } from '../filter/FieldCompletionList';
import { RunsAsBadge } from '../filter/RunsAsBadge';
import { useFieldCompletions } from '../filter/use-field-completions';
import { useApi } from '../hooks/engine-context';
import type { FilterCommands } from '../hooks/use-display-filter';
import { update, useAppStore } from '../store/app-store';
import { programToggled } from '../store/filter/actions';
import { appliedFilter, canApply, filterPlan, filterProblem, filterPrograms, filterTone } from '../store/filter/selectors';
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
  // filterPlan builds a new object from the filter's progress: select its parts, which compare by value.
  const planLanguage = useAppStore((s) => filterPlan(s.filter, sessionId)?.language ?? null);
  const planRunsAs = useAppStore((s) => filterPlan(s.filter, sessionId)?.runsAs ?? null);
  const planBpf = useAppStore((s) => filterPlan(s.filter, sessionId)?.bpfExpression);
  const plan = useMemo(
    () => (planLanguage && planRunsAs ? { language: planLanguage, runsAs: planRunsAs, ...(planBpf !== undefined ? { bpfExpression: planBpf } : {}) } : null),
    [planLanguage, planRunsAs, planBpf],
  );
  const input = useRef<HTMLInputElement>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const api = useApi();
  /** The name being typed at the caret: what the completion list completes. */
  const [word, setWord] = useState<WordAtCaret | null>(null);
  const completions = useFieldCompletions(api, word);
  const shown = completions.list !== null && completions.list.word.word === word?.word && worthShowing(completions.list) ? completions.list : null;
  /** Where the caret goes once an accepted name is in the input. */
  const caretAfter = useRef<number | null>(null);

  useLayoutEffect(() => {
    if (caretAfter.current === null || !input.current) return;
    input.current.setSelectionRange(caretAfter.current, caretAfter.current);
    caretAfter.current = null;
  }, [text]);

  const closeList = () => {
    setWord(null);
    completions.close();
  };

  const accept = (item: FieldCompletion) => {
    if (!shown) return;
    const next = acceptCompletion(text, shown.word, item.name);
    caretAfter.current = next.caret;
    closeList();
    commands.setText(next.text);
    input.current?.focus();
  };

  const onChange = (t: string) => {
    commands.setText(t);
    const caret = input.current?.selectionStart ?? t.length;
    setWord(wordAtCaret(t, caret));
  };

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
    if (shown && !e.altKey && !e.ctrlKey && !e.metaKey) {
      const r = listKey(shown, e.key);
      if (r.kind !== 'pass') {
        e.preventDefault();
        e.stopPropagation();
        if (r.kind === 'move') completions.setList(r.list);
        else if (r.kind === 'accept') accept(r.item);
        else closeList();
        return;
      }
    }
    if (e.key === 'Enter') {
      closeList();
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
        <div
          className="menu filter-field-box"
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) closeList();
          }}
        >
          <FilterField
            name="filter"
            text={text}
            tone={tone}
            problem={problem}
            failure={failure}
            inputRef={input}
            label="Display filter (display-filter or pcap-filter syntax)"
            placeholder={'Apply a display filter, e.g. dns.qry.name contains "a" or tcp port 80 … <Ctrl-/>'}
            onChange={onChange}
            onKeyDown={onKeyDown}
          />
          {shown && <FieldCompletionList list={shown} onAccept={accept} />}
        </div>
        <RunsAsBadge plan={tone === 'valid' || tone === 'checking' ? plan : null} />
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
