/**
 * The list of field and protocol names under the filter bar while a name is typed: name, type and
 * description, the highlighted one marked; a click accepts. The keyboard lives in the bar (completion.ts).
 */
import type { FieldCompletion } from '../../core/api';
import type { CompletionList } from './completion';

export function FieldCompletionList({ list, onAccept }: { list: CompletionList; onAccept(item: FieldCompletion): void }) {
  return (
    <ul className="menu-list filter-completions" role="listbox" id="filter-completions" data-testid="filter-completions" aria-label="Field names">
      {list.items.map((c, i) => (
        <li
          key={c.name}
          role="option"
          id={`filter-completion-${i}`}
          aria-selected={i === list.active}
          data-testid="filter-completion"
          data-name={c.name}
          className={i === list.active ? 'active' : undefined}
          // mousedown, not click: the input keeps its focus.
          onMouseDown={(e) => {
            e.preventDefault();
            onAccept(c);
          }}
        >
          <span className="filter-completion-name">{c.name}</span>
          <span className="filter-completion-type">{c.kind === 'protocol' ? 'protocol' : c.type}</span>
          <span className="filter-completion-desc">{c.description}</span>
        </li>
      ))}
    </ul>
  );
}
