/**
 * The filter parser's position in the token list, and how it fails: peeking and taking tokens,
 * "expected X after 'prev', found Y" errors, the nesting and step limits, and backtracking over
 * alternatives where grammar.y relies on LALR lookahead. Grammar-free: the sub-parsers
 * (parser.ts, parse-arith.ts, parse-primitives.ts) drive it.
 */
import { FilterError } from '../errors';
import type { ProtoQualifier, Qualifier } from './ast';
import { PROTO_QUALIFIERS } from './ast';
import type { Keyword, Operator, ScanToken, Token } from './lexer';
import type { Span } from './span';

/** Nesting deeper than this (parentheses, `not`, unary minus) is refused rather than risking the stack. */
export const MAX_NESTING = 200;

// Token classes shared by the sub-parsers.
export const PROTO_SET: ReadonlySet<string> = new Set(PROTO_QUALIFIERS);
export const RELOPS: ReadonlySet<string> = new Set(['>', '>=', '=', '<=', '<', '!=']);

/** A protocol keyword as the qualifier it stands for. */
export function protoQual(t: Token & { kind: 'keyword' }): Qualifier<ProtoQualifier> {
  return { value: t.keyword as ProtoQualifier, text: t.text, span: t.span };
}

/** What `peek` returns past the last token: an empty token at the end of the text. */
export type End = { readonly kind: 'end'; readonly text: ''; readonly span: Span };

/** A failed alternative: where it failed and what it wanted. Internal; surfaces as FilterError('syntax'). */
export class Backtrack {
  constructor(
    readonly pos: number,
    readonly message: string,
    readonly span: Span,
  ) {}
}

export class TokenCursor {
  private pos = 0;
  private depth = 0;
  private steps = 0;
  private readonly maxSteps: number;
  private readonly end: End;

  constructor(
    readonly text: string,
    private readonly tokens: readonly ScanToken[],
  ) {
    this.end = { kind: 'end', text: '', span: [text.length, text.length] };
    this.maxSteps = 100_000 + 200 * tokens.length * tokens.length;
  }

  peek(offset = 0): Token | End {
    const t = this.tokens[this.pos + offset];
    if (t === undefined) return this.end;
    if (t.kind === 'error') {
      // The first scanner error the parse reaches wins, as in libpcap.
      throw t.error;
    }
    return t;
  }

  next(): Token | End {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  /** Take the token just peeked. */
  advance(): void {
    this.pos++;
  }

  /** Give back the token just taken, so that a failure is reported at it. */
  retreat(): void {
    this.pos--;
  }

  /** The span of the last token taken. */
  prevSpan(): Span {
    return this.tokens[this.pos - 1].span;
  }

  isKw(t: Token | End, ...words: Keyword[]): t is Token & { kind: 'keyword' } {
    return t.kind === 'keyword' && words.includes(t.keyword);
  }

  isOp(t: Token | End, ...ops: Operator[]): t is Token & { kind: 'op' } {
    return t.kind === 'op' && ops.includes(t.op);
  }

  describe(t: Token | End): string {
    return t.kind === 'end' ? 'end of expression' : `'${t.text}'`;
  }

  /** Fail here: "expected X after 'prev', found Y". */
  fail(expected: string): never {
    const t = this.peek();
    const prev = this.pos > 0 ? this.tokens[this.pos - 1] : undefined;
    const after = prev ? ` after '${prev.text}'` : '';
    throw new Backtrack(this.pos, `expected ${expected}${after}, found ${this.describe(t)}`, t.span);
  }

  failAt(t: Token | End, message: string): never {
    throw new Backtrack(this.pos, message, t.span);
  }

  expectOp(op: Operator, expected: string): Token {
    const t = this.peek();
    if (!this.isOp(t, op)) this.fail(expected);
    this.pos++;
    return t;
  }

  expectNum(expected: string): Token & { kind: 'num' } {
    const t = this.peek();
    if (t.kind !== 'num') this.fail(expected);
    this.pos++;
    return t;
  }

  /** Count one step of work; refuse inputs whose backtracking would take too long. */
  tick(): void {
    if (++this.steps > this.maxSteps) {
      throw new FilterError('too-complex', 'the expression is too complex to parse; split it or remove redundant parentheses', [0, this.text.length]);
    }
  }

  /** Run `f` one nesting level deeper, refusing to go past MAX_NESTING. */
  nest<T>(span: Span, f: () => T): T {
    if (++this.depth > MAX_NESTING) {
      throw new FilterError('too-deep', `the expression nests more than ${MAX_NESTING} levels deep (parentheses, 'not', unary minus)`, span);
    }
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /** Try alternatives in order from the same position; the first that succeeds wins, else the furthest failure. */
  choose<T>(alternatives: readonly (() => T)[]): T {
    const start = this.pos;
    const depth = this.depth;
    let best: Backtrack | undefined;
    for (const alt of alternatives) {
      try {
        return alt();
      } catch (e) {
        if (!(e instanceof Backtrack)) throw e;
        if (best === undefined || e.pos > best.pos) best = e;
        this.pos = start;
        this.depth = depth;
      }
    }
    throw best ?? new Backtrack(start, 'no alternative', this.peek().span);
  }
}
