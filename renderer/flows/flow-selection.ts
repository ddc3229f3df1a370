/**
 * Multi-selection of the Flows view's rows, as list views do it: click selects one, Ctrl+click toggles,
 * Shift+click selects the range from the anchor, ↑ ↓ move (with Shift: extend), Ctrl+A selects all. The
 * selection holds row *keys* (a conversation's id), so it outlives a new sort; rows are looked up through
 * `keyAt`, which answers undefined for a row not loaded yet (such rows are left out of a range). Pure.
 */

export interface FlowSelection {
  /** Selected keys, in the order they were selected. */
  keys: readonly number[];
  /** Where a Shift range starts (a row). */
  anchor: number | null;
  /** The row the keyboard is on. */
  focus: number | null;
}

export const emptySelection: FlowSelection = { keys: [], anchor: null, focus: null };

export type KeyAt = (row: number) => number | undefined;

export interface Modifiers {
  shift?: boolean;
  /** Ctrl or Cmd. */
  toggle?: boolean;
}

function rangeKeys(from: number, to: number, keyAt: KeyAt): number[] {
  const out: number[] = [];
  const step = from <= to ? 1 : -1;
  for (let r = from; ; r += step) {
    const k = keyAt(r);
    if (k !== undefined) out.push(k);
    if (r === to) break;
  }
  return out;
}

function union(a: readonly number[], b: readonly number[]): number[] {
  const seen = new Set(a);
  return [...a, ...b.filter((k) => !seen.has(k) && (seen.add(k), true))];
}

/** A click on `row`. */
export function clickRow(s: FlowSelection, row: number, keyAt: KeyAt, mods: Modifiers = {}): FlowSelection {
  const key = keyAt(row);
  if (key === undefined) return s;
  if (mods.shift && s.anchor !== null) {
    const range = rangeKeys(s.anchor, row, keyAt);
    return { keys: mods.toggle ? union(s.keys, range) : range, anchor: s.anchor, focus: row };
  }
  if (mods.toggle) {
    const has = s.keys.includes(key);
    return { keys: has ? s.keys.filter((k) => k !== key) : [...s.keys, key], anchor: row, focus: row };
  }
  return { keys: [key], anchor: row, focus: row };
}

/** ↑ ↓ PgUp PgDn Home End: move the focus by `delta` rows (clamped); Shift extends from the anchor. */
export function moveFocus(s: FlowSelection, delta: number, rowCount: number, keyAt: KeyAt, extend = false): FlowSelection {
  if (rowCount <= 0 || !Number.isFinite(delta)) return s;
  const from = s.focus ?? (delta > 0 ? -1 : rowCount);
  const row = Math.min(rowCount - 1, Math.max(0, Math.trunc(from + delta)));
  if (keyAt(row) === undefined) return { ...s, focus: row };
  return clickRow(s, row, keyAt, { shift: extend && s.anchor !== null });
}

/** Ctrl+A: every loaded row. */
export function selectAll(rowCount: number, keyAt: KeyAt): FlowSelection {
  if (rowCount <= 0) return emptySelection;
  return { keys: rangeKeys(0, rowCount - 1, keyAt), anchor: 0, focus: rowCount - 1 };
}

export function isSelected(s: FlowSelection, key: number | undefined): boolean {
  return key !== undefined && s.keys.includes(key);
}
