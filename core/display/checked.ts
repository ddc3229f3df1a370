/**
 * The checked tree: names resolved against the registry, literals typed by the field they meet, regular
 * expressions compiled. What the evaluator compiles to closures and the BPF lowering reads.
 */
import type { RegisteredField } from '../dissect/registry';
import type { RelOp, SliceRange, Span } from './ast';

/** The value classes display-filter operators work on. `protocol` values are the layer's bytes. */
export type ValueType = 'int' | 'bool' | 'ipv4' | 'ipv6' | 'ether' | 'bytes' | 'string' | 'float' | 'protocol' | 'none';

export type Const =
  /** `n` is the value as a double (negative literals for unsigned fields wrap to 2^64 + n); `big` exact. */
  | { readonly t: 'int'; readonly n: number; readonly big: bigint }
  | { readonly t: 'bool'; readonly b: boolean }
  | { readonly t: 'ipv4'; readonly addr: number; readonly bits: number }
  | { readonly t: 'ipv6'; readonly bytes: Uint8Array; readonly bits: number }
  | { readonly t: 'bytes'; readonly bytes: Uint8Array }
  | { readonly t: 'string'; readonly s: string }
  | { readonly t: 'float'; readonly f: number };

export type CValue =
  | { readonly kind: 'field'; readonly name: string; readonly field: RegisteredField; readonly vtype: ValueType; readonly span: Span }
  | { readonly kind: 'const'; readonly value: Const; readonly vtype: ValueType; readonly span: Span }
  | { readonly kind: 'slice'; readonly of: CValue; readonly ranges: readonly SliceRange[]; readonly vtype: 'bytes'; readonly span: Span }
  | { readonly kind: 'bitand'; readonly of: CValue; readonly mask: CValue; readonly vtype: 'int'; readonly span: Span }
  | { readonly kind: 'len' | 'count'; readonly of: CValue; readonly vtype: 'int'; readonly span: Span }
  | { readonly kind: 'upper' | 'lower'; readonly of: CValue; readonly vtype: 'string'; readonly span: Span };

export type CSetItem = { readonly low: CValue; readonly high: CValue | undefined };

export type CExpr =
  | { readonly kind: 'and' | 'or' | 'xor'; readonly left: CExpr; readonly right: CExpr }
  | { readonly kind: 'not'; readonly operand: CExpr }
  /** A field or protocol is present. */
  | { readonly kind: 'exists'; readonly field: RegisteredField; readonly span: Span }
  /** A value that is not a plain field (`tcp.flags & 2`, a slice) yields something non-zero. */
  | { readonly kind: 'truthy'; readonly value: CValue }
  | { readonly kind: 'compare'; readonly op: RelOp; readonly left: CValue; readonly right: CValue }
  | { readonly kind: 'in'; readonly left: CValue; readonly items: readonly CSetItem[] }
  | { readonly kind: 'contains'; readonly left: CValue; readonly right: CValue }
  | { readonly kind: 'matches'; readonly left: CValue; readonly regex: RegExp };
