/**
 * Compiling one pcap-filter expression for every link type of a session: the programs a display filter
 * runs (one per link type) and the answer the filter bar shows while the user types (`FilterCheck`).
 */
import type { FilterCheck, FilterProgram } from '../core/api';
import { formatProgram } from '../core/bpf/disasm';
import type { RawInsn } from '../core/bpf/opcodes';
import { FilterError, TrawlError } from '../core/errors';
import { compileFilter } from '../core/filter/compile';
import type { NameResolver } from '../core/filter/resolver';
import { linkTypeName } from '../core/pcap/link-types';

/** An expression compiled for several link types: a program where it compiles, the error where not. */
export interface LinkTypePrograms {
  expression: string;
  programs: Map<number, RawInsn[]>;
  errors: Map<number, FilterError>;
}

/** Compile `expression` for each of `linkTypes` (distinct LINKTYPE_ numbers). Never throws for a bad expression. */
export function compileForLinkTypes(expression: string, linkTypes: readonly number[], resolver: NameResolver): LinkTypePrograms {
  const out: LinkTypePrograms = { expression, programs: new Map(), errors: new Map() };
  for (const linkType of new Set(linkTypes)) {
    try {
      out.programs.set(linkType, compileFilter(expression, { linkType, resolver }));
    } catch (e) {
      out.errors.set(linkType, asFilterError(e, expression));
    }
  }
  return out;
}

/**
 * The expression's programs, or the FilterError that keeps it from compiling for any of the link types.
 * A link type it does not compile for (e.g. `ether host` on raw IP) is left out: its packets never match.
 */
export function requirePrograms(compiled: LinkTypePrograms): Map<number, RawInsn[]> {
  if (compiled.programs.size > 0) return compiled.programs;
  const first = compiled.errors.values().next().value;
  throw first ?? new FilterError('no-link-type', 'The capture has no interfaces yet, so there is nothing to compile the filter for', [0, compiled.expression.length]);
}

/** What the filter bar shows: every program (with its `tcpdump -d` listing), or the error to underline. */
export function toFilterCheck(compiled: LinkTypePrograms): FilterCheck {
  const { expression } = compiled;
  try {
    const programs = requirePrograms(compiled);
    const list: FilterProgram[] = [...programs].map(([linkType, program]) => ({
      linkType,
      linkTypeName: linkTypeName(linkType),
      instructions: program.length,
      listing: formatProgram(program, 'd'),
    }));
    return { ok: true, expression, programs: list };
  } catch (e) {
    const err = asFilterError(e, expression);
    return { ok: false, expression, error: { code: err.code, message: err.message, span: [err.span[0], err.span[1]] } };
  }
}

/**
 * Anything the compiler throws, as a FilterError: its own FilterErrors as they are; another typed error
 * (e.g. a program the kernel would refuse) spans the whole expression; a bug says so.
 */
export function asFilterError(e: unknown, expression: string): FilterError {
  if (e instanceof FilterError) return e;
  const whole: [number, number] = [0, expression.length];
  if (e instanceof TrawlError) return new FilterError(e.code, e.message, whole);
  const msg = e instanceof Error ? e.message : String(e);
  return new FilterError('filter-internal', `The filter compiler failed on this expression (${msg}); please report it with the expression.`, whole);
}
