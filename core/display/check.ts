/**
 * The checker: resolves every word against the registry (a field, a protocol, or a literal typed by the
 * field on the other side), types every operator's operands, compiles regular expressions. Every error a
 * user can make in a display filter that parses is raised here, as a FilterError with the span of their
 * words and a message saying what was expected.
 */
import type { RegisteredField, Registry } from '../dissect/registry';
import { FilterError } from '../errors';
import type { Expr, Operand, RelOp, Span } from './ast';
import type { CExpr, Const, CSetItem, CValue, ValueType } from './checked';
import { parseBytes, parseDecimal, parseInteger, parseIpv4, parseIpv6, utf8 } from './literals';
import { compileRegex } from './regex';
import { suggestNames } from './suggest';

const OP_TEXT: Readonly<Record<RelOp, string>> = { any_eq: '==', all_ne: '!=', all_eq: '===', any_ne: '!==', gt: '>', lt: '<', ge: '>=', le: '<=' };

const TYPE_WORDS: Readonly<Record<ValueType, string>> = {
  int: 'an unsigned integer', bool: 'a boolean', ipv4: 'an IPv4 address', ipv6: 'an IPv6 address', ether: 'an Ethernet address',
  bytes: 'a byte string', string: 'a character string', float: 'a number', protocol: 'a protocol', none: 'a label without a value',
};

const INT_MAX: Readonly<Record<string, bigint>> = { uint8: 0xffn, uint16: 0xffffn, uint24: 0xffffffn, uint32: 0xffffffffn, uint64: 0xffffffffffffffffn };
/** The ranges of the signed types (FT_INT*): [minimum, maximum]. */
const SIGNED_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int8: [-0x80n, 0x7fn],
  int16: [-0x8000n, 0x7fffn],
  int24: [-0x800000n, 0x7fffffn],
  int32: [-0x80000000n, 0x7fffffffn],
  int64: [-0x8000000000000000n, 0x7fffffffffffffffn],
};

export function valueTypeOf(f: RegisteredField): ValueType {
  switch (f.type) {
    case 'uint8':
    case 'uint16':
    case 'uint24':
    case 'uint32':
    case 'uint64':
    case 'int8':
    case 'int16':
    case 'int24':
    case 'int32':
    case 'int64':
      return 'int';
    case 'bool':
      return 'bool';
    case 'ipv4':
    case 'ipv6':
    case 'ether':
    case 'bytes':
    case 'string':
    case 'protocol':
    case 'none':
      return f.type;
    case 'double':
    case 'time':
    case 'reltime':
      return 'float';
  }
}

const BYTES_LIKE: ReadonlySet<ValueType> = new Set(['bytes', 'ether', 'protocol']);
const compatible = (a: ValueType, b: ValueType): boolean => a === b || (BYTES_LIKE.has(a) && BYTES_LIKE.has(b));

export function check(e: Expr, registry: Registry): CExpr {
  return new Checker(registry).expr(e);
}

class Checker {
  constructor(private readonly registry: Registry) {}

  expr(e: Expr): CExpr {
    switch (e.kind) {
      case 'and':
      case 'or':
      case 'xor':
        return { kind: e.kind, left: this.expr(e.left), right: this.expr(e.right) };
      case 'not':
        return { kind: 'not', operand: this.expr(e.operand) };
      case 'test':
        return this.test(e.value);
      case 'relation': {
        const left = this.leftValue(e.left, OP_TEXT[e.op]);
        if (left.vtype === 'none') throw this.noValue(left);
        const right = this.rightValue(e.right, left);
        return { kind: 'compare', op: e.op, left, right };
      }
      case 'contains': {
        const left = this.leftValue(e.left, 'contains');
        if (!(left.vtype === 'string' || BYTES_LIKE.has(left.vtype))) throw this.cannot(left, 'contains', 'strings, byte strings and protocols');
        const right = this.rightValue(e.right, left);
        return { kind: 'contains', left, right };
      }
      case 'matches': {
        const left = this.leftValue(e.left, 'matches');
        if (!(left.vtype === 'string' || left.vtype === 'bytes' || left.vtype === 'protocol')) throw this.cannot(left, 'matches', 'strings, byte strings and protocols');
        if (e.right.kind !== 'string') {
          throw new FilterError('display-type', 'A regular expression must be a quoted string, e.g. matches "^GET".', e.right.span);
        }
        return { kind: 'matches', left, regex: compileRegex(e.right.value, e.right.span) };
      }
      case 'in': {
        const left = this.leftValue(e.left, 'in');
        if (left.vtype === 'none') throw this.noValue(left);
        const items: CSetItem[] = e.items.map((item) =>
          item.kind === 'one' ? { low: this.rightValue(item.value, left), high: undefined } : { low: this.rightValue(item.low, left), high: this.rightValue(item.high, left) },
        );
        const test: CExpr = { kind: 'in', left, items };
        return e.negated ? { kind: 'not', operand: test } : test;
      }
    }
  }

  private test(v: Operand): CExpr {
    if (v.kind === 'word') {
      const f = this.registry.fields.get(v.text);
      if (f === undefined) throw this.unknown(v.text, v.span, `${v.text} is neither a field nor a protocol name`);
      return { kind: 'exists', field: f, span: v.span };
    }
    if (v.kind === 'string' || v.kind === 'char') {
      throw new FilterError('display-syntax', 'A value alone is not a filter; expected a field or protocol name, or a comparison such as tcp.port == 80.', v.span);
    }
    return { kind: 'truthy', value: this.leftValue(v, 'test') };
  }

  /** The operand a relation tests: a field, protocol, slice, `&` or function — never a bare literal. */
  private leftValue(o: Operand, op: string): CValue {
    switch (o.kind) {
      case 'word': {
        const f = this.registry.fields.get(o.text);
        if (f !== undefined) return { kind: 'field', name: o.text, field: f, vtype: valueTypeOf(f), span: o.span };
        if (/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/.test(o.text) || /^[A-Za-z_][A-Za-z0-9_]*$/.test(o.text)) {
          throw this.unknown(o.text, o.span, `${o.text} is neither a field nor a protocol name`);
        }
        throw new FilterError('display-left', `Left side of "${op}" must be a field or function, not ${o.text}.`, o.span);
      }
      case 'string':
      case 'char':
        throw new FilterError('display-left', `Left side of "${op}" must be a field or function, not a literal.`, o.span);
      case 'slice': {
        const of = this.leftValue(o.of, op);
        if (of.vtype === 'int' || of.vtype === 'bool' || of.vtype === 'float' || of.vtype === 'none') {
          throw new FilterError('display-slice', `${describe(of)} is ${TYPE_WORDS[of.vtype]} and cannot be sliced into a sequence of bytes.`, o.span);
        }
        return { kind: 'slice', of, ranges: o.ranges, vtype: 'bytes', span: o.span };
      }
      case 'bitand': {
        const of = this.leftValue(o.left, op);
        if (of.vtype !== 'int') throw new FilterError('display-type', `"&" needs an integer field; ${describe(of)} is ${TYPE_WORDS[of.vtype]}.`, o.left.span);
        return { kind: 'bitand', of, mask: this.rightValue(o.right, of), vtype: 'int', span: o.span };
      }
      case 'call':
        return this.call(o);
    }
  }

  private call(o: Extract<Operand, { kind: 'call' }>): CValue {
    if (o.args.length !== 1) throw new FilterError('display-function', `${o.name}() takes exactly one argument, a field.`, o.span);
    const of = this.leftValue(o.args[0], `${o.name}()`);
    switch (o.name) {
      case 'count':
        if (of.kind !== 'field') throw new FilterError('display-function', 'count() takes a field name.', o.args[0].span);
        return { kind: 'count', of, vtype: 'int', span: o.span };
      case 'len':
        if (of.vtype === 'int' || of.vtype === 'bool' || of.vtype === 'float') {
          throw new FilterError('display-function', `len() needs a string, byte string, address or protocol; ${describe(of)} is ${TYPE_WORDS[of.vtype]}.`, o.args[0].span);
        }
        return { kind: 'len', of, vtype: 'int', span: o.span };
      case 'upper':
      case 'lower':
        if (of.vtype !== 'string') throw new FilterError('display-function', `${o.name}() needs a string field; ${describe(of)} is ${TYPE_WORDS[of.vtype]}.`, o.args[0].span);
        return { kind: o.name, of, vtype: 'string', span: o.span };
    }
  }

  /** The other side of a relation, typed by `left`: a field of a compatible type, or a literal of left's type. */
  private rightValue(o: Operand, left: CValue): CValue {
    const want = left.vtype;
    const field = left.kind === 'field' ? left.field : undefined;
    const konst = (value: Const): CValue => ({ kind: 'const', value, vtype: want, span: o.span });
    switch (o.kind) {
      case 'word': {
        const f = this.registry.fields.get(o.text);
        if (f !== undefined) {
          const v: CValue = { kind: 'field', name: o.text, field: f, vtype: valueTypeOf(f), span: o.span };
          if (!compatible(want, v.vtype)) throw this.incompatible(left, v, o.span);
          return v;
        }
        return konst(this.literal(o.text, want, field, o.span));
      }
      case 'string':
        return konst(this.stringLiteral(o.value, want, field, o.span));
      case 'char':
        if (want === 'int') return konst(intConst(BigInt(o.value)));
        if (want === 'bytes' || want === 'protocol') return konst({ t: 'bytes', bytes: Uint8Array.of(o.value) });
        throw new FilterError('display-type', `A character constant is an integer; ${describe(left)} is ${TYPE_WORDS[want]}.`, o.span);
      case 'slice':
      case 'bitand':
      case 'call': {
        const v = this.leftValue(o, 'right side');
        if (!compatible(want, v.vtype)) throw this.incompatible(left, v, o.span);
        return v;
      }
    }
  }

  private literal(text: string, want: ValueType, field: RegisteredField | undefined, span: Span): Const {
    switch (want) {
      case 'int': {
        const v = parseInteger(text);
        if (v !== undefined) return this.intInRange(v, text, field, span);
        const named = field !== undefined ? valueByName(field, text) : undefined;
        if (named !== undefined) return intConst(BigInt(named));
        const names = field?.strings !== undefined ? ` or one of ${field.filterName}'s value names (e.g. ${Object.values(field.strings).slice(0, 3).join(', ')})` : '';
        throw new FilterError('display-literal', `"${text}" is not a valid number; expected a decimal, 0x hex or 0 octal integer${names}.`, span);
      }
      case 'bool':
        return this.boolLiteral(text, field, span, false);
      case 'ipv4': {
        const v = parseIpv4(text);
        if (v !== undefined && 'error' in v) throw new FilterError('display-literal', v.error, span);
        if (v === undefined) throw new FilterError('display-literal', `"${text}" is not a valid IPv4 address; expected e.g. 192.168.0.1 or 10.0.0.0/8.`, span);
        return { t: 'ipv4', addr: v.addr, bits: v.bits };
      }
      case 'ipv6': {
        const v = parseIpv6(text);
        if (v !== undefined && 'error' in v) throw new FilterError('display-literal', v.error, span);
        if (v === undefined) throw new FilterError('display-literal', `"${text}" is not a valid IPv6 address; expected e.g. fe80::1 or 2001:db8::/32.`, span);
        return { t: 'ipv6', bytes: v.bytes, bits: v.bits };
      }
      case 'ether': {
        const b = parseBytes(text);
        if (b === undefined) throw new FilterError('display-literal', `"${text}" is not a valid Ethernet address; expected e.g. 00:11:22:33:44:55.`, span);
        if (b.length !== 6) throw new FilterError('display-literal', `"${text}" contains too ${b.length < 6 ? 'few' : 'many'} bytes to be a valid Ethernet address; expected 6, e.g. 00:11:22:33:44:55.`, span);
        return { t: 'bytes', bytes: b };
      }
      case 'bytes':
      case 'protocol': {
        const b = parseBytes(text);
        if (b === undefined) throw new FilterError('display-literal', `"${text}" is not a valid byte string; expected hex bytes such as 00:11:22 or a quoted string.`, span);
        return { t: 'bytes', bytes: b };
      }
      case 'string':
        return { t: 'string', s: text };
      case 'float': {
        const v = parseDecimal(text);
        if (v === undefined) throw new FilterError('display-literal', `"${text}" is not a valid number; expected e.g. 1.5.`, span);
        return { t: 'float', f: v };
      }
      case 'none':
        throw new FilterError('display-type', `"${text}" cannot be compared with a field that has no value; test the field alone for presence.`, span);
    }
  }

  private stringLiteral(s: string, want: ValueType, field: RegisteredField | undefined, span: Span): Const {
    switch (want) {
      case 'string':
        return { t: 'string', s };
      case 'bytes':
      case 'protocol':
        return { t: 'bytes', bytes: utf8(s) };
      case 'bool':
        return this.boolLiteral(s, field, span, true);
      case 'int': {
        const named = field !== undefined ? valueByName(field, s) : undefined;
        if (named !== undefined) return intConst(BigInt(named));
        throw new FilterError('display-literal', `Unsigned integer cannot be converted from a string ("${s}"); write the number without quotes${field?.strings !== undefined ? ' or use one of its value names' : ''}.`, span);
      }
      case 'ipv4':
      case 'ipv6':
      case 'ether':
      case 'float':
        throw new FilterError('display-literal', `${TYPE_WORDS[want].replace(/^an? /, '')} cannot be converted from a string ("${s}"); write the value without quotes.`, span);
      case 'none':
        throw new FilterError('display-type', `"${s}" cannot be compared with a field that has no value; test the field alone for presence.`, span);
    }
  }

  private boolLiteral(text: string, field: RegisteredField | undefined, span: Span, quoted: boolean): Const {
    if (text === 'True' || text === 'TRUE') return { t: 'bool', b: true };
    if (text === 'False' || text === 'FALSE') return { t: 'bool', b: false };
    const n = quoted ? undefined : parseInteger(text);
    if (n !== undefined) {
      if (n < 0n) throw new FilterError('display-literal', `A boolean cannot be negative; expected True, False, 1 or 0.`, span);
      return { t: 'bool', b: n !== 0n };
    }
    const [yes, no] = field?.tfs ?? ['Set', 'Not set'];
    if (text.toLowerCase() === yes.toLowerCase()) return { t: 'bool', b: true };
    if (text.toLowerCase() === no.toLowerCase()) return { t: 'bool', b: false };
    throw new FilterError('display-literal', `"${text}" cannot be found among the possible values for ${field?.filterName ?? 'this boolean'}; expected True, False, 1, 0, "${yes}" or "${no}".`, span);
  }

  private intInRange(v: bigint, text: string, field: RegisteredField | undefined, span: Span): Const {
    const signed = field !== undefined ? SIGNED_RANGE[field.type] : undefined;
    if (signed !== undefined) {
      if (v > signed[1]) throw new FilterError('display-literal', `"${text}" too big for this field, maximum ${signed[1]}.`, span);
      if (v < signed[0]) throw new FilterError('display-literal', `"${text}" too small for this field, minimum ${signed[0]}.`, span);
      // A signed field holds negative values: the literal compares as the number it is.
      return { t: 'int', n: Number(v), big: v };
    }
    const max = (field !== undefined ? INT_MAX[field.type] : undefined) ?? INT_MAX.uint64;
    if (v > max) throw new FilterError('display-literal', `"${text}" too big for this field, maximum ${max}.`, span);
    if (v < -max - 1n) throw new FilterError('display-literal', `"${text}" too small for this field, minimum ${-max - 1n}.`, span);
    return intConst(v);
  }

  private unknown(name: string, span: Span, what: string): FilterError {
    const close = suggestNames(name, this.registry.fields.keys());
    const hint = close.length > 0 ? `; did you mean ${close.join(', ')}?` : '; expected a field or protocol name as Wireshark writes it (e.g. ip.src, tcp).';
    return new FilterError('display-unknown-field', what + hint, span);
  }

  private noValue(v: CValue): FilterError {
    return new FilterError('display-type', `${describe(v)} has no value to compare; test it alone for presence (e.g. "${describe(v)}").`, v.span);
  }

  private cannot(v: CValue, op: string, works: string): FilterError {
    return new FilterError('display-type', `${describe(v)} (${TYPE_WORDS[v.vtype]}) cannot participate in ${op} comparison; ${op} works on ${works}.`, v.span);
  }

  private incompatible(left: CValue, right: CValue, span: Span): FilterError {
    return new FilterError('display-type', `${describe(left)} and ${describe(right)} are not of compatible types (${TYPE_WORDS[left.vtype]} vs ${TYPE_WORDS[right.vtype]}).`, span);
  }
}

function describe(v: CValue): string {
  switch (v.kind) {
    case 'field':
      return v.name;
    case 'const':
      return 'the value';
    case 'slice':
      return `${describe(v.of)}[…]`;
    case 'bitand':
      return `${describe(v.of)} & …`;
    case 'len':
    case 'count':
    case 'upper':
    case 'lower':
      return `${v.kind}(${describe(v.of)})`;
  }
}

/**
 * An integer constant. Every field type here is unsigned, and Wireshark 4.0 accepts a negative literal
 * for one but no value is equal to, above or below it (`ip.ttl != -1` holds, `ip.ttl > -1` does not):
 * NaN behaves exactly so.
 */
export function intConst(v: bigint): Const {
  return { t: 'int', n: v < 0n ? Number.NaN : Number(v), big: v };
}

/** The number whose value name (`UDP`, `Echo (ping) request`) matches `name`, case-insensitively. */
function valueByName(field: RegisteredField, name: string): number | undefined {
  if (field.strings === undefined) return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(field.strings)) if (v.toLowerCase() === want) return Number(k);
  return undefined;
}
