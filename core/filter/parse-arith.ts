/**
 * grammar.y's `arth` and `relop`: relations such as `ip[0] & 0xf != 5` or `len >= 100`.
 *
 * Arithmetic follows grammar.y's precedences: `|` < `&` < `<< >>` < `+ -` < `* /` < unary minus.
 * `^` and `%` have no declared precedence, so bison shifts them: each binds the operand just before
 * it and takes everything after it (`a - b ^ c + d` is `a - (b ^ (c + d))`), as `tcpdump -d` shows.
 */
import { FilterError } from '../errors';
import type { Arith, ArithOp, Expr, LoadSize, RelOp } from './ast';
import { PROTO_SET, RELOPS, protoQual, type TokenCursor } from './parse-cursor';
import type { Operator } from './lexer';
import { joinSpans, type Span } from './span';

/** Binding powers; `^` and `%` bind the operand before them tighter than anything and take all after. */
const INFIX: Readonly<Partial<Record<Operator, { readonly left: number; readonly right: number }>>> = {
  '|': { left: 1, right: 2 },
  '&': { left: 2, right: 3 },
  '<<': { left: 3, right: 4 },
  '>>': { left: 3, right: 4 },
  '+': { left: 4, right: 5 },
  '-': { left: 4, right: 5 },
  '*': { left: 5, right: 6 },
  '/': { left: 5, right: 6 },
  '^': { left: 100, right: 0 },
  '%': { left: 100, right: 0 },
};
const UNARY_MINUS = 6;

/** arth relop arth. */
export function parseRelation(c: TokenCursor): Expr {
  const left = parseArith(c, 0);
  const t = c.peek();
  if (t.kind !== 'op' || !RELOPS.has(t.op)) {
    c.fail(`a comparison ('=', '!=', '<', '<=', '>', '>=') or an arithmetic operator`);
  }
  c.advance();
  const right = parseArith(c, 0);
  return { kind: 'relation', op: t.op as RelOp, left, right, span: joinSpans(left.span, right.span) };
}

function parseArith(c: TokenCursor, minPower: number): Arith {
  c.tick();
  let left = parseArithPrefix(c);
  for (;;) {
    const t = c.peek();
    if (t.kind !== 'op') return left;
    const power = INFIX[t.op];
    if (power === undefined || power.left < minPower) return left;
    c.advance();
    const right = c.nest(t.span, () => parseArith(c, power.right));
    left = { kind: 'binary', op: t.op as ArithOp, left, right, span: joinSpans(left.span, right.span) };
  }
}

function parseArithPrefix(c: TokenCursor): Arith {
  const t = c.peek();
  if (t.kind === 'num') {
    c.advance();
    return { kind: 'const', value: t.value, span: t.span };
  }
  if (c.isKw(t, 'len')) {
    c.advance();
    return { kind: 'len', span: t.span };
  }
  if (c.isOp(t, '-')) {
    c.advance();
    const operand = c.nest(t.span, () => parseArith(c, UNARY_MINUS));
    return { kind: 'negate', operand, span: joinSpans(t.span, operand.span) };
  }
  if (c.isOp(t, '(')) {
    c.advance();
    const inner = c.nest(t.span, () => parseArith(c, 0));
    const close = c.expectOp(')', `an arithmetic operator or ')' to close the '(' at offset ${t.span[0]}`);
    return withArithSpan(inner, joinSpans(t.span, close.span));
  }
  if (t.kind === 'keyword' && PROTO_SET.has(t.keyword)) {
    c.advance();
    const proto = protoQual(t);
    c.expectOp('[', `'[' (a protocol in arithmetic is a load, e.g. '${t.text}[0]')`);
    const index = c.nest(t.span, () => parseArith(c, 0));
    let size: LoadSize = 1;
    if (c.isOp(c.peek(), ':')) {
      c.advance();
      const s = c.expectNum('a load size (1, 2 or 4)');
      if (s.value !== 1 && s.value !== 2 && s.value !== 4) {
        throw new FilterError('load-size', `data size must be 1, 2, or 4 (got ${s.text})`, s.span);
      }
      size = s.value;
    }
    const close = c.expectOp(']', `']' or ':size' to end '${t.text}['`);
    return { kind: 'load', proto, index, size, span: joinSpans(t.span, close.span) };
  }
  return c.fail(`a number, 'len', a load such as 'ip[0]', '-' or '('`);
}

function withArithSpan(node: Arith, span: Span): Arith {
  return { ...node, span };
}
