/**
 * The display-filter syntax tree, as the parser builds it: every node carries its span in the text.
 * Words are not resolved here (`ip.src`, `TCP`, `10.0.0.0/8` and `00:11:22` are all `word`s); the checker
 * decides, with the registry and the type of the other side, whether a word is a field, a protocol or a
 * literal — as Wireshark's "unparsed" tokens.
 */
import type { Span } from '../filter/span';

export type { Span } from '../filter/span';

/** Relations, by Wireshark's canonical names (`==` is any_eq, `!=` all_ne in 4.0). */
export type RelOp = 'any_eq' | 'all_ne' | 'all_eq' | 'any_ne' | 'gt' | 'lt' | 'ge' | 'le';

export type Expr =
  | { readonly kind: 'and' | 'or' | 'xor'; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Expr; readonly span: Span }
  /** A bare value: a field or protocol tested for presence, or `tcp.flags & 0x02` tested for non-zero. */
  | { readonly kind: 'test'; readonly value: Operand; readonly span: Span }
  | { readonly kind: 'relation'; readonly op: RelOp; readonly opSpan: Span; readonly left: Operand; readonly right: Operand; readonly span: Span }
  | { readonly kind: 'contains' | 'matches'; readonly opSpan: Span; readonly left: Operand; readonly right: Operand; readonly span: Span }
  | { readonly kind: 'in'; readonly negated: boolean; readonly opSpan: Span; readonly left: Operand; readonly items: readonly SetItem[]; readonly span: Span };

export type SetItem =
  | { readonly kind: 'one'; readonly value: Operand; readonly span: Span }
  | { readonly kind: 'range'; readonly low: Operand; readonly high: Operand; readonly span: Span };

/** One byte range of a slice, normalised: `from` (negative counts from the end) and an end. */
export type SliceRange =
  /** `[i:n]`, `[i]` (n = 1), `[:n]` (i = 0) */
  | { readonly kind: 'length'; readonly from: number; readonly length: number }
  /** `[i-j]`, j inclusive */
  | { readonly kind: 'to'; readonly from: number; readonly to: number }
  /** `[i:]` */
  | { readonly kind: 'rest'; readonly from: number };

export type FunctionName = 'len' | 'count' | 'upper' | 'lower';

export type Operand =
  /** A field name, protocol name or unquoted literal (number, address, byte string, value name). */
  | { readonly kind: 'word'; readonly text: string; readonly span: Span }
  | { readonly kind: 'string'; readonly value: string; readonly raw: boolean; readonly span: Span }
  /** A character constant, `'a'`: an integer. */
  | { readonly kind: 'char'; readonly value: number; readonly span: Span }
  | { readonly kind: 'slice'; readonly of: Operand; readonly ranges: readonly SliceRange[]; readonly span: Span }
  | { readonly kind: 'bitand'; readonly left: Operand; readonly right: Operand; readonly span: Span }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly nameSpan: Span; readonly args: readonly Operand[]; readonly span: Span };
