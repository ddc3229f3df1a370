/**
 * Field-name autocomplete in the filter bar, as plain functions: which word the caret is in, what the
 * text becomes when a suggestion is accepted, and the suggestion list's keyboard (↑ ↓ move, Tab or Enter
 * accept, Esc close). The component asks the engine for names (fieldCompletions) and renders the list.
 */
import type { FieldCompletion } from '../../core/api';

/** The name being typed: text[start, end) around the caret. */
export interface WordAtCaret {
  start: number;
  end: number;
  word: string;
}

const NAME_CHAR = /[A-Za-z0-9_.-]/;

/**
 * The field or protocol name the caret is in or just after, or null when the caret is not in one (inside
 * a quoted string, in a number or an address, or after an operator). A name starts with a letter.
 */
export function wordAtCaret(text: string, caret: number): WordAtCaret | null {
  if (caret < 0 || caret > text.length || insideString(text, caret)) return null;
  let start = caret;
  while (start > 0 && NAME_CHAR.test(text[start - 1])) start--;
  let end = caret;
  while (end < text.length && NAME_CHAR.test(text[end])) end++;
  const word = text.slice(start, end);
  if (!/^[A-Za-z][\w.-]*$/.test(word) || start === caret) return null;
  // A slice's or a set's inside (`eth.src[0:3]`, `{80 443}`) and the words after a relation are literals,
  // but Wireshark offers names there too (`tcp.port == udp.port`), so only keywords are left out.
  if (KEYWORDS.has(word.toLowerCase())) return null;
  return { start, end, word };
}

const KEYWORDS = new Set(['and', 'or', 'not', 'xor', 'in', 'contains', 'matches', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'any_eq', 'all_ne', 'all_eq', 'any_ne']);

/** Whether position `at` is inside a double-quoted string (Wireshark's strings, with \" escapes). */
function insideString(text: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    if (text[i] === '\\' && inside) i++;
    else if (text[i] === '"') inside = !inside;
  }
  return inside;
}

/** The text with the word replaced by `name`, and the caret after it. */
export function acceptCompletion(text: string, at: WordAtCaret, name: string): { text: string; caret: number } {
  return { text: text.slice(0, at.start) + name + text.slice(at.end), caret: at.start + name.length };
}

/** The suggestion list: the names offered for `word`, and which one is highlighted (-1: none yet). */
export interface CompletionList {
  word: WordAtCaret;
  items: FieldCompletion[];
  active: number;
}

export type ListKeyResult =
  /** Not for the list: let the input handle it (Enter applies the filter). */
  | { kind: 'pass' }
  | { kind: 'move'; list: CompletionList }
  | { kind: 'accept'; item: FieldCompletion }
  | { kind: 'close' };

/**
 * A key pressed while the list is open. ↑/↓ move (wrapping), Tab accepts the highlighted item or the
 * first, Enter accepts only a highlighted one (otherwise it applies the filter), Esc closes the list.
 */
export function listKey(list: CompletionList, key: string): ListKeyResult {
  const n = list.items.length;
  if (n === 0) return key === 'Escape' ? { kind: 'close' } : { kind: 'pass' };
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', list: { ...list, active: (list.active + 1) % n } };
    case 'ArrowUp':
      return { kind: 'move', list: { ...list, active: list.active <= 0 ? n - 1 : list.active - 1 } };
    case 'Tab':
      return { kind: 'accept', item: list.items[Math.max(0, list.active)] };
    case 'Enter':
      return list.active >= 0 ? { kind: 'accept', item: list.items[list.active] } : { kind: 'pass' };
    case 'Escape':
      return { kind: 'close' };
    default:
      return { kind: 'pass' };
  }
}

/**
 * Whether the list is worth showing: something to offer that is not just the word already typed in full
 * (a complete name with nothing longer under it).
 */
export function worthShowing(list: CompletionList): boolean {
  return list.items.length > 0 && !(list.items.length === 1 && list.items[0].name === list.word.word);
}
