/**
 * Asks the engine for the names that complete the word at the caret (fieldCompletions), dropping answers
 * to a word no longer typed. `close()` hides the list until the next word is typed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrawlApi } from '../../core/api';
import type { CompletionList, WordAtCaret } from './completion';

/** How many names the list shows at most. */
export const COMPLETION_LIMIT = 12;

export function useFieldCompletions(api: Pick<TrawlApi, 'fieldCompletions'>, word: WordAtCaret | null) {
  const [list, setList] = useState<CompletionList | null>(null);
  const key = word ? `${word.start}:${word.end}:${word.word}` : '';
  const current = useRef(word);
  current.current = word;
  useEffect(() => {
    const word = current.current;
    if (!word) {
      setList(null);
      return;
    }
    let live = true;
    api.fieldCompletions({ prefix: word.word, limit: COMPLETION_LIMIT }).then(
      (items) => live && setList({ word, items, active: -1 }),
      (e: unknown) => {
        // Completions are a convenience: without them the bar still checks and applies filters.
        if (live) setList(null);
        console.warn('Trawl: field names could not be listed:', e);
      },
    );
    return () => {
      live = false;
    };
    // `key` stands for `word`, whose object identity changes on every render: ask again only when it changes.
  }, [api, key]);
  const close = useCallback(() => setList(null), []);
  return { list, setList, close };
}
