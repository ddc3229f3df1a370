/**
 * The display-filter lexer (Wireshark 4.0's scanner.l, as far as Trawl's grammar goes). Words are runs of
 * letters, digits, `_`, `.` and `:` (with `-` between alphanumerics and a CIDR `/n`), so `ip.src`,
 * `10.0.0.0/8`, `::1`, `00-11-22` and `TCP` are each one word the checker resolves later. A slice
 * `[...]` is one token whose ranges the lexer reads. Operator words are case-sensitive, as in Wireshark.
 */
import { FilterError } from '../errors';
import type { RelOp, SliceRange, Span } from './ast';

export type OpName = RelOp | 'and' | 'or' | 'xor' | 'not' | 'contains' | 'matches' | 'in' | 'bitand';
export type Punct = '(' | ')' | '{' | '}' | ',' | '..';

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly span: Span }
  | { readonly kind: 'string'; readonly value: string; readonly raw: boolean; readonly span: Span }
  | { readonly kind: 'char'; readonly value: number; readonly span: Span }
  | { readonly kind: 'slice'; readonly ranges: readonly SliceRange[]; readonly span: Span }
  | { readonly kind: 'op'; readonly op: OpName; readonly text: string; readonly span: Span }
  | { readonly kind: 'punct'; readonly text: Punct; readonly span: Span }
  | { readonly kind: 'eof'; readonly span: Span };

/** Every spelling of an operator, symbol or word, mapped to its canonical name. */
export const OPERATORS: Readonly<Record<string, OpName>> = {
  and: 'and', '&&': 'and', or: 'or', '||': 'or', xor: 'xor', '^^': 'xor', not: 'not', '!': 'not',
  '==': 'any_eq', eq: 'any_eq', any_eq: 'any_eq',
  '!=': 'all_ne', ne: 'all_ne', all_ne: 'all_ne',
  '===': 'all_eq', all_eq: 'all_eq',
  '!==': 'any_ne', '~=': 'any_ne', any_ne: 'any_ne',
  '>': 'gt', gt: 'gt', '<': 'lt', lt: 'lt', '>=': 'ge', ge: 'ge', '<=': 'le', le: 'le',
  contains: 'contains', matches: 'matches', '~': 'matches', in: 'in',
  '&': 'bitand', bitwise_and: 'bitand',
};

/** Symbol operators, longest first so `===` wins over `==` and `!==` over `!=` and `!`. */
const SYMBOLS = ['===', '!==', '==', '!=', '~=', '>=', '<=', '&&', '||', '^^', '>', '<', '!', '~', '&'];

const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || ((c === 'r' || c === 'R') && text[i + 1] === '"')) {
      const raw = c !== '"';
      const [value, end] = readString(text, raw ? i + 1 : i, raw);
      out.push({ kind: 'string', value, raw, span: [start, end] });
      i = end;
      continue;
    }
    if (c === "'") {
      const [value, end] = readChar(text, i);
      out.push({ kind: 'char', value, span: [start, end] });
      i = end;
      continue;
    }
    if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) throw new FilterError('display-syntax', 'Expected "]" to close the slice that starts here.', [i, text.length]);
      out.push({ kind: 'slice', ranges: readSlice(text.slice(i + 1, close), i + 1), span: [i, close + 1] });
      i = close + 1;
      continue;
    }
    if (text.startsWith('..', i)) {
      out.push({ kind: 'punct', text: '..', span: [i, i + 2] });
      i += 2;
      continue;
    }
    if (c === '(' || c === ')' || c === '{' || c === '}' || c === ',') {
      out.push({ kind: 'punct', text: c, span: [i, i + 1] });
      i++;
      continue;
    }
    const sym = SYMBOLS.find((s) => text.startsWith(s, i));
    if (sym !== undefined) {
      out.push({ kind: 'op', op: OPERATORS[sym], text: sym, span: [i, i + sym.length] });
      i += sym.length;
      continue;
    }
    if (isAlnum(c) || c === ':' || c === '.' || (c === '-' && isDigit(text[i + 1]))) {
      i = wordEnd(text, i);
      const word = text.slice(start, i);
      const op = Object.hasOwn(OPERATORS, word) && /^[a-z_]+$/.test(word) ? OPERATORS[word] : undefined;
      if (op !== undefined) out.push({ kind: 'op', op, text: word, span: [start, i] });
      else out.push({ kind: 'word', text: word, span: [start, i] });
      continue;
    }
    throw new FilterError('display-syntax', `"${c}" was unexpected here; expected a field, a value or an operator.`, [i, i + 1]);
  }
  out.push({ kind: 'eof', span: [text.length, text.length] });
  return out;
}

function wordEnd(text: string, from: number): number {
  let i = from + 1;
  for (;;) {
    const c = text[i];
    if (c === '.' && text[i + 1] === '.') return i; // a range `1..5`
    if (isAlnum(c) || c === '.' || c === ':') i++;
    else if (c === '-' && isAlnum(text[i + 1]) && isAlnum(text[i - 1])) i++;
    else if (c === '/' && isDigit(text[i + 1])) i++;
    else return i;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** A quoted string from `text[at] === '"'`: its value and the index after the closing quote. */
function readString(text: string, at: number, raw: boolean): [string, number] {
  let out = '';
  let i = at + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return [out, i + 1];
    if (c === '\\') {
      if (raw) {
        // A raw string keeps the backslash; `\"` still does not end it.
        out += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      const [value, next] = readEscape(text, i);
      out += value;
      i = next;
      continue;
    }
    out += c;
    i++;
  }
  throw new FilterError('display-syntax', 'This string has no closing quote ("); add one.', [at - (raw ? 1 : 0), text.length]);
}

function readEscape(text: string, at: number): [string, number] {
  const e = text[at + 1];
  if (e === undefined) throw new FilterError('display-syntax', 'A backslash ends the filter; expected an escaped character after it.', [at, at + 1]);
  if (e === 'x') {
    const m = /^[0-9A-Fa-f]{1,2}/.exec(text.slice(at + 2));
    if (m === null) throw new FilterError('display-syntax', '"\\x" must be followed by one or two hex digits.', [at, at + 2]);
    return [String.fromCharCode(parseInt(m[0], 16)), at + 2 + m[0].length];
  }
  if (e >= '0' && e <= '7') {
    const m = /^[0-7]{1,3}/.exec(text.slice(at + 1)) as RegExpExecArray;
    return [String.fromCharCode(parseInt(m[0], 8) & 0xff), at + 1 + m[0].length];
  }
  const v = ESCAPES[e];
  if (v === undefined) {
    throw new FilterError('display-syntax', `"\\${e}" is not a known escape; use \\\\ for a backslash.`, [at, at + 2]);
  }
  return [v, at + 2];
}

/** A character constant `'a'`, `'\n'`, `'\x41'`: its code. */
function readChar(text: string, at: number): [number, number] {
  const close = text.indexOf("'", at + 1 + (text[at + 1] === '\\' ? 2 : 1));
  if (close < 0) throw new FilterError('display-syntax', "This character constant has no closing quote (').", [at, text.length]);
  const body = text.slice(at + 1, close);
  if (body.length === 1) return [body.charCodeAt(0), close + 1];
  if (body.startsWith('\\')) {
    const [value, next] = readEscape(text, at + 1);
    if (next === close) return [value.charCodeAt(0), close + 1];
  }
  throw new FilterError('display-syntax', `'${body}' is too long to be a character constant; use double quotes for a string.`, [at, close + 1]);
}

/** The ranges inside `[...]`: `i:j`, `i-j`, `i`, `:j`, `i:`, comma-separated; `base` is their offset in the text. */
function readSlice(body: string, base: number): SliceRange[] {
  const out: SliceRange[] = [];
  let pos = 0;
  for (const part of body.split(',')) {
    const span: Span = [base + pos, base + pos + part.length];
    pos += part.length + 1;
    const p = part.trim();
    const int = '(-?\\d+)';
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^${int}?\\s*:\\s*${int}?$`).exec(p)) !== null) {
      const from = m[1] === undefined ? 0 : Number(m[1]);
      if (m[2] === undefined) out.push({ kind: 'rest', from });
      else if (Number(m[2]) <= 0) throw new FilterError('display-syntax', `A slice length must be positive, not ${m[2]}.`, span);
      else out.push({ kind: 'length', from, length: Number(m[2]) });
    } else if ((m = new RegExp(`^${int}\\s*-\\s*${int}$`).exec(p)) !== null) {
      out.push({ kind: 'to', from: Number(m[1]), to: Number(m[2]) });
    } else if ((m = new RegExp(`^${int}$`).exec(p)) !== null) {
      out.push({ kind: 'length', from: Number(m[1]), length: 1 });
    } else {
      throw new FilterError('display-syntax', `"${p}" is not a byte range; expected i:length, i-j, i, :length or i: (e.g. [0:3]).`, span);
    }
  }
  return out;
}
