/**
 * The evaluator: compiles a checked filter once into nested closures over a packet's field list, so a
 * packet costs a few scans of a short array and no tree walk. Semantics are Wireshark 4.0's: a relation
 * holds if ANY occurrence satisfies it (`==`, `!==`/`~=`, `<` …, `contains`, `matches`, `in`), `!=` holds
 * if there are occurrences and ALL differ, `===` if there are occurrences and ALL are equal; a missing
 * field makes every relation false; a slice beyond a value's end yields nothing.
 */
import type { FieldOccurrence } from '../dissect/context';
import { isTimeValue, type FieldValue } from '../dissect/field';
import type { RelOp, SliceRange } from './ast';
import type { CExpr, Const, CValue, ValueType } from './checked';
import { ipv4Mask, maskBytes, utf8 } from './literals';

/** One packet as the predicate sees it: its fields and, when a filter needs them, its bytes. */
export type Fields = readonly FieldOccurrence[];
export type Predicate = (fields: Fields, bytes: Uint8Array | undefined) => boolean;

/** A value at run time: ints as number or bigint, IPv4 as an unsigned 32-bit number, times as seconds. */
type RValue = number | bigint | boolean | string | Uint8Array;
type Getter = (fields: Fields, bytes: Uint8Array | undefined) => RValue[];

export function compilePredicate(e: CExpr): Predicate {
  switch (e.kind) {
    case 'and': {
      const a = compilePredicate(e.left);
      const b = compilePredicate(e.right);
      return (f, p) => a(f, p) && b(f, p);
    }
    case 'or': {
      const a = compilePredicate(e.left);
      const b = compilePredicate(e.right);
      return (f, p) => a(f, p) || b(f, p);
    }
    case 'xor': {
      const a = compilePredicate(e.left);
      const b = compilePredicate(e.right);
      return (f, p) => a(f, p) !== b(f, p);
    }
    case 'not': {
      const a = compilePredicate(e.operand);
      return (f, p) => !a(f, p);
    }
    case 'exists': {
      const name = e.field.filterName;
      return (fields) => {
        for (let i = 0; i < fields.length; i++) if (fields[i].name === name) return true;
        return false;
      };
    }
    case 'truthy': {
      const get = compileGetter(e.value);
      const ints = e.value.vtype === 'int';
      return (f, p) => {
        const vs = get(f, p);
        return ints ? vs.some((v) => v !== 0 && v !== 0n) : vs.length > 0;
      };
    }
    case 'compare':
      return compileCompare(e.op, e.left, e.right);
    case 'in': {
      const get = compileGetter(e.left);
      const order = comparator(e.left.vtype);
      const items = e.items.map((it) => ({ low: constOf(it.low), high: it.high === undefined ? undefined : constOf(it.high) }));
      const eqs = items.map((it) => (it.high === undefined ? equalsConst(e.left.vtype, it.low) : undefined));
      return (f, p) => {
        for (const v of get(f, p)) {
          for (let i = 0; i < items.length; i++) {
            const eq = eqs[i];
            const hi = items[i].high;
            if (eq !== undefined ? eq(v) : hi !== undefined && order(v, runtimeConst(items[i].low)) >= 0 && order(v, runtimeConst(hi)) <= 0) return true;
          }
        }
        return false;
      };
    }
    case 'contains': {
      const left = compileGetter(e.left);
      const right = compileGetter(e.right);
      return (f, p) => {
        const rs = right(f, p);
        for (const a of left(f, p)) for (const b of rs) if (contains(a, b)) return true;
        return false;
      };
    }
    case 'matches': {
      const left = compileGetter(e.left);
      const re = e.regex;
      return (f, p) => left(f, p).some((v) => re.test(typeof v === 'string' ? v : latin1(v as Uint8Array)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Relations

function compileCompare(op: RelOp, left: CValue, right: CValue): Predicate {
  const vtype = left.vtype;
  if (right.kind === 'const' && left.kind === 'field' && vtype !== 'protocol') {
    // The hot path: a field against a literal, scanning the list once without building arrays.
    const name = left.name;
    const test = constTest(op, vtype, right.value);
    const conv = converter(vtype);
    const all = op === 'all_ne' || op === 'all_eq';
    return (fields) => {
      let seen = false;
      for (let i = 0; i < fields.length; i++) {
        const occ = fields[i];
        if (occ.name !== name || occ.value === undefined) continue;
        const ok = test(conv(occ.value));
        if (all) {
          if (!ok) return false;
          seen = true;
        } else if (ok) {
          return true;
        }
      }
      return seen;
    };
  }
  const getL = compileGetter(left);
  const getR = compileGetter(right);
  const eq = equality(vtype, right.kind === 'const' ? right.value : undefined);
  const order = comparator(vtype);
  const holds = (a: RValue, b: RValue): boolean => {
    switch (op) {
      case 'any_eq':
      case 'all_eq':
        return eq(a, b);
      case 'all_ne':
      case 'any_ne':
        return !eq(a, b);
      case 'gt':
        return order(a, b) > 0;
      case 'lt':
        return order(a, b) < 0;
      case 'ge':
        return order(a, b) >= 0;
      case 'le':
        return order(a, b) <= 0;
    }
  };
  const all = op === 'all_ne' || op === 'all_eq';
  return (f, p) => {
    const ls = getL(f, p);
    const rs = getR(f, p);
    if (ls.length === 0 || rs.length === 0) return false;
    for (const a of ls) for (const b of rs) if (holds(a, b) !== all) return !all;
    return all;
  };
}

/** The per-value test of `value OP const`, for the quantifier the caller applies. */
function constTest(op: RelOp, vtype: ValueType, c: Const): (v: RValue) => boolean {
  const eq = equalsConst(vtype, c);
  if (op === 'any_eq' || op === 'all_eq') return eq;
  if (op === 'all_ne' || op === 'any_ne') return (v) => !eq(v);
  const order = comparator(vtype);
  const k = runtimeConst(c);
  const masked = c.t === 'ipv4' && c.bits < 32 ? ipv4Mask(c.bits) : undefined;
  const norm = masked === undefined ? (v: RValue) => v : (v: RValue) => ((v as number) & masked) >>> 0;
  switch (op) {
    case 'gt':
      return (v) => order(norm(v), k) > 0;
    case 'lt':
      return (v) => order(norm(v), k) < 0;
    case 'ge':
      return (v) => order(norm(v), k) >= 0;
    case 'le':
      return (v) => order(norm(v), k) <= 0;
  }
}

/** Equality with a literal, honouring a CIDR prefix and comparing uint64 values exactly. */
function equalsConst(vtype: ValueType, c: Const): (v: RValue) => boolean {
  switch (c.t) {
    case 'int': {
      const { n, big } = c;
      return (v) => (typeof v === 'bigint' ? big >= 0n && v === big : v === n);
    }
    case 'ipv4': {
      const mask = ipv4Mask(c.bits);
      const addr = c.addr;
      return (v) => (((v as number) & mask) >>> 0) === addr;
    }
    case 'ipv6': {
      const { bytes, bits } = c;
      return (v) => v instanceof Uint8Array && bytesEqual(bits < 128 ? maskBytes(v, bits) : v, bytes);
    }
    case 'bool':
    case 'string':
    case 'float':
    case 'bytes': {
      const k = runtimeConst(c);
      const eq = equality(vtype, undefined);
      return (v) => eq(v, k);
    }
  }
}

function equality(vtype: ValueType, c: Const | undefined): (a: RValue, b: RValue) => boolean {
  if (c !== undefined && (c.t === 'ipv4' || c.t === 'ipv6' || c.t === 'int')) {
    const test = equalsConst(vtype, c);
    return (a) => test(a);
  }
  const order = comparator(vtype);
  return (a, b) => order(a, b) === 0;
}

/** Total order of two values of one type (NaN-free): numbers, bigints, booleans, strings, byte strings. */
function comparator(vtype: ValueType): (a: RValue, b: RValue) => number {
  switch (vtype) {
    case 'int':
    case 'float':
    case 'ipv4':
    case 'bool':
      return (a, b) => {
        if (typeof a === 'bigint' || typeof b === 'bigint') {
          if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
          const x = BigInt(a as number | bigint);
          const y = BigInt(b as number | bigint);
          return x < y ? -1 : x > y ? 1 : 0;
        }
        const x = Number(a);
        const y = Number(b);
        // NaN (a negative literal for an unsigned field) is neither equal to nor ordered with anything.
        return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.NaN;
      };
    case 'string':
      return (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
    case 'ipv6':
    case 'ether':
    case 'bytes':
    case 'protocol':
    case 'none':
      return (a, b) => compareBytes(a as Uint8Array, b as Uint8Array);
  }
}

// ---------------------------------------------------------------------------------------------
// Values

function constOf(v: CValue): Const {
  if (v.kind !== 'const') throw new Error('set members are literals after checking');
  return v.value;
}

function runtimeConst(c: Const): RValue {
  switch (c.t) {
    case 'int':
      return c.big > BigInt(Number.MAX_SAFE_INTEGER) ? c.big : c.n;
    case 'bool':
      return c.b;
    case 'ipv4':
      return c.addr;
    case 'ipv6':
    case 'bytes':
      return c.bytes;
    case 'string':
      return c.s;
    case 'float':
      return c.f;
  }
}

/** From a dissector's FieldValue to the run-time form of `vtype`. */
function converter(vtype: ValueType): (v: FieldValue) => RValue {
  switch (vtype) {
    case 'ipv4':
      return (v) => (v instanceof Uint8Array ? ((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0 : (v as number));
    case 'float':
      return (v) => (isTimeValue(v) ? v.sec + v.nsec / 1e9 : Number(v));
    case 'bool':
      return (v) => (typeof v === 'boolean' ? v : v !== 0);
    case 'int':
    case 'ipv6':
    case 'ether':
    case 'bytes':
    case 'string':
    case 'protocol':
    case 'none':
      return (v) => v as RValue;
  }
}

function compileGetter(v: CValue): Getter {
  switch (v.kind) {
    case 'const': {
      const k = [runtimeConst(v.value)];
      return () => k;
    }
    case 'field': {
      if (v.vtype === 'protocol' || v.vtype === 'none') return compileBytesGetter(v);
      const name = v.name;
      const conv = converter(v.vtype);
      return (fields) => {
        const out: RValue[] = [];
        for (let i = 0; i < fields.length; i++) {
          const occ = fields[i];
          if (occ.name === name && occ.value !== undefined) out.push(conv(occ.value));
        }
        return out;
      };
    }
    case 'slice':
      return compileBytesGetter(v);
    case 'bitand': {
      const of = compileGetter(v.of);
      const mask = compileGetter(v.mask);
      return (f, p) => {
        const ms = mask(f, p);
        const out: RValue[] = [];
        for (const a of of(f, p)) {
          for (const m of ms) {
            out.push(typeof a === 'bigint' || typeof m === 'bigint' ? BigInt(a as number) & BigInt(m as number) : Number((BigInt(a as number) & BigInt(m as number))));
          }
        }
        return out;
      };
    }
    case 'len': {
      const of = compileBytesGetter(v.of, false);
      return (f, p) => of(f, p).map((b) => b.length);
    }
    case 'count': {
      const name = v.of.kind === 'field' ? v.of.name : '';
      return (fields) => {
        let n = 0;
        for (let i = 0; i < fields.length; i++) if (fields[i].name === name) n++;
        return [n];
      };
    }
    case 'upper':
    case 'lower': {
      const of = compileGetter(v.of);
      const up = v.kind === 'upper';
      return (f, p) => of(f, p).map((s) => (up ? (s as string).toUpperCase() : (s as string).toLowerCase()));
    }
  }
}

/**
 * The bytes of each occurrence (a protocol's or value-less field's from the packet), sliced if asked.
 * A protocol's bytes run to the end of the packet for `contains`, `matches` and slices (Wireshark tests
 * the layer's whole buffer: `udp contains 00:35` finds payload bytes) but are its own length for len()
 * (`len(udp) == 8`): `wholeLayer` says which.
 */
function compileBytesGetter(v: CValue, wholeLayer = true): (fields: Fields, bytes: Uint8Array | undefined) => Uint8Array[] {
  if (v.kind === 'slice') {
    const of = compileBytesGetter(v.of);
    const ranges = v.ranges;
    return (f, p) => {
      const out: Uint8Array[] = [];
      for (const b of of(f, p)) {
        const s = slice(b, ranges);
        if (s !== undefined) out.push(s);
      }
      return out;
    };
  }
  if (v.kind === 'field') {
    const name = v.name;
    const protocol = v.vtype === 'protocol';
    return (fields, packet) => {
      const out: Uint8Array[] = [];
      for (let i = 0; i < fields.length; i++) {
        const occ = fields[i];
        if (occ.name !== name) continue;
        const b = occurrenceBytes(occ, packet, wholeLayer && protocol);
        if (b !== undefined) out.push(b);
      }
      return out;
    };
  }
  const get = compileGetter(v);
  return (f, p) => get(f, p).map((x) => (x instanceof Uint8Array ? x : utf8(String(x))));
}

function occurrenceBytes(occ: FieldOccurrence, packet: Uint8Array | undefined, toEnd: boolean): Uint8Array | undefined {
  const v = occ.value;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return utf8(v);
  if (packet === undefined || occ.offset + occ.length > packet.length) return undefined;
  return packet.subarray(occ.offset, toEnd ? packet.length : occ.offset + occ.length);
}

function slice(b: Uint8Array, ranges: readonly SliceRange[]): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  for (const r of ranges) {
    const from = r.from < 0 ? b.length + r.from : r.from;
    const end = r.kind === 'length' ? from + r.length : r.kind === 'to' ? (r.to < 0 ? b.length + r.to : r.to) + 1 : b.length;
    if (from < 0 || end > b.length || end <= from) return undefined;
    parts.push(b.subarray(from, end));
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function contains(a: RValue, b: RValue): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.includes(b);
  const hay = a instanceof Uint8Array ? a : utf8(String(a));
  const needle = b instanceof Uint8Array ? b : utf8(String(b));
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return compareBytes(a, b) === 0;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}
