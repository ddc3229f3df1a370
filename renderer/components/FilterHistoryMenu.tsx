/** The ▾ beside the filter bar: filters applied before, most recent first; picking one applies it. */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/app-store';

export interface FilterHistoryMenuProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  onPick(expression: string): void;
  /** The menu closed without a pick (Esc): focus goes back to the bar. */
  onClose(): void;
}

export function FilterHistoryMenu({ open, onOpenChange, onPick, onClose }: FilterHistoryMenuProps) {
  const history = useAppStore((s) => s.filter.history);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    box.current?.querySelector<HTMLButtonElement>('.menu-list button')?.focus();
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) onOpenChange(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open, onOpenChange]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(box.current?.querySelectorAll<HTMLButtonElement>('.menu-list button') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? Math.min(items.length - 1, i + 1) : i - 1;
      if (next < 0) {
        onOpenChange(false);
        onClose();
      } else items[next]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onOpenChange(false);
      onClose();
    }
  };

  return (
    <div className="menu filter-history" ref={box} onKeyDown={onKeyDown}>
      <button
        type="button"
        data-testid="filter-history"
        aria-label="Filter history"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={history.length === 0}
        title={history.length === 0 ? 'No filters applied yet' : 'Recent filters (↓ in an empty bar)'}
        onClick={() => onOpenChange(!open)}
      >
        ▾
      </button>
      {open && history.length > 0 && (
        <ul className="menu-list" role="menu" aria-label="Recent filters">
          {history.map((h) => (
            <li key={h} role="none">
              <button
                type="button"
                role="menuitem"
                data-testid="filter-history-item"
                className="filter-history-item"
                onClick={() => {
                  onOpenChange(false);
                  onPick(h);
                }}
              >
                {h}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
