/**
 * The display-filter compiler: lex → parse (AST with spans) → check (names and literals against the
 * registry; every user error here) → compile to closures (evaluate.ts) and, where exact, lower to
 * pcap-filter text (lower-bpf.ts).
 */
import { defaultRegistry } from '../dissect/index';
import type { Registry } from '../dissect/registry';
import type { Expr } from './ast';
import { check } from './check';
import type { CExpr, CValue } from './checked';
import { compilePredicate } from './evaluate';
import { lowerToBpf } from './lower-bpf';
import { parse } from './parser';
import type { DisplayFilter } from './types';

export interface CompiledDisplayFilter extends DisplayFilter {
  readonly ast: Expr;
  readonly checked: CExpr;
}

/** Compile `text`; throws FilterError (code, message, span into `text`) for anything the user got wrong. */
export function compileDisplayFilter(text: string, registry: Registry = defaultRegistry): CompiledDisplayFilter {
  const ast = parse(text);
  const checked = check(ast, registry);
  const predicate = compilePredicate(checked);
  const interest = new Set<string>();
  const needsBytes = collectNames(checked, interest);
  return {
    text,
    ast,
    checked,
    interest,
    needsBytes,
    bpfExpression: lowerToBpf(checked, 1, registry),
    bpfExpressionFor: (linkType: number) => lowerToBpf(checked, linkType, registry),
    matches: (fields, bytes) => predicate(fields, bytes),
  };
}

/** Adds every field and protocol name `e` reads to `out`; returns whether it reads packet bytes. */
function collectNames(e: CExpr, out: Set<string>): boolean {
  switch (e.kind) {
    case 'and':
    case 'or':
    case 'xor': {
      const a = collectNames(e.left, out);
      return collectNames(e.right, out) || a;
    }
    case 'not':
      return collectNames(e.operand, out);
    case 'exists':
      out.add(e.field.filterName);
      return false;
    case 'truthy':
      return valueNames(e.value, out);
    case 'compare':
    case 'contains': {
      const a = valueNames(e.left, out);
      return valueNames(e.right, out) || a;
    }
    case 'in':
      return e.items.reduce((acc, it) => valueNames(it.low, out) || (it.high !== undefined && valueNames(it.high, out)) || acc, valueNames(e.left, out));
    case 'matches':
      return valueNames(e.left, out);
  }
}

function valueNames(v: CValue, out: Set<string>): boolean {
  switch (v.kind) {
    case 'field':
      out.add(v.name);
      return v.vtype === 'protocol' || v.vtype === 'none';
    case 'const':
      return false;
    case 'slice':
    case 'len':
    case 'count':
    case 'upper':
    case 'lower':
      return valueNames(v.of, out);
    case 'bitand': {
      const a = valueNames(v.of, out);
      return valueNames(v.mask, out) || a;
    }
  }
}
