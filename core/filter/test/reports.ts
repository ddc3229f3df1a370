/** The optimiser size report and the rejected-corpus check, shared by the conformance run and its test. */
import { FilterError } from '../../errors';
import { compileFilter } from '../compile';
import type { NameResolver } from '../resolver';
import type { RejectedRow } from './corpus';
import type { ExprResult } from './conformance';

export interface SizeReport {
  readonly smaller: number;
  readonly equal: number;
  readonly larger: readonly ExprResult[];
  readonly text: string;
}

/** Trawl's optimised instruction count against libpcap's (the corpus `insns` column). */
export function sizeReport(results: readonly ExprResult[]): SizeReport {
  const sized = results.filter((r) => r.trawlInsns !== undefined && r.row.insns > 0);
  const smaller = sized.filter((r) => r.trawlInsns! < r.row.insns).length;
  const equal = sized.filter((r) => r.trawlInsns === r.row.insns).length;
  const larger = sized.filter((r) => r.trawlInsns! > r.row.insns);
  const worst = [...larger].sort((a, b) => b.trawlInsns! - b.row.insns - (a.trawlInsns! - a.row.insns)).slice(0, 15);
  const lines = [
    `Optimiser: program size against libpcap's optimised size (insns), ${sized.length} programs`,
    `  smaller ${smaller}   equal ${equal}   larger ${larger.length}`,
    ...worst.map((r) => `  larger: [${r.row.linkTypeName}] ${r.row.expr}  (${r.trawlInsns} vs ${r.row.insns})`),
  ];
  return { smaller, equal, larger, text: lines.join('\n') };
}

export interface RejectedOutcome {
  readonly row: RejectedRow;
  /** Our error, or null when we accepted it. */
  readonly error: FilterError | null;
  /** Something other than a FilterError escaped (a crash). */
  readonly crash?: string;
}

/** Every expression libpcap rejects on Ethernet must be rejected by Trawl with a FilterError whose span lies in the text. */
export function checkRejected(rows: readonly RejectedRow[], resolver: NameResolver): { outcomes: RejectedOutcome[]; text: string } {
  const outcomes: RejectedOutcome[] = rows
    .filter((r) => r.errors.EN10MB !== '')
    .map((row) => {
      try {
        compileFilter(row.expr, { linkType: 1, resolver });
        return { row, error: null };
      } catch (e) {
        if (e instanceof FilterError) return { row, error: e };
        return { row, error: null, crash: (e as Error).stack ?? String(e) };
      }
    });
  const rejected = outcomes.filter((o) => o.error !== null);
  const badSpan = rejected.filter((o) => !(o.error!.span[0] >= 0 && o.error!.span[1] <= o.row.expr.length && o.error!.span[0] <= o.error!.span[1]));
  const accepted = outcomes.filter((o) => o.error === null && !o.crash);
  const crashes = outcomes.filter((o) => o.crash);
  const lines = [
    `Rejected corpus (libpcap rejects on EN10MB): ${outcomes.length} expressions`,
    `  rejected by Trawl ${rejected.length}   accepted by Trawl ${accepted.length}   crashes ${crashes.length}   spans outside the text ${badSpan.length}`,
    ...accepted.slice(0, 20).map((o) => `  accepted: ${o.row.expr}   (libpcap: ${o.row.errors.EN10MB})`),
    ...crashes.slice(0, 5).map((o) => `  CRASH: ${o.row.expr}: ${o.crash}`),
  ];
  return { outcomes, text: lines.join('\n') };
}
