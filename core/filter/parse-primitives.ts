/**
 * The filter primitives that start with a keyword of their own: grammar.y's `other` (broadcast,
 * less, byte, vlan, PF fields, llc, …), its atm and mtp rules, and `p80211` (802.11 `type`,
 * `subtype`, `dir`). Also `pnum`, a number that may sit in parentheses.
 */
import { FilterError } from '../errors';
import type {
  AtmMultiType, AtmType, Expr, FieldValueTest, LlcKind, Mtp2Type, Mtp3Field, PfField, ProtoQualifier, Qualifier, RelOp,
} from './ast';
import type { Keyword, Token } from './lexer';
import { RELOPS, type TokenCursor } from './parse-cursor';
import {
  LLC_S_SUBTYPES, LLC_U_SUBTYPES, PF_ACTIONS, PF_REASONS, WLAN_DIRS, WLAN_SUBTYPE_MASK, WLAN_SUBTYPES_BY_TYPE,
  WLAN_TYPE_MASK, WLAN_TYPES, hex2, lookup, names,
} from './parse-names';
import { joinSpans, type Span } from './span';

const ATM_TYPES: ReadonlySet<Keyword> = new Set<Keyword>(['lane', 'metac', 'bcc', 'oamf4ec', 'oamf4sc', 'sc', 'ilmic']);
const ATM_MULTI: ReadonlySet<Keyword> = new Set<Keyword>(['oam', 'oamf4', 'connectmsg', 'metaconnect']);
const MTP2_TYPES: ReadonlySet<Keyword> = new Set<Keyword>(['fisu', 'lssu', 'msu', 'hfisu', 'hlssu', 'hmsu']);
const MTP3_FIELDS: ReadonlySet<Keyword> = new Set<Keyword>(['sio', 'opc', 'dpc', 'sls', 'hsio', 'hopc', 'hdpc', 'hsls']);
const BYTEOPS: ReadonlySet<string> = new Set(['&', '|', '<', '>', '=']);

/** A keyword primitive, after an optional protocol qualifier (`ether broadcast`, `wlan type mgt`). */
export function parseOther(c: TokenCursor, proto: Qualifier<ProtoQualifier> | undefined): Expr {
  const t = c.peek();
  if (t.kind !== 'keyword') return c.fail('a filter primitive');
  const start = proto ? proto.span : t.span;
  const done = () => joinSpans(start, c.prevSpan());
  const num = (what: string) => c.expectNum(`${what} after '${t.text}'`).value;
  c.advance();
  const kw = t.keyword;
  switch (kw) {
    case 'broadcast':
    case 'multicast':
      return { kind: kw, ...(proto && { proto }), span: done() };
    case 'type':
    case 'subtype':
    case 'dir':
      return parseWlan(c, t, proto, start);
    case 'less':
    case 'greater':
      return { kind: kw, value: c.expectNum('a length in bytes').value, span: done() };
    case 'byte': {
      const offset = c.expectNum('a byte offset').value;
      const op = c.peek();
      if (op.kind !== 'op' || !BYTEOPS.has(op.op)) c.fail(`one of '&', '|', '<', '>', '='`);
      c.advance();
      const value = c.expectNum('a byte value').value;
      return { kind: 'byte', offset, op: op.op as '&' | '|' | '<' | '>' | '=', value, span: done() };
    }
    case 'inbound':
    case 'outbound':
      return { kind: kw, span: done() };
    case 'ifindex':
      return { kind: 'ifindex', value: c.expectNum('an interface index').value, span: done() };
    case 'vlan':
    case 'mpls':
    case 'pppoes':
    case 'geneve': {
      const n = c.peek();
      if (n.kind === 'num' || c.isOp(n, '(')) {
        const value = parsePnum(c, 'a number').value;
        return { kind: kw, value, span: done() };
      }
      return { kind: kw, span: done() };
    }
    case 'pppoed':
      return { kind: 'pppoed', span: done() };
    case 'ifname':
    case 'ruleset': {
      const n = c.peek();
      if (n.kind !== 'id') c.fail(kw === 'ifname' ? 'an interface name' : 'a ruleset name');
      c.advance();
      return { kind: 'pf', field: kw, value: n.value, span: done() };
    }
    case 'rnr':
    case 'srnr':
      return { kind: 'pf', field: kw, value: num('a rule number'), span: done() };
    case 'reason': {
      const n = c.peek();
      if (n.kind === 'num') {
        c.advance();
        return { kind: 'pf', field: 'reason', value: n.value, span: done() };
      }
      if (n.kind !== 'id') c.fail('a PF reason name or number');
      c.advance();
      const code = lookup(PF_REASONS, n.value);
      if (code === undefined) {
        throw new FilterError('pf-reason', `unknown PF reason "${n.value}" (known: ${names(PF_REASONS)})`, n.span);
      }
      return { kind: 'pf', field: 'reason' as PfField, value: code, span: done() };
    }
    case 'action': {
      const n = c.peek();
      if (n.kind !== 'id') c.fail('a PF action name');
      c.advance();
      const code = lookup(PF_ACTIONS, n.value);
      if (code === undefined) {
        throw new FilterError('pf-action', `unknown PF action "${n.value}" (known: ${names(PF_ACTIONS)})`, n.span);
      }
      return { kind: 'pf', field: 'action', value: code, span: done() };
    }
    case 'llc':
      return { kind: 'llc', llc: parseLlcKind(c), span: done() };
    case 'vpi':
    case 'vci':
      return { kind: 'atm-field', field: kw, test: parseFieldValue(c, t), span: done() };
    default:
      break;
  }
  if (ATM_TYPES.has(kw)) return { kind: 'atm-type', type: kw as AtmType, span: done() };
  if (ATM_MULTI.has(kw)) return { kind: 'atm-multi', type: kw as AtmMultiType, span: done() };
  if (MTP2_TYPES.has(kw)) return { kind: 'mtp2-type', type: kw as Mtp2Type, span: done() };
  if (MTP3_FIELDS.has(kw)) return { kind: 'mtp3-field', field: kw as Mtp3Field, test: parseFieldValue(c, t), span: done() };
  c.retreat();
  return c.fail('a filter primitive');
}

/** pnum: NUM | ( pnum ). */
export function parsePnum(c: TokenCursor, expected: string): { value: number; text: string; span: Span } {
  const t = c.peek();
  if (t.kind === 'num') {
    c.advance();
    return { value: t.value, text: t.text, span: t.span };
  }
  if (c.isOp(t, '(')) {
    c.advance();
    const inner = c.nest(t.span, () => parsePnum(c, 'a number'));
    const close = c.expectOp(')', `')' to close the '(' at offset ${t.span[0]}`);
    return { ...inner, span: joinSpans(t.span, close.span) };
  }
  return c.fail(expected);
}

function parseLlcKind(c: TokenCursor): LlcKind {
  const n = c.peek();
  if (c.isKw(n, 'rnr')) {
    // grammar.y: "rnr" is already a keyword for PF.
    c.advance();
    return { sSubtype: LLC_S_SUBTYPES.rnr };
  }
  if (n.kind !== 'id') return 'any';
  c.advance();
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
function parseFieldValue(c: TokenCursor, field: Token): FieldValueTest {
  const t = c.peek();
  if (t.kind === 'num') {
    c.advance();
    return { op: '=', values: [t.value] };
  }
  if (t.kind === 'op' && RELOPS.has(t.op)) {
    c.advance();
    return { op: t.op as RelOp, values: [c.expectNum(`a number after '${field.text} ${t.text}'`).value] };
  }
  if (c.isOp(t, '(')) {
    c.advance();
    const values = [c.expectNum(`a number`).value];
    while (c.isKw(c.peek(), 'or')) {
      c.advance();
      values.push(c.expectNum('a number').value);
    }
    c.expectOp(')', `'or' or ')' to close the '(' at offset ${t.span[0]}`);
    return { op: '=', values };
  }
  return c.fail(`a number, a comparison, or a list such as '(1 or 2)'`);
}

/** p80211: type T [subtype S] | subtype S | dir D, after an optional protocol qualifier. */
function parseWlan(c: TokenCursor, kw: Token & { kind: 'keyword' }, proto: Qualifier<ProtoQualifier> | undefined, start: Span): Expr {
  const done = () => joinSpans(start, c.prevSpan());
  const withProto = proto ? { proto } : {};
  const v = c.peek();
  if (kw.keyword === 'dir') {
    if (v.kind === 'num') {
      c.advance();
      return { kind: 'wlan-dir', value: v.value, ...withProto, span: done() };
    }
    if (v.kind !== 'id') c.fail(`an 802.11 direction (${names(WLAN_DIRS)} or a number)`);
    c.advance();
    const d = lookup(WLAN_DIRS, v.value);
    if (d === undefined) {
      throw new FilterError('wlan-dir', `unknown 802.11 direction "${v.value}" (known: ${names(WLAN_DIRS)})`, v.span);
    }
    return { kind: 'wlan-dir', value: d, ...withProto, span: done() };
  }
  if (kw.keyword === 'subtype') {
    if (v.kind !== 'id') c.fail('an 802.11 subtype name (a number needs a type: \'type mgt subtype 8\')');
    c.advance();
    for (const [type, table] of WLAN_SUBTYPES_BY_TYPE) {
      const s = lookup(table, v.value);
      if (s !== undefined) return { kind: 'wlan-type', value: s | type, mask: WLAN_TYPE_MASK | WLAN_SUBTYPE_MASK, ...withProto, span: done() };
    }
    throw new FilterError('wlan-subtype', `unknown 802.11 type name: "${v.value}" is not an 802.11 subtype name`, v.span);
  }
  // type
  let type: number;
  if (v.kind === 'num') {
    c.advance();
    if ((v.value & ~WLAN_TYPE_MASK) !== 0) {
      throw new FilterError('wlan-type', `invalid 802.11 type value ${hex2(v.value)} (the type is bits 2-3: 0, 4, 8 or 12)`, v.span);
    }
    type = v.value;
  } else if (v.kind === 'id') {
    c.advance();
    const found = lookup(WLAN_TYPES, v.value);
    if (found === undefined) {
      throw new FilterError('wlan-type', `unknown 802.11 type name "${v.value}" (known: ${names(WLAN_TYPES)})`, v.span);
    }
    type = found;
  } else {
    return c.fail(`an 802.11 type (${names(WLAN_TYPES)} or a number)`);
  }
  if (!c.isKw(c.peek(), 'subtype')) {
    return { kind: 'wlan-type', value: type, mask: WLAN_TYPE_MASK, ...withProto, span: done() };
  }
  c.advance();
  const s = c.peek();
  let sub: number;
  if (s.kind === 'num') {
    c.advance();
    if ((s.value & ~WLAN_SUBTYPE_MASK) !== 0) {
      throw new FilterError('wlan-subtype', `invalid 802.11 subtype value ${hex2(s.value)} (the subtype is bits 4-7: a multiple of 0x10)`, s.span);
    }
    sub = s.value;
  } else if (s.kind === 'id') {
    c.advance();
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
    return c.fail('an 802.11 subtype name or number');
  }
  return { kind: 'wlan-type', value: type | sub, mask: WLAN_TYPE_MASK | WLAN_SUBTYPE_MASK, ...withProto, span: done() };
}
