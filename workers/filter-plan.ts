/**
 * How one filter text runs: the filter bar takes pcap-filter(7) and Wireshark display filters alike, and
 * `filterLanguage` (core/display) decides which it is. A pcap filter, and a display filter that lowers to
 * pcap-filter text exactly, run as BPF programs (one per link type, the fast path); any other display
 * filter runs as a predicate over the dissected fields of each packet in the filter workers.
 */
import type { FilterCheck, FilterPlanInfo } from '../core/api';
import { compileDisplayFilter, filterLanguage, type CompiledDisplayFilter } from '../core/display/index';
import type { CExpr } from '../core/display/checked';
import { lowerToBpf } from '../core/display/lower-bpf';
import type { Span } from '../core/display/ast';
import { defaultRegistry } from '../core/dissect/index';
import { FilterError } from '../core/errors';
import type { NameResolver } from '../core/filter/resolver';
import { asFilterError, compileForLinkTypes, requirePrograms, toFilterCheck, type LinkTypePrograms } from './filter-programs';

export interface FilterPlan extends FilterPlanInfo {
  expression: string;
  /** The programs per link type when `runsAs` is `bpf` (empty maps otherwise). */
  programs: LinkTypePrograms;
  /** The compiled display filter (language `display`). */
  display?: CompiledDisplayFilter;
  /** The BPF program for a link type the session did not have when planned (an interface that appeared later). */
  programFor(linkType: number): ReturnType<LinkTypePrograms['programs']['get']>;
}

/**
 * Plan `expression` for a session of `linkTypes`. Throws FilterError (span into `expression`) when it does
 * not compile: a pcap filter for none of the link types, or a display filter at all.
 */
export function planFilter(expression: string, linkTypes: readonly number[], resolver: NameResolver): FilterPlan {
  const language = filterLanguage(expression);
  if (language === 'pcap') {
    const programs = compileForLinkTypes(expression, linkTypes, resolver);
    requirePrograms(programs);
    return { expression, language, runsAs: 'bpf', programs, programFor: morePrograms(programs, (lt) => compileForLinkTypes(expression, [lt], resolver)) };
  }
  const display = compileDisplayFilter(expression);
  const lowered = new Map<number, string | undefined>();
  for (const lt of new Set(linkTypes)) lowered.set(lt, display.bpfExpressionFor(lt));
  const empty: LinkTypePrograms = { expression, programs: new Map(), errors: new Map() };
  if ([...lowered.values()].some((e) => e === undefined)) {
    return { expression, language, runsAs: 'fields', programs: empty, display, programFor: () => undefined };
  }
  const programs = empty;
  for (const [lt, text] of lowered) mergePrograms(programs, lowerCompile(expression, text as string, lt, resolver));
  requirePrograms(programs);
  const bpfExpression = lowered.get(linkTypes[0] ?? 1) ?? (lowered.values().next().value as string);
  return {
    expression,
    language,
    runsAs: 'bpf',
    bpfExpression,
    programs,
    display,
    // An interface of a link type the filter does not lower for: its packets never match (DECISIONS).
    programFor: morePrograms(programs, (lt) => {
      const text = display.bpfExpressionFor(lt);
      return text === undefined ? { expression, programs: new Map(), errors: new Map() } : lowerCompile(expression, text, lt, resolver);
    }),
  };
}

/** The filter bar's check: green with how it runs, or the error and its span. Never throws for a user error. */
export function checkFilterPlan(expression: string, linkTypes: readonly number[], resolver: NameResolver, capture = false): FilterCheck {
  let plan: FilterPlan;
  try {
    if (capture) {
      const lt = linkTypes[0] ?? 1;
      const text = captureFilterText(expression, lt);
      const check = toFilterCheck(compileForLinkTypes(text, [lt], resolver));
      const language = text === expression ? 'pcap' : 'display';
      if (!check.ok) return { ...check, expression, language, error: { ...check.error, span: language === 'pcap' ? check.error.span : [0, expression.length] } };
      return { ...check, expression, language, runsAs: 'bpf', ...(language === 'display' ? { bpfExpression: text } : {}) };
    }
    plan = planFilter(expression, linkTypes, resolver);
  } catch (e) {
    const err = asFilterError(e, expression);
    return { ok: false, expression, language: filterLanguage(expression), error: { code: err.code, message: err.message, span: [err.span[0], err.span[1]] } };
  }
  const info = { language: plan.language, runsAs: plan.runsAs, ...(plan.bpfExpression !== undefined ? { bpfExpression: plan.bpfExpression } : {}) };
  if (plan.runsAs === 'fields') return { ok: true, expression, programs: [], ...info };
  const check = toFilterCheck(plan.programs);
  return check.ok ? { ...check, expression, ...info } : check;
}

/**
 * The pcap-filter text to run in the kernel for `expression` on `linkType`: a pcap filter as it is, a
 * display filter as the expression it lowers to. Throws FilterError when the display filter does not
 * compile, or needs dissected fields (naming the first term that does not lower, with its span).
 */
export function captureFilterText(expression: string, linkType: number): string {
  if (filterLanguage(expression) === 'pcap') return expression;
  const display = compileDisplayFilter(expression);
  const text = display.bpfExpressionFor(linkType);
  if (text !== undefined) return text;
  const span = firstUnloweredTerm(display.checked, linkType) ?? [0, expression.length];
  const term = expression.slice(span[0], span[1]);
  throw new FilterError(
    'filter-needs-fields',
    `This display filter needs dissected fields and cannot run in the kernel: “${term}” has no exact BPF equivalent. ` +
      'Use a capture filter in pcap-filter syntax (e.g. tcp port 80), or capture everything and apply this filter afterwards.',
    span,
  );
}

/** The span of the leftmost term of `e` that does not lower to BPF for `linkType`; undefined when all do. */
export function firstUnloweredTerm(e: CExpr, linkType: number): Span | undefined {
  if (lowerToBpf(e, linkType, defaultRegistry) !== undefined) return undefined;
  switch (e.kind) {
    case 'and':
    case 'or':
    case 'xor':
      return firstUnloweredTerm(e.left, linkType) ?? firstUnloweredTerm(e.right, linkType) ?? termSpan(e);
    case 'not':
      return firstUnloweredTerm(e.operand, linkType) ?? termSpan(e);
    default:
      return termSpan(e);
  }
}

/** Where a term of the checked tree stands in the text (the checked tree keeps its values' spans). */
export function termSpan(e: CExpr): Span {
  switch (e.kind) {
    case 'and':
    case 'or':
    case 'xor':
      return join(termSpan(e.left), termSpan(e.right));
    case 'not':
      return termSpan(e.operand);
    case 'exists':
      return e.span;
    case 'truthy':
      return e.value.span;
    case 'compare':
    case 'contains':
      return join(e.left.span, e.right.span);
    case 'in': {
      const last = e.items.at(-1);
      return last ? join(e.left.span, (last.high ?? last.low).span) : e.left.span;
    }
    case 'matches':
      return e.left.span;
  }
}

function join(a: Span, b: Span): Span {
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

/** Compile a display filter's lowered text for one link type; its errors point at the whole display filter. */
function lowerCompile(expression: string, text: string, linkType: number, resolver: NameResolver): LinkTypePrograms {
  const out = compileForLinkTypes(text, [linkType], resolver);
  for (const [lt, e] of out.errors) out.errors.set(lt, new FilterError(e.code, `${e.message} (in ${text}, the BPF form of this display filter)`, [0, expression.length]));
  return { ...out, expression };
}

function mergePrograms(into: LinkTypePrograms, more: LinkTypePrograms): void {
  for (const [lt, p] of more.programs) into.programs.set(lt, p);
  for (const [lt, e] of more.errors) into.errors.set(lt, e);
}

/** `programs`' program for a link type, compiling it with `compile` the first time one is asked for. */
function morePrograms(programs: LinkTypePrograms, compile: (linkType: number) => LinkTypePrograms): FilterPlan['programFor'] {
  return (linkType) => {
    if (!programs.programs.has(linkType) && !programs.errors.has(linkType)) mergePrograms(programs, compile(linkType));
    return programs.programs.get(linkType);
  };
}
