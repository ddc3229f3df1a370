/** Beside the filter bar: whether the filter runs as BPF or as a predicate over dissected fields; the tooltip says more. */
import type { FilterPlanInfo } from '../../core/api';
import { planBadge } from '../store/filter/selectors';

export function RunsAsBadge({ plan }: { plan: FilterPlanInfo | null }) {
  if (!plan) return null;
  const { label, title } = planBadge(plan);
  return (
    <span
      className={`filter-runs-as runs-as-${plan.runsAs}`}
      data-testid="filter-runs-as"
      data-runs-as={plan.runsAs}
      data-language={plan.language}
      data-bpf={plan.bpfExpression ?? ''}
      title={title}
      aria-label={title}
    >
      {label}
    </span>
  );
}
