/**
 * The pcap-filter(7) parser: libpcap 1.10's grammar.y as recursive descent, building the syntactic
 * tree of ast.ts with a span on every node.
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
 *
 * Arithmetic follows grammar.y's precedences: `|` < `&` < `<< >>` < `+ -` < `* /` < unary minus.
 * `^` and `%` have no declared precedence, so bison shifts them: each binds the operand just before
 * it and takes everything after it (`a - b ^ c + d` is `a - (b ^ (c + d))`), as `tcpdump -d` shows.
 */
import { FilterError } from '../errors';
import type {
  AddrQualifier, Arith, ArithOp, AtmMultiType, AtmType, DirQualifier, Expr, FieldValueTest, Id, LlcKind,
  LoadSize, Mtp2Type, Mtp3Field, PfField, ProtoQualifier, Qualifier, Qualifiers, RelOp,
} from './ast';
import { PROTO_QUALIFIERS } from './ast';
import { scan, type Keyword, type Operator, type ScanToken, type Token } from './lexer';
import { joinSpans, type Span } from './span';

/** Nesting deeper than this (parentheses, `not`, unary minus) is refused rather than risking the stack. */
export const MAX_NESTING = 200;

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
// Name tables (grammar.y's str2tok tables; matched case-insensitively, as libpcap does)

const WLAN_TYPE_MASK = 0x0c;
const WLAN_SUBTYPE_MASK = 0xf0;
const WLAN_TYPES: Readonly<Record<string, number>> = { data: 0x08, mgt: 0x00, management: 0x00, ctl: 0x04, control: 0x04 };
const WLAN_MGT_SUBTYPES: Readonly<Record<string, number>> = {
  assocreq: 0x00, 'assoc-req': 0x00, assocresp: 0x10, 'assoc-resp': 0x10, reassocreq: 0x20, 'reassoc-req': 0x20,
  reassocresp: 0x30, 'reassoc-resp': 0x30, probereq: 0x40, 'probe-req': 0x40, proberesp: 0x50, 'probe-resp': 0x50,
  beacon: 0x80, atim: 0x90, disassoc: 0xa0, disassociation: 0xa0, auth: 0xb0, authentication: 0xb0,
  deauth: 0xc0, deauthentication: 0xc0,
};
/** libpcap 1.10 has no names for BAR (0x80) and BA (0x90); later versions add `bar` and `ba`. */
const WLAN_CTL_SUBTYPES: Readonly<Record<string, number>> = {
  'ps-poll': 0xa0, rts: 0xb0, cts: 0xc0, ack: 0xd0, 'cf-end': 0xe0, 'cf-end-ack': 0xf0,
};
const WLAN_DATA_SUBTYPES: Readonly<Record<string, number>> = {
  data: 0x00, 'data-cf-ack': 0x10, 'data-cf-poll': 0x20, 'data-cf-ack-poll': 0x30, null: 0x40, 'cf-ack': 0x50,
  'cf-poll': 0x60, 'cf-ack-poll': 0x70, 'qos-data': 0x80, 'qos-data-cf-ack': 0x90, 'qos-data-cf-poll': 0xa0,
  'qos-data-cf-ack-poll': 0xb0, qos: 0xc0, 'qos-cf-poll': 0xe0, 'qos-cf-ack-poll': 0xf0,
};
/** In grammar.y's search order for `subtype NAME` without a type. */
const WLAN_SUBTYPES_BY_TYPE: readonly (readonly [number, Readonly<Record<string, number>>])[] = [
  [0x00, WLAN_MGT_SUBTYPES], [0x04, WLAN_CTL_SUBTYPES], [0x08, WLAN_DATA_SUBTYPES],
];
const WLAN_DIRS: Readonly<Record<string, number>> = { nods: 0, tods: 1, fromds: 2, dstods: 3 };
const LLC_S_SUBTYPES: Readonly<Record<string, number>> = { rr: 0x01, rnr: 0x05, rej: 0x09 };
const LLC_U_SUBTYPES: Readonly<Record<string, number>> = {
  ui: 0x03, ua: 0x63, disc: 0x43, dm: 0x0f, sabme: 0x6f, test: 0xe3, xid: 0xaf, frmr: 0x87,
};
/** libpcap 1.10 on Linux (no OS-specific reasons or actions). */
const PF_REASONS: Readonly<Record<string, number>> = {
  match: 0, 'bad-offset': 1, fragment: 2, short: 3, normalize: 4, memory: 5, 'bad-timestamp': 6, congestion: 7,
  'ip-option': 8, 'proto-cksum': 9, 'state-mismatch': 10, 'state-insert': 11, 'state-limit': 12, 'src-limit': 13,
  synproxy: 14,
};
const PF_ACTIONS: Readonly<Record<string, number>> = {
  pass: 0, accept: 0, drop: 1, block: 1, scrub: 2, noscrub: 3, nat: 4, nonat: 5, binat: 6, nobinat: 7, rdr: 8,
  nordr: 9, 'synproxy-drop': 10,
};

function lookup(table: Readonly<Record<string, number>>, name: string): number | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
const names = (table: Readonly<Record<string, number>>) => Object.keys(table).join(', ');
const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// Token classes

const PROTO_SET: ReadonlySet<string> = new Set(PROTO_QUALIFIERS);
const DIR_WORDS: ReadonlySet<Keyword> = new Set<Keyword>(['src', 'dst', 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta']);
const ADDR_WORDS: ReadonlySet<Keyword> = new Set<Keyword>(['host', 'net', 'port', 'portrange']);
const HEAD_WORDS: ReadonlySet<Keyword> = new Set<Keyword>([...DIR_WORDS, ...ADDR_WORDS, 'proto', 'protochain', 'gateway']);
const ATM_TYPES: ReadonlySet<Keyword> = new Set<Keyword>(['lane', 'metac', 'bcc', 'oamf4ec', 'oamf4sc', 'sc', 'ilmic']);
const ATM_MULTI: ReadonlySet<Keyword> = new Set<Keyword>(['oam', 'oamf4', 'connectmsg', 'metaconnect']);
const MTP2_TYPES: ReadonlySet<Keyword> = new Set<Keyword>(['fisu', 'lssu', 'msu', 'hfisu', 'hlssu', 'hmsu']);
const MTP3_FIELDS: ReadonlySet<Keyword> = new Set<Keyword>(['sio', 'opc', 'dpc', 'sls', 'hsio', 'hopc', 'hdpc', 'hsls']);
const RELOPS: ReadonlySet<string> = new Set(['>', '>=', '=', '<=', '<', '!=']);
const BYTEOPS: ReadonlySet<string> = new Set(['&', '|', '<', '>', '=']);
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

// ---------------------------------------------------------------------------------------------
// Parser state

type End = { readonly kind: 'end'; readonly text: ''; readonly span: Span };

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

/** A failed alternative: where it failed and what it wanted. Internal; surfaces as FilterError('syntax'). */
class Backtrack {
  constructor(
    readonly pos: number,
    readonly message: string,
    readonly span: Span,
  ) {}
}

class Parser {
  private pos = 0;
  private depth = 0;
  private steps = 0;
  private readonly maxSteps: number;
  private readonly end: End;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly ScanToken[],
  ) {
    this.end = { kind: 'end', text: '', span: [text.length, text.length] };
    this.maxSteps = 100_000 + 200 * tokens.length * tokens.length;
  }

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

  // -------------------------------------------------------------------------------------------
  // Tokens

  private peek(offset = 0): Token | End {
    const t = this.tokens[this.pos + offset];
    if (t === undefined) return this.end;
    if (t.kind === 'error') {
      // The first scanner error the parse reaches wins, as in libpcap.
      throw t.error;
    }
    return t;
  }

  private next(): Token | End {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private isKw(t: Token | End, ...words: Keyword[]): t is Token & { kind: 'keyword' } {
    return t.kind === 'keyword' && words.includes(t.keyword);
  }

  private isOp(t: Token | End, ...ops: Operator[]): t is Token & { kind: 'op' } {
    return t.kind === 'op' && ops.includes(t.op);
  }

  private describe(t: Token | End): string {
    return t.kind === 'end' ? 'end of expression' : `'${t.text}'`;
  }

  /** Fail here: "expected X after 'prev', found Y". */
  private fail(expected: string): never {
    const t = this.peek();
    const prev = this.pos > 0 ? this.tokens[this.pos - 1] : undefined;
    const after = prev ? ` after '${prev.text}'` : '';
    throw new Backtrack(this.pos, `expected ${expected}${after}, found ${this.describe(t)}`, t.span);
  }

  private failAt(t: Token | End, message: string): never {
    throw new Backtrack(this.pos, message, t.span);
  }

  private expectOp(op: Operator, expected: string): Token {
    const t = this.peek();
    if (!this.isOp(t, op)) this.fail(expected);
    this.pos++;
    return t;
  }

  private expectNum(expected: string): Token & { kind: 'num' } {
    const t = this.peek();
    if (t.kind !== 'num') this.fail(expected);
    this.pos++;
    return t;
  }

  private tick(): void {
    if (++this.steps > this.maxSteps) {
      throw new FilterError('too-complex', 'the expression is too complex to parse; split it or remove redundant parentheses', [0, this.text.length]);
    }
  }

  private nest<T>(span: Span, f: () => T): T {
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
  private choose<T>(alternatives: readonly (() => T)[]): T {
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
      this.pos++;
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
      this.pos++;
      const inner = this.nest(t.span, () => this.parseTerm(incoming));
      return { node: { kind: 'not', operand: inner.node, span: joinSpans(t.span, inner.node.span) }, lent: inner.lent };
    }
    if (this.isOp(t, '(')) {
      return this.choose([() => this.parseParenExpr(incoming), () => ({ node: this.parseRelation(), lent: NONE })]);
    }
    if (t.kind === 'num' || this.isOp(t, '-') || this.isKw(t, 'len')) return { node: this.parseRelation(), lent: NONE };
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
      if (this.isOp(after, '[')) return { node: this.parseRelation(), lent: NONE };
      if (after.kind === 'keyword' && HEAD_WORDS.has(after.keyword)) return this.parseHeadId();
      if (this.isKw(after, 'broadcast', 'multicast', 'type', 'subtype', 'dir')) {
        this.pos++;
        return { node: this.parseOther(this.protoQual(t)), lent: NONE };
      }
      this.pos++;
      return { node: { kind: 'proto-abbrev', proto: this.protoQual(t), span: t.span }, lent: NONE };
    }
    if (HEAD_WORDS.has(t.keyword)) return this.parseHeadId();
    return { node: this.parseOther(undefined), lent: NONE };
  }

  /** `( expr )`: lends whatever was in force before the `(` (grammar.y: `$$.q = $1.q`). */
  private parseParenExpr(incoming: Lent): Result {
    const open = this.expectOp('(', `'('`);
    return this.nest(open.span, () => {
      const inner = this.parseExpr(incoming);
      const close = this.peek();
      if (!this.isOp(close, ')')) this.fail(`')' to close the '(' at offset ${open.span[0]}`);
      this.pos++;
      return { node: withSpan(inner.node, joinSpans(open.span, close.span)), lent: incoming };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Qualifiers and ids

  private protoQual(t: Token & { kind: 'keyword' }): Qualifier<ProtoQualifier> {
    return { value: t.keyword as ProtoQualifier, text: t.text, span: t.span };
  }

  /** head id: [proto] [dir] [host|net|port|portrange] id, or [proto] (proto|protochain|gateway) id. */
  private parseHeadId(): Result {
    const first = this.peek();
    let proto: Qualifier<ProtoQualifier> | undefined;
    if (first.kind === 'keyword' && PROTO_SET.has(first.keyword)) {
      proto = this.protoQual(first);
      this.pos++;
    }
    let dir: Qualifier<DirQualifier> | undefined;
    let addr: Qualifier<AddrQualifier> | undefined;
    const t = this.peek();
    if (t.kind === 'keyword' && DIR_WORDS.has(t.keyword)) {
      this.pos++;
      dir = { value: t.keyword as DirQualifier, text: t.text, span: t.span };
      const conj = this.peek();
      if ((t.keyword === 'src' || t.keyword === 'dst') && this.isKw(conj, 'and', 'or')) {
        this.pos++;
        const other = t.keyword === 'src' ? 'dst' : 'src';
        const second = this.peek();
        if (!this.isKw(second, other)) this.fail(`'${other}' (as in '${t.text} ${conj.text} ${other}')`);
        this.pos++;
        const span = joinSpans(t.span, second.span);
        dir = { value: conj.keyword === 'and' ? 'src and dst' : 'src or dst', text: this.text.slice(span[0], span[1]), span };
      }
      const a = this.peek();
      if (a.kind === 'keyword' && ADDR_WORDS.has(a.keyword)) {
        this.pos++;
        addr = { value: a.keyword as AddrQualifier, text: a.text, span: a.span };
      } else if (this.isKw(a, 'proto', 'protochain', 'gateway')) {
        this.failAt(a, `'${a.text}' cannot follow a direction ('${dir.text}'); write e.g. '${a.text} ...' without '${dir.text}'`);
      }
    } else if (t.kind === 'keyword' && HEAD_WORDS.has(t.keyword)) {
      this.pos++;
      addr = { value: t.keyword as AddrQualifier, text: t.text, span: t.span };
    } else {
      this.fail(`'host', 'net', 'port', 'src', 'dst', 'proto' or another qualifier`);
    }
    const quals: Qualifiers = { ...(proto && { proto }), ...(dir && { dir }), ...(addr && { addr }) };
    const head = joinSpans(first.span, this.tokens[this.pos - 1].span);
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
      this.pos++;
      const inner = this.nest(t.span, () => this.parseId(ctx, expected));
      return { kind: 'not', operand: inner, span: joinSpans(t.span, inner.span) };
    }
    if (this.isOp(t, '(')) {
      return this.nest(t.span, () => {
        // `( pnum )` and `( pid )`; a pid starts with a nid or a pnum (which may itself be parenthesized).
        this.pos++;
        const firstTok = this.peek();
        let node: Expr;
        if (firstTok.kind === 'num' || this.isOp(firstTok, '(')) {
          const n = this.parsePnum(`a number or ')'`);
          node = this.leaf(ctx, { kind: 'number', value: n.value, text: n.text, span: n.span });
        } else {
          node = this.parseNid(ctx, 'a host, network, port or protocol value');
        }
        for (;;) {
          const op = this.peek();
          if (!this.isKw(op, 'and', 'or')) break;
          this.pos++;
          const right = this.parseId({ lent: ctx.lent, inherited: true });
          node = { kind: op.keyword === 'and' ? 'and' : 'or', left: node, right, span: joinSpans(node.span, right.span) };
        }
        const close = this.peek();
        if (!this.isOp(close, ')')) this.fail(`'and', 'or' or ')' to close the '(' at offset ${t.span[0]}`);
        this.pos++;
        return withSpan(node, joinSpans(t.span, close.span));
      });
    }
    if (t.kind === 'num') {
      this.pos++;
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
        this.pos++;
        return this.leaf(ctx, { kind: 'name', name: t.value, span: t.span });
      case 'hid': {
        this.pos++;
        const slash = this.peek();
        if (this.isOp(slash, '/')) {
          this.pos++;
          const len = this.expectNum('a prefix length');
          return this.leaf(ctx, { kind: 'ipv4', text: t.text, prefixLength: len.value, span: joinSpans(t.span, len.span) });
        }
        if (this.isKw(slash, 'mask')) {
          this.pos++;
          const m = this.peek();
          if (m.kind !== 'hid') this.fail('a dotted netmask such as 255.255.0.0');
          this.pos++;
          return this.leaf(ctx, { kind: 'ipv4', text: t.text, mask: { text: m.text, span: m.span }, span: joinSpans(t.span, m.span) });
        }
        return this.leaf(ctx, { kind: 'ipv4', text: t.text, span: t.span });
      }
      case 'hid6': {
        this.pos++;
        if (this.isOp(this.peek(), '/')) {
          this.pos++;
          const len = this.expectNum('a prefix length');
          return this.leaf(ctx, { kind: 'ipv6', text: t.text, prefixLength: len.value, span: joinSpans(t.span, len.span) });
        }
        return this.leaf(ctx, { kind: 'ipv6', text: t.text, span: t.span });
      }
      case 'eid':
        this.pos++;
        return this.leaf(ctx, { kind: 'mac', text: t.text, span: t.span });
      case 'aid':
        this.pos++;
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

  /** pnum: NUM | ( pnum ). */
  private parsePnum(expected: string): { value: number; text: string; span: Span } {
    const t = this.peek();
    if (t.kind === 'num') {
      this.pos++;
      return { value: t.value, text: t.text, span: t.span };
    }
    if (this.isOp(t, '(')) {
      this.pos++;
      const inner = this.nest(t.span, () => this.parsePnum('a number'));
      const close = this.expectOp(')', `')' to close the '(' at offset ${t.span[0]}`);
      return { ...inner, span: joinSpans(t.span, close.span) };
    }
    return this.fail(expected);
  }

  // -------------------------------------------------------------------------------------------
  // Arithmetic

  /** arth relop arth. */
  private parseRelation(): Expr {
    const left = this.parseArith(0);
    const t = this.peek();
    if (t.kind !== 'op' || !RELOPS.has(t.op)) {
      this.fail(`a comparison ('=', '!=', '<', '<=', '>', '>=') or an arithmetic operator`);
    }
    this.pos++;
    const right = this.parseArith(0);
    return { kind: 'relation', op: t.op as RelOp, left, right, span: joinSpans(left.span, right.span) };
  }

  private parseArith(minPower: number): Arith {
    this.tick();
    let left = this.parseArithPrefix();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') return left;
      const power = INFIX[t.op];
      if (power === undefined || power.left < minPower) return left;
      this.pos++;
      const right = this.nest(t.span, () => this.parseArith(power.right));
      left = { kind: 'binary', op: t.op as ArithOp, left, right, span: joinSpans(left.span, right.span) };
    }
  }

  private parseArithPrefix(): Arith {
    const t = this.peek();
    if (t.kind === 'num') {
      this.pos++;
      return { kind: 'const', value: t.value, span: t.span };
    }
    if (this.isKw(t, 'len')) {
      this.pos++;
      return { kind: 'len', span: t.span };
    }
    if (this.isOp(t, '-')) {
      this.pos++;
      const operand = this.nest(t.span, () => this.parseArith(UNARY_MINUS));
      return { kind: 'negate', operand, span: joinSpans(t.span, operand.span) };
    }
    if (this.isOp(t, '(')) {
      this.pos++;
      const inner = this.nest(t.span, () => this.parseArith(0));
      const close = this.expectOp(')', `an arithmetic operator or ')' to close the '(' at offset ${t.span[0]}`);
      return withArithSpan(inner, joinSpans(t.span, close.span));
    }
    if (t.kind === 'keyword' && PROTO_SET.has(t.keyword)) {
      this.pos++;
      const proto = this.protoQual(t);
      this.expectOp('[', `'[' (a protocol in arithmetic is a load, e.g. '${t.text}[0]')`);
      const index = this.nest(t.span, () => this.parseArith(0));
      let size: LoadSize = 1;
      if (this.isOp(this.peek(), ':')) {
        this.pos++;
        const s = this.expectNum('a load size (1, 2 or 4)');
        if (s.value !== 1 && s.value !== 2 && s.value !== 4) {
          throw new FilterError('load-size', `data size must be 1, 2, or 4 (got ${s.text})`, s.span);
        }
        size = s.value;
      }
      const close = this.expectOp(']', `']' or ':size' to end '${t.text}['`);
      return { kind: 'load', proto, index, size, span: joinSpans(t.span, close.span) };
    }
    return this.fail(`a number, 'len', a load such as 'ip[0]', '-' or '('`);
  }

  // -------------------------------------------------------------------------------------------
  // Keyword primitives (grammar.y's `other`, atm and mtp rules)

  private parseOther(proto: Qualifier<ProtoQualifier> | undefined): Expr {
    const t = this.peek();
    if (t.kind !== 'keyword') return this.fail('a filter primitive');
    const start = proto ? proto.span : t.span;
    const done = () => joinSpans(start, this.tokens[this.pos - 1].span);
    const num = (what: string) => this.expectNum(`${what} after '${t.text}'`).value;
    this.pos++;
    const kw = t.keyword;
    switch (kw) {
      case 'broadcast':
      case 'multicast':
        return { kind: kw, ...(proto && { proto }), span: done() };
      case 'type':
      case 'subtype':
      case 'dir':
        return this.parseWlan(t, proto, start);
      case 'less':
      case 'greater':
        return { kind: kw, value: this.expectNum('a length in bytes').value, span: done() };
      case 'byte': {
        const offset = this.expectNum('a byte offset').value;
        const op = this.peek();
        if (op.kind !== 'op' || !BYTEOPS.has(op.op)) this.fail(`one of '&', '|', '<', '>', '='`);
        this.pos++;
        const value = this.expectNum('a byte value').value;
        return { kind: 'byte', offset, op: op.op as '&' | '|' | '<' | '>' | '=', value, span: done() };
      }
      case 'inbound':
      case 'outbound':
        return { kind: kw, span: done() };
      case 'ifindex':
        return { kind: 'ifindex', value: this.expectNum('an interface index').value, span: done() };
      case 'vlan':
      case 'mpls':
      case 'pppoes':
      case 'geneve': {
        const n = this.peek();
        if (n.kind === 'num' || this.isOp(n, '(')) {
          const value = this.parsePnum('a number').value;
          return { kind: kw, value, span: done() };
        }
        return { kind: kw, span: done() };
      }
      case 'pppoed':
        return { kind: 'pppoed', span: done() };
      case 'ifname':
      case 'ruleset': {
        const n = this.peek();
        if (n.kind !== 'id') this.fail(kw === 'ifname' ? 'an interface name' : 'a ruleset name');
        this.pos++;
        return { kind: 'pf', field: kw, value: n.value, span: done() };
      }
      case 'rnr':
      case 'srnr':
        return { kind: 'pf', field: kw, value: num('a rule number'), span: done() };
      case 'reason': {
        const n = this.peek();
        if (n.kind === 'num') {
          this.pos++;
          return { kind: 'pf', field: 'reason', value: n.value, span: done() };
        }
        if (n.kind !== 'id') this.fail('a PF reason name or number');
        this.pos++;
        const code = lookup(PF_REASONS, n.value);
        if (code === undefined) {
          throw new FilterError('pf-reason', `unknown PF reason "${n.value}" (known: ${names(PF_REASONS)})`, n.span);
        }
        return { kind: 'pf', field: 'reason' as PfField, value: code, span: done() };
      }
      case 'action': {
        const n = this.peek();
        if (n.kind !== 'id') this.fail('a PF action name');
        this.pos++;
        const code = lookup(PF_ACTIONS, n.value);
        if (code === undefined) {
          throw new FilterError('pf-action', `unknown PF action "${n.value}" (known: ${names(PF_ACTIONS)})`, n.span);
        }
        return { kind: 'pf', field: 'action', value: code, span: done() };
      }
      case 'llc':
        return { kind: 'llc', llc: this.parseLlcKind(), span: done() };
      case 'vpi':
      case 'vci':
        return { kind: 'atm-field', field: kw, test: this.parseFieldValue(t), span: done() };
      default:
        break;
    }
    if (ATM_TYPES.has(kw)) return { kind: 'atm-type', type: kw as AtmType, span: done() };
    if (ATM_MULTI.has(kw)) return { kind: 'atm-multi', type: kw as AtmMultiType, span: done() };
    if (MTP2_TYPES.has(kw)) return { kind: 'mtp2-type', type: kw as Mtp2Type, span: done() };
    if (MTP3_FIELDS.has(kw)) return { kind: 'mtp3-field', field: kw as Mtp3Field, test: this.parseFieldValue(t), span: done() };
    this.pos--;
    return this.fail('a filter primitive');
  }

  private parseLlcKind(): LlcKind {
    const n = this.peek();
    if (this.isKw(n, 'rnr')) {
      // grammar.y: "rnr" is already a keyword for PF.
      this.pos++;
      return { sSubtype: LLC_S_SUBTYPES.rnr };
    }
    if (n.kind !== 'id') return 'any';
    this.pos++;
    const name = n.value.toLowerCase();
    if (name === 'i' || name === 's' || name === 'u') return name;
    const s = lookup(LLC_S_SUBTYPES, name);
    if (s !== undefined) return { sSubtype: s };
    const u = lookup(LLC_U_SUBTYPES, name);
    if (u !== undefined) return { uSubtype: u };
    throw new FilterError(
      'llc-type',
      `unknown LLC type name "${n.value}" (known: i, s, u, ${names(LLC_S_SUBTYPES)}, ${names(LLC_U_SUBTYPES)})`,
      n.span,
    );
  }

  /** atmvalue / mtp3value: NUM | relop NUM | ( NUM (or NUM)* ). */
  private parseFieldValue(field: Token): FieldValueTest {
    const t = this.peek();
    if (t.kind === 'num') {
      this.pos++;
      return { op: '=', values: [t.value] };
    }
    if (t.kind === 'op' && RELOPS.has(t.op)) {
      this.pos++;
      return { op: t.op as RelOp, values: [this.expectNum(`a number after '${field.text} ${t.text}'`).value] };
    }
    if (this.isOp(t, '(')) {
      this.pos++;
      const values = [this.expectNum(`a number`).value];
      while (this.isKw(this.peek(), 'or')) {
        this.pos++;
        values.push(this.expectNum('a number').value);
      }
      this.expectOp(')', `'or' or ')' to close the '(' at offset ${t.span[0]}`);
      return { op: '=', values };
    }
    return this.fail(`a number, a comparison, or a list such as '(1 or 2)'`);
  }

  /** p80211: type T [subtype S] | subtype S | dir D, after an optional protocol qualifier. */
  private parseWlan(kw: Token & { kind: 'keyword' }, proto: Qualifier<ProtoQualifier> | undefined, start: Span): Expr {
    const done = () => joinSpans(start, this.tokens[this.pos - 1].span);
    const withProto = proto ? { proto } : {};
    const v = this.peek();
    if (kw.keyword === 'dir') {
      if (v.kind === 'num') {
        this.pos++;
        return { kind: 'wlan-dir', value: v.value, ...withProto, span: done() };
      }
      if (v.kind !== 'id') this.fail(`an 802.11 direction (${names(WLAN_DIRS)} or a number)`);
      this.pos++;
      const d = lookup(WLAN_DIRS, v.value);
      if (d === undefined) {
        throw new FilterError('wlan-dir', `unknown 802.11 direction "${v.value}" (known: ${names(WLAN_DIRS)})`, v.span);
      }
      return { kind: 'wlan-dir', value: d, ...withProto, span: done() };
    }
    if (kw.keyword === 'subtype') {
      if (v.kind !== 'id') this.fail('an 802.11 subtype name (a number needs a type: \'type mgt subtype 8\')');
      this.pos++;
      for (const [type, table] of WLAN_SUBTYPES_BY_TYPE) {
        const s = lookup(table, v.value);
        if (s !== undefined) return { kind: 'wlan-type', value: s | type, mask: WLAN_TYPE_MASK | WLAN_SUBTYPE_MASK, ...withProto, span: done() };
      }
      throw new FilterError('wlan-subtype', `unknown 802.11 type name: "${v.value}" is not an 802.11 subtype name`, v.span);
    }
    // type
    let type: number;
    if (v.kind === 'num') {
      this.pos++;
      if ((v.value & ~WLAN_TYPE_MASK) !== 0) {
        throw new FilterError('wlan-type', `invalid 802.11 type value ${hex2(v.value)} (the type is bits 2-3: 0, 4, 8 or 12)`, v.span);
      }
      type = v.value;
    } else if (v.kind === 'id') {
      this.pos++;
      const found = lookup(WLAN_TYPES, v.value);
      if (found === undefined) {
        throw new FilterError('wlan-type', `unknown 802.11 type name "${v.value}" (known: ${names(WLAN_TYPES)})`, v.span);
      }
      type = found;
    } else {
      return this.fail(`an 802.11 type (${names(WLAN_TYPES)} or a number)`);
    }
    if (!this.isKw(this.peek(), 'subtype')) {
      return { kind: 'wlan-type', value: type, mask: WLAN_TYPE_MASK, ...withProto, span: done() };
    }
    this.pos++;
    const s = this.peek();
    let sub: number;
    if (s.kind === 'num') {
      this.pos++;
      if ((s.value & ~WLAN_SUBTYPE_MASK) !== 0) {
        throw new FilterError('wlan-subtype', `invalid 802.11 subtype value ${hex2(s.value)} (the subtype is bits 4-7: a multiple of 0x10)`, s.span);
      }
      sub = s.value;
    } else if (s.kind === 'id') {
      this.pos++;
      const table = WLAN_SUBTYPES_BY_TYPE.find(([ty]) => ty === type)?.[1];
      if (table === undefined) {
        throw new FilterError('wlan-subtype', `unknown 802.11 type ${hex2(type)}: subtype names exist for mgt, ctl and data only`, s.span);
      }
      const found = lookup(table, s.value);
      if (found === undefined) {
        throw new FilterError('wlan-subtype', `unknown 802.11 subtype name "${s.value}" (known for this type: ${names(table)})`, s.span);
      }
      sub = found;
    } else {
      return this.fail('an 802.11 subtype name or number');
    }
    return { kind: 'wlan-type', value: type | sub, mask: WLAN_TYPE_MASK | WLAN_SUBTYPE_MASK, ...withProto, span: done() };
  }
}

function withSpan(node: Expr, span: Span): Expr {
  return node.span[0] === span[0] && node.span[1] === span[1] ? node : { ...node, span };
}

function withArithSpan(node: Arith, span: Span): Arith {
  return { ...node, span };
}
