/**
 * The display-filter parser: tokens → `Expr`, by recursive descent with Wireshark 4.0's precedence, lowest
 * first: `or`, then `xor` (Wireshark 4.2's place for it; 4.0 has no xor), then `and`, then `not`; relations
 * do not chain (`a == b == c` is an error). Within an operand, `&` binds tighter than a relation and a
 * slice tighter than `&`. Every node carries its span.
 */
import { FilterError } from '../errors';
import { joinSpans } from '../filter/span';
import type { Expr, FunctionName, Operand, RelOp, SetItem, Span } from './ast';
import { lex, type OpName, type Token } from './lexer';

const FUNCTIONS: ReadonlySet<string> = new Set<FunctionName>(['len', 'count', 'upper', 'lower']);
const RELATIONS: ReadonlySet<OpName> = new Set<RelOp>(['any_eq', 'all_ne', 'all_eq', 'any_ne', 'gt', 'lt', 'ge', 'le']);

export function parse(text: string): Expr {
  const p = new Parser(text, lex(text));
  if (p.peek().kind === 'eof') throw new FilterError('display-empty', 'The filter is empty; expected a field, a protocol or an expression.', [0, text.length]);
  const e = p.expr();
  const t = p.peek();
  if (t.kind !== 'eof') throw p.unexpected(t, 'expected "and", "or" or the end of the filter');
  return e;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private isOp(op: OpName, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.op === op;
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }

  unexpected(t: Token, expected: string): FilterError {
    if (t.kind === 'eof') return new FilterError('display-syntax', `Unexpected end of filter expression; ${expected}.`, [this.text.length, this.text.length]);
    const shown = this.text.slice(t.span[0], t.span[1]);
    return new FilterError('display-syntax', `"${shown}" was unexpected here; ${expected}.`, t.span);
  }

  expr(): Expr {
    return this.binary('or', () => this.binary('xor', () => this.binary('and', () => this.unary())));
  }

  private binary(op: 'or' | 'xor' | 'and', sub: () => Expr): Expr {
    let left = sub();
    while (this.isOp(op)) {
      this.next();
      const right = sub();
      left = { kind: op, left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && t.op === 'not') {
      this.next();
      const operand = this.unary();
      return { kind: 'not', operand, span: joinSpans(t.span, operand.span) };
    }
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const inner = this.expr();
      const close = this.next();
      if (close.kind !== 'punct' || close.text !== ')') throw this.unexpected(close, 'expected ")" to close the "(" at ' + t.span[0]);
      return this.parenthesised(inner, joinSpans(t.span, close.span));
    }
    return this.relation();
  }

  /** A parenthesised expression keeps its inner node, with the span widened to the parentheses. */
  private parenthesised(e: Expr, span: Span): Expr {
    return { ...e, span };
  }

  private relation(): Expr {
    const left = this.operand();
    const t = this.peek();
    if (t.kind === 'op' && RELATIONS.has(t.op)) {
      this.next();
      const right = this.operand();
      return { kind: 'relation', op: t.op as RelOp, opSpan: t.span, left, right, span: joinSpans(left.span, right.span) };
    }
    if (t.kind === 'op' && (t.op === 'contains' || t.op === 'matches')) {
      this.next();
      const right = this.operand();
      return { kind: t.op, opSpan: t.span, left, right, span: joinSpans(left.span, right.span) };
    }
    if (t.kind === 'op' && t.op === 'in') {
      this.next();
      return this.membership(left, false, t.span);
    }
    if (t.kind === 'op' && t.op === 'not' && this.isOp('in', 1)) {
      this.next();
      const inTok = this.next();
      return this.membership(left, true, joinSpans(t.span, inTok.span));
    }
    return { kind: 'test', value: left, span: left.span };
  }

  private membership(left: Operand, negated: boolean, opSpan: Span): Expr {
    const open = this.next();
    if (open.kind !== 'punct' || open.text !== '{') throw this.unexpected(open, 'expected "{" to start the set after "in"');
    const items: SetItem[] = [];
    for (;;) {
      const low = this.operand();
      if (this.isPunct('..')) {
        this.next();
        const high = this.operand();
        items.push({ kind: 'range', low, high, span: joinSpans(low.span, high.span) });
      } else {
        items.push({ kind: 'one', value: low, span: low.span });
      }
      const sep = this.next();
      if (sep.kind === 'punct' && sep.text === '}') return { kind: 'in', negated, opSpan, left, items, span: joinSpans(left.span, sep.span) };
      if (sep.kind !== 'punct' || sep.text !== ',') throw this.unexpected(sep, 'expected "," between set members or "}" to end the set');
    }
  }

  private operand(): Operand {
    let left = this.sliced();
    while (this.isOp('bitand')) {
      this.next();
      const right = this.sliced();
      left = { kind: 'bitand', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }

  private sliced(): Operand {
    let value = this.atom();
    for (let t = this.peek(); t.kind === 'slice'; t = this.peek()) {
      this.next();
      value = { kind: 'slice', of: value, ranges: t.ranges, span: joinSpans(value.span, t.span) };
    }
    return value;
  }

  private atom(): Operand {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value, raw: t.raw, span: t.span };
      case 'char':
        return { kind: 'char', value: t.value, span: t.span };
      case 'word': {
        const paren = this.peek();
        if (paren.kind === 'punct' && paren.text === '(' && paren.span[0] === t.span[1]) {
          if (!FUNCTIONS.has(t.text)) {
            throw new FilterError('display-function', `"${t.text}" is not a function; expected len, count, upper or lower.`, t.span);
          }
          return this.call(t.text as FunctionName, t.span);
        }
        return { kind: 'word', text: t.text, span: t.span };
      }
      case 'op':
      case 'punct':
      case 'slice':
      case 'eof':
        throw this.unexpected(t, 'expected a field, a protocol or a value');
    }
  }

  private call(name: FunctionName, nameSpan: Span): Operand {
    this.next(); // (
    const args: Operand[] = [];
    if (!this.isPunct(')')) {
      for (;;) {
        args.push(this.operand());
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    const close = this.next();
    if (close.kind !== 'punct' || close.text !== ')') throw this.unexpected(close, `expected ")" to close ${name}(`);
    return { kind: 'call', name, nameSpan, args, span: joinSpans(nameSpan, close.span) };
  }
}
