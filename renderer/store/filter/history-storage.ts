/** The filter history in the window's storage (localStorage), read and written defensively. */
export const HISTORY_KEY = 'trawl.filter-history';

/** Stored history, or [] when none is stored or it is not a list of strings (someone edited it). */
export function loadHistory(storage: Pick<Storage, 'getItem'>): string[] {
  const raw = storage.getItem(HISTORY_KEY);
  if (raw === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    if (e instanceof SyntaxError) return [];
    throw e;
  }
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
}

export function saveHistory(storage: Pick<Storage, 'setItem'>, history: readonly string[]): void {
  storage.setItem(HISTORY_KEY, JSON.stringify(history));
}
