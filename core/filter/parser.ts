/**
 * The pcap-filter(7) parser: libpcap 1.10's grammar.y as recursive descent, building the syntactic
 * tree of ast.ts with a span on every node. This file holds the boolean structure, qualifiers and
 * ids; relations are in parse-arith.ts, keyword primitives in parse-primitives.ts (with their name
 * tables in parse-names.ts), and the token cursor with its errors and backtracking in parse-cursor.ts.
 *
 * Where grammar.y relies on LALR lookahead (`(` opens an arithmetic group, a boolean group or a group
 * of ids; a number after `and` is a relation or an id), the parser tries the alternatives in turn and
 * reports the one that got furthest. Qualifier inheritance (`host a or b`) is grammar.y's `$<blk>0`
 * made explicit: every term returns the qualifiers it lends to a bare id after `and`/`or`:
 *   - `head id` lends the head's qualifiers;
 *   - `(expr)` lends what was in force before its `(` (so `host a and ((port 1) or b)` is `host b`);
 *   - `not term` lends what its term lends;
 *   - anything else (a protocol alone, a relation, `vlan`, …) lends nothing, and a bare id after it
 *     is libpcap's "syntax error in filter expression".
 */
import { FilterError } from '../errors';
import type { AddrQualifier, DirQualifier, Expr, Id, ProtoQualifier, Qualifier, Qualifiers } from './ast';
import { scan, type Keyword } from './lexer';
import { parseRelation } from './parse-arith';
import { Backtrack, PROTO_SET, TokenCursor, protoQual } from './parse-cursor';
import { parseOther, parsePnum } from './parse-primitives';
import { joinSpans, type Span } from './span';

export { MAX_NESTING } from './parse-cursor';

/** Parse a filter expression into its syntax tree. Throws only FilterError. */
export function parse(text: string): Expr {
  const tokens = scan(text);
  if (tokens.length === 0) {
    throw new FilterError(
      'empty',
      'the filter expression is empty; an empty filter matches every packet, so there is nothing to compile',
      [0, text.length],
    );
  }
  return new Parser(text, tokens).parseProgram();
}

// ---------------------------------------------------------------------------------------------
// Token classes

const DIR_WORDS: ReadonlySet<Keyword> = new Set<Keyword>(['src', 'dst', 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta']);
const ADDR_WORDS: ReadonlySet<Keyword> = new Set<Keyword>(['host', 'net', 'port', 'portrange']);
const HEAD_WORDS: ReadonlySet<Keyword> = new Set<Keyword>([...DIR_WORDS, ...ADDR_WORDS, 'proto', 'protochain', 'gateway']);

// ---------------------------------------------------------------------------------------------
// Qualifier inheritance

/** What a term lends to a bare id after `and`/`or`: qualifiers, or nothing (libpcap's qerr). */
type Lent = { readonly kind: 'quals'; readonly quals: Qualifiers } | { readonly kind: 'none' };
const NONE: Lent = { kind: 'none' };

/** The context of an id: the qualifiers it takes, and whether it took them from an earlier term. */
interface IdCtx {
  readonly lent: Lent;
  readonly inherited: boolean;
  /** The head the id stands under directly (`port` in `port 80`), folded into its span. */
  readonly head?: Span;
}

interface Result {
  readonly node: Expr;
  readonly lent: Lent;
}

class Parser extends TokenCursor {
  parseProgram(): Expr {
    try {
      const { node } = this.parseExpr(NONE);
      const t = this.peek();
      if (t.kind !== 'end') {
        if (t.kind === 'op' && t.op === ')') this.failAt(t, `found ')' with no '(' to close`);
        this.fail(`'and', 'or' or the end of the expression`);
      }
      return node;
    } catch (e) {
      if (e instanceof Backtrack) throw new FilterError('syntax', e.message, e.span);
      throw e;
    }
  }

  /** After a term or id inside an expression only these may come (grammar.y's FOLLOW). */
  private expectFollow(): void {
    const t = this.peek();
    if (t.kind === 'end' || this.isKw(t, 'and', 'or') || this.isOp(t, ')')) return;
    this.fail(`'and', 'or', ')' or the end of the expression`);
  }

  // -------------------------------------------------------------------------------------------
  // Boolean structure

  /** expr: term ((and|or) (term|id))* — same precedence, left associative. */
  private parseExpr(incoming: Lent): Result {
    let { node, lent } = this.parseTerm(incoming);
    for (;;) {
      const op = this.peek();
      if (!this.isKw(op, 'and', 'or')) return { node, lent };
      this.advance();
      const right = this.parseTermOrId(lent);
      node = { kind: op.keyword === 'and' ? 'and' : 'or', left: node, right: right.node, span: joinSpans(node.span, right.node.span) };
      lent = right.lent;
    }
  }

  /** After and/or: a term, or a bare id that takes the previous term's qualifiers. */
  private parseTermOrId(lent: Lent): Result {
    const t = this.peek();
    const asId = (): Result => {
      const node = this.parseId({ lent, inherited: true });
      this.expectFollow();
      return { node, lent };
    };
    const asTerm = (): Result => {
      const r = this.parseTerm(lent);
      this.expectFollow();
      return r;
    };
    if (t.kind === 'id' || t.kind === 'hid' || t.kind === 'hid6' || t.kind === 'eid' || t.kind === 'aid') return asId();
    if (t.kind === 'num' || this.isOp(t, '(') || this.isKw(t, 'not')) return this.choose([asTerm, asId]);
    return this.parseTerm(lent);
  }

  /** term: not term | rterm. */
  private parseTerm(incoming: Lent): Result {
    this.tick();
    const t = this.peek();
    if (this.isKw(t, 'not')) {
      this.advance();
      const inner = this.nest(t.span, () => this.parseTerm(incoming));
      return { node: { kind: 'not', operand: inner.node, span: joinSpans(t.span, inner.node.span) }, lent: inner.lent };
    }
    if (this.isOp(t, '(')) {
      return this.choose([() => this.parseParenExpr(incoming), () => ({ node: parseRelation(this), lent: NONE })]);
    }
    if (t.kind === 'num' || this.isOp(t, '-') || this.isKw(t, 'len')) return { node: parseRelation(this), lent: NONE };
    if (t.kind !== 'keyword') {
      if (t.kind === 'end') this.fail('a filter primitive');
      if (t.kind === 'op') this.fail('a filter primitive');
      this.failAt(
        t,
        `expected a filter primitive, found ${this.describe(t)}: a bare name, number or address needs a qualifier ` +
          `such as 'host', 'net', 'port' or 'proto' (e.g. 'host ${t.text}')`,
      );
    }
    if (PROTO_SET.has(t.keyword)) {
      const after = this.peek(1);
      if (this.isOp(after, '[')) return { node: parseRelation(this), lent: NONE };
      if (after.kind === 'keyword' && HEAD_WORDS.has(after.keyword)) return this.parseHeadId();
      if (this.isKw(after, 'broadcast', 'multicast', 'type', 'subtype', 'dir')) {
        this.advance();
        return { node: parseOther(this, protoQual(t)), lent: NONE };
      }
      this.advance();
      return { node: { kind: 'proto-abbrev', proto: protoQual(t), span: t.span }, lent: NONE };
    }
    if (HEAD_WORDS.has(t.keyword)) return this.parseHeadId();
    return { node: parseOther(this, undefined), lent: NONE };
  }

  /** `( expr )`: lends whatever was in force before the `(` (grammar.y: `$$.q = $1.q`). */
  private parseParenExpr(incoming: Lent): Result {
    const open = this.expectOp('(', `'('`);
    return this.nest(open.span, () => {
      const inner = this.parseExpr(incoming);
      const close = this.peek();
      if (!this.isOp(close, ')')) this.fail(`')' to close the '(' at offset ${open.span[0]}`);
      this.advance();
      return { node: withSpan(inner.node, joinSpans(open.span, close.span)), lent: incoming };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Qualifiers and ids

  /** head id: [proto] [dir] [host|net|port|portrange] id, or [proto] (proto|protochain|gateway) id. */
  private parseHeadId(): Result {
    const first = this.peek();
    let proto: Qualifier<ProtoQualifier> | undefined;
    if (first.kind === 'keyword' && PROTO_SET.has(first.keyword)) {
      proto = protoQual(first);
      this.advance();
    }
    let dir: Qualifier<DirQualifier> | undefined;
    let addr: Qualifier<AddrQualifier> | undefined;
    const t = this.peek();
    if (t.kind === 'keyword' && DIR_WORDS.has(t.keyword)) {
      this.advance();
      dir = { value: t.keyword as DirQualifier, text: t.text, span: t.span };
      const conj = this.peek();
      if ((t.keyword === 'src' || t.keyword === 'dst') && this.isKw(conj, 'and', 'or')) {
        this.advance();
        const other = t.keyword === 'src' ? 'dst' : 'src';
        const second = this.peek();
        if (!this.isKw(second, other)) this.fail(`'${other}' (as in '${t.text} ${conj.text} ${other}')`);
        this.advance();
        const span = joinSpans(t.span, second.span);
        dir = { value: conj.keyword === 'and' ? 'src and dst' : 'src or dst', text: this.text.slice(span[0], span[1]), span };
      }
      const a = this.peek();
      if (a.kind === 'keyword' && ADDR_WORDS.has(a.keyword)) {
        this.advance();
        addr = { value: a.keyword as AddrQualifier, text: a.text, span: a.span };
      } else if (this.isKw(a, 'proto', 'protochain', 'gateway')) {
        this.failAt(a, `'${a.text}' cannot follow a direction ('${dir.text}'); write e.g. '${a.text} ...' without '${dir.text}'`);
      }
    } else if (t.kind === 'keyword' && HEAD_WORDS.has(t.keyword)) {
      this.advance();
      addr = { value: t.keyword as AddrQualifier, text: t.text, span: t.span };
    } else {
      this.fail(`'host', 'net', 'port', 'src', 'dst', 'proto' or another qualifier`);
    }
    const quals: Qualifiers = { ...(proto && { proto }), ...(dir && { dir }), ...(addr && { addr }) };
    const head = joinSpans(first.span, this.prevSpan());
    const lent: Lent = { kind: 'quals', quals };
    const id = this.parseId({ lent, inherited: false, head }, 'a value');
    return { node: withSpan(id, joinSpans(head, id.span)), lent };
  }

  /**
   * id: nid | pnum | ( pid ); nid: ID | HID [/NUM | mask HID] | HID6 [/NUM] | EID | AID | not id;
   * pid: (nid|pnum) ((and|or) id)*.
   */
  private parseId(ctx: IdCtx, expected = 'a host, network, port or protocol value'): Expr {
    this.tick();
    const t = this.peek();
    if (this.isKw(t, 'not')) {
      this.advance();
      const inner = this.nest(t.span, () => this.parseId(ctx, expected));
      return { kind: 'not', operand: inner, span: joinSpans(t.span, inner.span) };
    }
    if (this.isOp(t, '(')) {
      return this.nest(t.span, () => {
        // `( pnum )` and `( pid )`; a pid starts with a nid or a pnum (which may itself be parenthesized).
        this.advance();
        const firstTok = this.peek();
        let node: Expr;
        if (firstTok.kind === 'num' || this.isOp(firstTok, '(')) {
          const n = parsePnum(this, `a number or ')'`);
          node = this.leaf(ctx, { kind: 'number', value: n.value, text: n.text, span: n.span });
        } else {
          node = this.parseNid(ctx, 'a host, network, port or protocol value');
        }
        for (;;) {
          const op = this.peek();
          if (!this.isKw(op, 'and', 'or')) break;
          this.advance();
          const right = this.parseId({ lent: ctx.lent, inherited: true });
          node = { kind: op.keyword === 'and' ? 'and' : 'or', left: node, right, span: joinSpans(node.span, right.span) };
        }
        const close = this.peek();
        if (!this.isOp(close, ')')) this.fail(`'and', 'or' or ')' to close the '(' at offset ${t.span[0]}`);
        this.advance();
        return withSpan(node, joinSpans(t.span, close.span));
      });
    }
    if (t.kind === 'num') {
      this.advance();
      return this.leaf(ctx, { kind: 'number', value: t.value, text: t.text, span: t.span });
    }
    return this.parseNid(ctx, expected);
  }

  /** nid without the `not` case handled by parseId (`not` is accepted here too). */
  private parseNid(ctx: IdCtx, expected: string): Expr {
    const t = this.peek();
    if (this.isKw(t, 'not')) return this.parseId(ctx, expected);
    switch (t.kind) {
      case 'id':
        this.advance();
        return this.leaf(ctx, { kind: 'name', name: t.value, span: t.span });
      case 'hid': {
        this.advance();
        const slash = this.peek();
        if (this.isOp(slash, '/')) {
          this.advance();
          const len = this.expectNum('a prefix length');
          return this.leaf(ctx, { kind: 'ipv4', text: t.text, prefixLength: len.value, span: joinSpans(t.span, len.span) });
        }
        if (this.isKw(slash, 'mask')) {
          this.advance();
          const m = this.peek();
          if (m.kind !== 'hid') this.fail('a dotted netmask such as 255.255.0.0');
          this.advance();
          return this.leaf(ctx, { kind: 'ipv4', text: t.text, mask: { text: m.text, span: m.span }, span: joinSpans(t.span, m.span) });
        }
        return this.leaf(ctx, { kind: 'ipv4', text: t.text, span: t.span });
      }
      case 'hid6': {
        this.advance();
        if (this.isOp(this.peek(), '/')) {
          this.advance();
          const len = this.expectNum('a prefix length');
          return this.leaf(ctx, { kind: 'ipv6', text: t.text, prefixLength: len.value, span: joinSpans(t.span, len.span) });
        }
        return this.leaf(ctx, { kind: 'ipv6', text: t.text, span: t.span });
      }
      case 'eid':
        this.advance();
        return this.leaf(ctx, { kind: 'mac', text: t.text, span: t.span });
      case 'aid':
        this.advance();
        return this.leaf(ctx, { kind: 'arcnet', text: t.text, span: t.span });
      default:
        return this.fail(expected);
    }
  }

  /** A qualified id, or libpcap's "syntax error in filter expression" when nothing lends qualifiers. */
  private leaf(ctx: IdCtx, id: Id): Expr {
    if (ctx.lent.kind === 'none') {
      const shown = this.text.slice(id.span[0], id.span[1]);
      throw new FilterError(
        'syntax',
        `'${shown}' has no qualifiers: a bare value after 'and'/'or' takes those of the primitive before it, ` +
          `and there is none to take here; write them out (e.g. 'host ${shown}' or 'port ${shown}')`,
        id.span,
      );
    }
    const span = ctx.head && !ctx.inherited ? joinSpans(ctx.head, id.span) : id.span;
    return { kind: 'qualified', quals: ctx.lent.quals, id, inherited: ctx.inherited, span };
  }
}

function withSpan(node: Expr, span: Span): Expr {
  return node.span[0] === span[0] && node.span[1] === span[1] ? node : { ...node, span };
}
