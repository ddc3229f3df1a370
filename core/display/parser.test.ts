import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FilterError } from '../errors';
import type { Expr, Operand } from './ast';
import { lex } from './lexer';
import { parse } from './parser';

/** The tree as a compact string: (op a b), words as written. */
function show(e: Expr | Operand): string {
  switch (e.kind) {
    case 'and':
    case 'or':
    case 'xor':
      return `(${e.kind} ${show(e.left)} ${show(e.right)})`;
    case 'not':
      return `(not ${show(e.operand)})`;
    case 'test':
      return show(e.value);
    case 'relation':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'contains':
    case 'matches':
      return `(${e.kind} ${show(e.left)} ${show(e.right)})`;
    case 'in':
      return `(${e.negated ? 'not_in' : 'in'} ${show(e.left)} {${e.items.map((i) => (i.kind === 'one' ? show(i.value) : `${show(i.low)}..${show(i.high)}`)).join(' ')}})`;
    case 'word':
      return e.text;
    case 'string':
      return JSON.stringify(e.value);
    case 'char':
      return `'${e.value}'`;
    case 'slice':
      return `${show(e.of)}[${e.ranges.map((r) => JSON.stringify(r)).join(',')}]`;
    case 'bitand':
      return `(& ${show(e.left)} ${show(e.right)})`;
    case 'call':
      return `${e.name}(${e.args.map(show).join(',')})`;
  }
}

test('precedence as tshark 4.0: or < and < not; xor between or and and (4.2)', () => {
  assert.equal(show(parse('a or b and c')), '(or a (and b c))');
  assert.equal(show(parse('a and b or c')), '(or (and a b) c)');
  assert.equal(show(parse('not a and b')), '(and (not a) b)');
  assert.equal(show(parse('! a == 1 && b')), '(and (not (any_eq a 1)) b)');
  assert.equal(show(parse('a or b xor c and d')), '(or a (xor b (and c d)))');
  assert.equal(show(parse('a and b and c')), '(and (and a b) c)');
  assert.equal(show(parse('(a or b) and c')), '(and (or a b) c)');
});

test('operators in word and symbol forms', () => {
  const forms: [string, string][] = [
    ['==', 'any_eq'], ['eq', 'any_eq'], ['!=', 'all_ne'], ['ne', 'all_ne'], ['===', 'all_eq'], ['!==', 'any_ne'], ['~=', 'any_ne'],
    ['>', 'gt'], ['gt', 'gt'], ['<', 'lt'], ['lt', 'lt'], ['>=', 'ge'], ['ge', 'ge'], ['<=', 'le'], ['le', 'le'],
  ];
  for (const [sym, name] of forms) assert.equal(show(parse(`x ${sym} 1`)), `(${name} x 1)`, sym);
  assert.equal(show(parse('x ~ "a"')), '(matches x "a")');
  assert.equal(show(parse('x contains 00:11')), '(contains x 00:11)');
  assert.equal(show(parse('x & 0x02 == 2')), '(any_eq (& x 0x02) 2)');
});

test('sets, ranges, slices, functions and literals', () => {
  assert.equal(show(parse('p in {1, 3..5 ,7}')), '(in p {1 3..5 7})');
  assert.equal(show(parse('p not in {80}')), '(not_in p {80})');
  assert.equal(show(parse('ip.addr in {10.0.0.0/8, ::1}')), '(in ip.addr {10.0.0.0/8 ::1})');
  assert.equal(show(parse('eth.src[0:3] == 00-11-22')), '(any_eq eth.src[{"kind":"length","from":0,"length":3}] 00-11-22)');
  assert.equal(
    show(parse('f[1-2,:2,4:,-1] == 0')),
    '(any_eq f[{"kind":"to","from":1,"to":2},{"kind":"length","from":0,"length":2},{"kind":"rest","from":4},{"kind":"length","from":-1,"length":1}] 0)',
  );
  assert.equal(show(parse('len(ip.src) == 4')), '(any_eq len(ip.src) 4)');
  assert.equal(show(parse(String.raw`s == "a\x41\101\n\""`)), String.raw`(any_eq s "aAA\n\"")`);
  assert.equal(show(parse(String.raw`s == r"a\d"`)), String.raw`(any_eq s "a\\d")`);
  assert.equal(show(parse("n == 'a'")), "(any_eq n '97')");
  assert.equal(show(parse('t > -1')), '(gt t -1)');
});

test('spans cover the words', () => {
  const e = parse('tcp.port == 80');
  assert.deepEqual(e.span, [0, 14]);
  assert.deepEqual(lex('ip.src==10.0.0.0/8').map((t) => t.span), [[0, 6], [6, 8], [8, 18], [18, 18]]);
});

test('syntax errors carry a span and say what was expected', () => {
  const cases: [string, [number, number], RegExp][] = [
    ['tcp.port == 80 and', [18, 18], /end of filter.*expected a field/],
    ['(tcp', [4, 4], /expected "\)"/],
    ['a == 1 == 2', [7, 9], /"==" was unexpected/],
    ['p in {1 3}', [8, 9], /expected "," between set members/],
    ['p in {}', [6, 7], /expected a field, a protocol or a value/],
    ['ip.ttl=64', [6, 7], /"=" was unexpected/],
    ['x == "abc', [5, 9], /no closing quote/],
    ['e[a] == 0', [2, 3], /not a byte range/],
    ['foo(x)', [0, 3], /not a function/],
    ['', [0, 0], /empty/],
  ];
  for (const [text, span, message] of cases) {
    assert.throws(() => parse(text), (e: unknown) => e instanceof FilterError && message.test(e.message) && e.span[0] === span[0] && e.span[1] === span[1], text);
  }
});
