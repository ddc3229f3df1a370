/**
 * A pcap-filter text field as Wireshark draws it: green while the text compiles, red when it does not
 * with the offending characters underlined, neutral when empty; and the line under it that says what is
 * wrong and where. The display filter bar and the capture filter field are both made of these. `name`
 * prefixes the ids and test ids (`filter` → #filter-input, #filter-error, filter-error-mark).
 */
import { useLayoutEffect, useRef } from 'react';
import type { FilterTone } from '../store/filter/selectors';
import type { FilterProblem } from '../store/filter/state';

export const TONE_WORDS: Record<FilterTone, string> = {
  empty: '',
  checking: 'Checking…',
  valid: 'Valid filter',
  invalid: 'Invalid filter',
  failed: 'Could not check the filter',
};

export interface FilterFieldProps {
  name: string;
  text: string;
  tone: FilterTone;
  problem: FilterProblem | null;
  /** The check itself failed (not the expression): what went wrong. */
  failure: string | null;
  label: string;
  placeholder: string;
  inputRef?: React.RefObject<HTMLInputElement>;
  onChange(text: string): void;
  onKeyDown?(e: React.KeyboardEvent<HTMLInputElement>): void;
}

export function FilterField({ name, text, tone, problem, failure, label, placeholder, inputRef, onChange, onKeyDown }: FilterFieldProps) {
  const own = useRef<HTMLInputElement>(null);
  const input = inputRef ?? own;
  return (
    <div className={`filter-field tone-${tone}`} title={TONE_WORDS[tone]}>
      <ErrorMarks name={name} text={text} problem={problem} input={input} />
      <input
        ref={input}
        id={`${name}-input`}
        data-testid={`${name}-input`}
        data-tone={tone}
        type="text"
        spellCheck={false}
        autoComplete="off"
        aria-label={label}
        aria-invalid={tone === 'invalid'}
        aria-describedby={problem || failure ? `${name}-error` : undefined}
        placeholder={placeholder}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}

/** Behind the transparent input: the text again, invisible but for the marked span, scrolled with it. */
function ErrorMarks({ name, text, problem, input }: { name: string; text: string; problem: FilterProblem | null; input: React.RefObject<HTMLInputElement | null> }) {
  const overlay = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = input.current;
    const ov = overlay.current;
    if (!el || !ov) return;
    const sync = () => {
      ov.scrollLeft = el.scrollLeft;
    };
    sync();
    el.addEventListener('scroll', sync);
    el.addEventListener('keyup', sync);
    el.addEventListener('select', sync);
    return () => {
      el.removeEventListener('scroll', sync);
      el.removeEventListener('keyup', sync);
      el.removeEventListener('select', sync);
    };
  });
  if (!problem) return null;
  const [start, end] = clampSpan(problem.span, text.length);
  return (
    <div className="filter-overlay" ref={overlay} aria-hidden="true">
      {text.slice(0, start)}
      <mark className={`filter-mark${start === end ? ' filter-mark-empty' : ''}`} data-testid={`${name}-error-mark`}>
        {start === end ? ' ' : text.slice(start, end)}
      </mark>
      {text.slice(end)}
    </div>
  );
}

function clampSpan(span: readonly [number, number], length: number): [number, number] {
  const start = Math.max(0, Math.min(length, Math.trunc(span[0])));
  const end = Math.max(start, Math.min(length, Math.trunc(span[1])));
  return [start, end];
}

/** Under the field: what is wrong and where (column, and the offending text quoted); nothing when all is well. */
export function FilterErrorLine({ name, text, problem, failure }: { name: string; text: string; problem: FilterProblem | null; failure: string | null }) {
  if (!problem && !failure) return null;
  if (!problem) {
    return (
      <div className="filter-error filter-failure" id={`${name}-error`} data-testid={`${name}-error`} role="alert">
        {failure}
      </div>
    );
  }
  const [start, end] = clampSpan(problem.span, text.length);
  const where = start === end ? (start >= text.length ? 'at the end' : `at column ${start + 1}`) : `at column ${start + 1}: “${text.slice(start, end)}”`;
  return (
    <div className="filter-error" id={`${name}-error`} data-testid={`${name}-error`} role="alert" data-start={start} data-end={end}>
      {problem.message} <span className="filter-error-where">({where})</span>
    </div>
  );
}
