import { rng } from './test/rng';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FilterError } from '../errors';
import type { Arith, Expr, Id } from './ast';
import { MAX_NESTING, parse } from './parser';
import { printAst } from './print-ast';
import { SHARED_DIR } from '../../scripts/shared-captures';

// ---------------------------------------------------------------------------------------------
// A span-free S-expression of the tree, to write expected trees by hand:
//   [tcp port 80]     qualified id (quals then id; `*` after it = inherited)
//   tcp               protocol alone
//   (and A B) (not A) (= L R)  (+ a b) (neg a) ip[0:1] len

function sid(id: Id): string {
  switch (id.kind) {
    case 'name':
      return id.name;
    case 'number':
      return String(id.value);
    case 'ipv4':
      return `${id.text}${id.prefixLength !== undefined ? `/${id.prefixLength}` : ''}${id.mask ? ` mask ${id.mask.text}` : ''}`;
    case 'ipv6':
      return `${id.text}${id.prefixLength !== undefined ? `/${id.prefixLength}` : ''}`;
    case 'mac':
    case 'arcnet':
      return id.text;
  }
}

function sa(a: Arith): string {
  switch (a.kind) {
    case 'const':
      return String(a.value);
    case 'len':
      return 'len';
    case 'load':
      return `${a.proto.value}[${sa(a.index)}:${a.size}]`;
    case 'binary':
      return `(${a.op} ${sa(a.left)} ${sa(a.right)})`;
    case 'negate':
      return `(neg ${sa(a.operand)})`;
  }
}

function sx(e: Expr): string {
  switch (e.kind) {
    case 'and':
    case 'or':
      return `(${e.kind} ${sx(e.left)} ${sx(e.right)})`;
    case 'not':
      return `(not ${sx(e.operand)})`;
    case 'qualified': {
      const q = [e.quals.proto?.value, e.quals.dir?.value, e.quals.addr?.value].filter((x) => x !== undefined);
      return `[${[...q, sid(e.id)].join(' ')}]${e.inherited ? '*' : ''}`;
    }
    case 'proto-abbrev':
      return e.proto.value;
    case 'relation':
      return `(${e.op} ${sa(e.left)} ${sa(e.right)})`;
    default:
      // Keyword primitives: printAst's line without the span.
      return printAst(e).replace(/ \[\d+,\d+\)$/, '');
  }
}

function parseError(text: string): FilterError {
  try {
    parse(text);
  } catch (e) {
    assert.ok(e instanceof FilterError, `expected FilterError for ${JSON.stringify(text)}, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(text)} to be rejected`);
}

// ---------------------------------------------------------------------------------------------
// Hand-written trees. Each meaning was checked against `tcpdump -y EN10MB [-O] -d` (libpcap 1.10.3).

const TREES: readonly (readonly [string, string])[] = [
  ['tcp port 80', '[tcp port 80]'],
  // and/or: same precedence, left associative (tcpdump: "tcp or udp and icmp" rejects all packets).
  ['tcp or udp and icmp', '(and (or tcp udp) icmp)'],
  ['tcp and udp or icmp', '(or (and tcp udp) icmp)'],
  ['not tcp and udp', '(and (not tcp) udp)'],
  ['not not tcp', '(not (not tcp))'],
  ['tcp and not udp or icmp', '(or (and tcp (not udp)) icmp)'],
  ['! tcp && udp || icmp', '(or (and (not tcp) udp) icmp)'],
  // Inheritance: a bare id takes the previous term's qualifiers.
  ['host a or b and c', '(and (or [host a] [host b]*) [host c]*)'],
  ['port 80 or 443', '(or [port 80] [port 443]*)'],
  ['host a and not b', '(and [host a] (not [host b]*))'],
  ['not host a or b', '(or (not [host a]) [host b]*)'],
  ['tcp dst port (80 or 443)', '(or [tcp dst port 80] [tcp dst port 443]*)'],
  ['host (a or (b))', '(or [host a] [host b]*)'],
  ['host not a', '(not [host a])'],
  // `(expr)` lends what was in force before its `(`: b is a host here, not a port.
  ['host 1.2.3.4 and ((port 80) or 1.2.3.5)', '(and [host 1.2.3.4] (or [port 80] [host 1.2.3.5]*))'],
  ['port 1 and (2) or 3', '(or (and [port 1] [port 2]*) [port 3]*)'],
  // Qualifier forms.
  ['src or dst net 10.0.0.0/8', '[src or dst net 10.0.0.0/8]'],
  ['dst and src host 1.2.3.4', '[src and dst host 1.2.3.4]'],
  ['net 10.0.0.0 mask 255.0.0.0', '[net 10.0.0.0 mask 255.0.0.0]'],
  ['ip6 net fe80::/64', '[ip6 net fe80::/64]'],
  ['ether src 00:11:22:33:44:55', '[link src 00:11:22:33:44:55]'],
  ['ip proto \\tcp', '[ip proto tcp]'],
  ['ip6 protochain 6', '[ip6 protochain 6]'],
  ['gateway snup', '[gateway snup]'],
  ['tcp portrange 6000-6010', '[tcp portrange 6000-6010]'],
  ['wlan addr2 00:11:22:33:44:55', '[link addr2 00:11:22:33:44:55]'],
  // Arithmetic: | < & < shifts < + - < * / < unary minus; ^ and % bind the operand before them and
  // take everything after (no declared precedence; `tcpdump -O -d` shows the order of operations).
  ['1 + 2 * 3 = 7', '(= (+ 1 (* 2 3)) 7)'],
  ['10 - 2 - 3 = 5', '(= (- (- 10 2) 3) 5)'],
  ['1 | 2 & 3 << 4 + 5 = 0', '(= (| 1 (& 2 (<< 3 (+ 4 5)))) 0)'],
  ['len - 1 ^ 2 + 3 = 0', '(= (- len (^ 1 (+ 2 3))) 0)'],
  ['tcp[0] * 5 % 3 * 7 = 0', '(= (* tcp[0:1] (% 5 (* 3 7))) 0)'],
  ['ip[0] + 3 % 7 = 0', '(= (+ ip[0:1] (% 3 7)) 0)'],
  ['- tcp[0] * 3 = 0', '(= (* (neg tcp[0:1]) 3) 0)'],
  ['- ip[0] ^ 3 = 0', '(= (neg (^ ip[0:1] 3)) 0)'],
  ['ip[0] & 0xf0 = 0x40', '(= (& ip[0:1] 240) 64)'],
  ['ip[2:2] > 576', '(> ip[2:2] 576)'],
  ['(1) = 1', '(= 1 1)'],
  ['(len + 1) * 2 >= 100', '(>= (* (+ len 1) 2) 100)'],
  ['icmp[icmptype] != icmp-echo', '(!= icmp[0:1] 8)'],
  ['tcp[tcpflags] & (tcp-syn|tcp-ack) != 0', '(!= (& tcp[13:1] (| 2 16)) 0)'],
  ['ether[12:2] == 0x800 and (ip[9] < 17)', '(and (= link[12:2] 2048) (< ip[9:1] 17))'],
  ['port 80 and 1 <= 2', '(and [port 80] (<= 1 2))'],
  // Keyword primitives, with the name tables resolved.
  ['vlan 100 and ip', '(and vlan 100 ip)'],
  ['vlan (1) or mpls', '(or vlan 1 mpls)'],
  ['less 100 or greater 200', '(or less 100 greater 200)'],
  ['byte 1 & 2', 'byte offset=1 op=& value=2'],
  ['ether broadcast', 'broadcast proto=link(ether)'],
  ['wlan type mgt subtype beacon', 'wlan-type proto=link(wlan) value=0x80 mask=0xfc'],
  ['type data', 'wlan-type value=0x08 mask=0x0c'],
  ['subtype ack', 'wlan-type value=0xd4 mask=0xfc'],
  ['subtype qos-data', 'wlan-type value=0x88 mask=0xfc'],
  ['type ctl subtype 0xd0', 'wlan-type value=0xd4 mask=0xfc'],
  ['dir tods', 'wlan-dir value=1'],
  ['llc rnr', 'llc s-subtype=0x05'],
  ['llc ui', 'llc u-subtype=0x03'],
  ['llc', 'llc any'],
  ['vpi (1 or 2)', 'atm-field vpi = (1 or 2)'],
  ['vci > 5', 'atm-field vci > 5'],
  ['sio != 3', 'mtp3-field sio != 3'],
  ['lane and oam', '(and atm-type lane atm-multi oam)'],
  ['lsu', 'mtp2-type lssu'],
  ['reason fragment', 'pf reason=2'],
  ['action block', 'pf action=1'],
  ['on eth0', 'pf ifname="eth0"'],
  ['rulenum 5', 'pf rnr=5'],
];

test('trees for precedence, associativity, inheritance and arithmetic match libpcap', () => {
  for (const [text, expected] of TREES) assert.equal(sx(parse(text)), expected, text);
});

test('spans: every node points at its text', () => {
  assert.equal(
    printAst(parse('tcp port 80 and not udp')),
    ['and [0,23)', '  qualified proto=tcp addr=port id=number 80 [0,11)', '  not [16,23)', '    proto-abbrev proto=udp [20,23)'].join('\n'),
  );
  assert.equal(
    printAst(parse('host a or (b)')),
    ['or [0,13)', '  qualified addr=host id=name a [0,6)', '  qualified addr=host id=name b inherited [10,13)'].join('\n'),
  );
  const inherited = parse('ip host a or b');
  assert.equal(inherited.kind, 'or');
  if (inherited.kind === 'or' && inherited.right.kind === 'qualified') {
    // Inherited qualifiers keep the spans of the words as written.
    assert.deepEqual(inherited.right.quals.proto?.span, [0, 2]);
    assert.deepEqual(inherited.right.quals.addr?.span, [3, 7]);
    assert.deepEqual(inherited.right.span, [13, 14]);
  } else assert.fail('expected an inherited qualified id');
  assert.equal(printAst(parse('(tcp[0:2] = 1)')), ['relation = [0,14)', '  load proto=tcp size=2 [1,9)', '    const 0 [5,6)', '  const 1 [12,13)'].join('\n'));
});

// ---------------------------------------------------------------------------------------------
// Errors

test('syntax errors say what was expected and what was found, and point at it', () => {
  const cases: [string, RegExp, [number, number]][] = [
    ['port', /^expected a value after 'port', found end of expression$/, [4, 4]],
    ['host a b', /expected 'and', 'or' .*found 'b'/, [7, 8]],
    ['(tcp', /expected '\)' to close the '\(' at offset 0 .*found end of expression/, [4, 4]],
    ['tcp)', /found '\)' with no '\(' to close/, [3, 4]],
    ['tcp and', /expected a filter primitive after 'and', found end of expression/, [7, 7]],
    ['lldp', /found 'lldp'.*qualifier/, [0, 4]],
    ['ip[0] =', /after '=', found end of expression/, [7, 7]],
    ['byte 1 != 2', /expected one of '&', '\|', '<', '>', '='/, [7, 9]],
    ['src proto 1', /'proto' cannot follow a direction/, [4, 9]],
    ['net 10 mask 255.0.0.0', /found 'mask'/, [7, 11]],
    ['net 10.0.0.0 mask 255', /dotted netmask/, [18, 21]],
    ['wlan subtype 0', /subtype name/, [13, 14]],
    ['src or tcp', /expected 'dst'/, [7, 10]],
  ];
  for (const [text, message, span] of cases) {
    const e = parseError(text);
    assert.equal(e.code, 'syntax', text);
    assert.match(e.message, message, text);
    assert.deepEqual(e.span, span, text);
  }
});

test('a bare id after a term that lends no qualifiers is a syntax error (libpcap: "syntax error in filter expression")', () => {
  for (const text of ['tcp or 80', 'len > 1 or foo', 'vlan or foo', '(port 1) or 2', '(host a or b) or c', 'tcp or (1 or 2)', 'ip and \\and']) {
    const e = parseError(text);
    assert.equal(e.code, 'syntax', text);
    assert.match(e.message, /has no qualifiers/, text);
  }
});

test('name tables: unknown names are FilterErrors with libpcap\'s message first', () => {
  const cases: [string, string, RegExp, [number, number]][] = [
    ['reason foo', 'pf-reason', /^unknown PF reason "foo"/, [7, 10]],
    ['action defer', 'pf-action', /^unknown PF action "defer"/, [7, 12]],
    ['type foo', 'wlan-type', /^unknown 802\.11 type name "foo"/, [5, 8]],
    ['type 3', 'wlan-type', /^invalid 802\.11 type value 0x03/, [5, 6]],
    ['type data subtype beacon', 'wlan-subtype', /^unknown 802\.11 subtype name "beacon"/, [18, 24]],
    ['type 12 subtype foo', 'wlan-subtype', /^unknown 802\.11 type/, [16, 19]],
    ['wlan type 0 subtype 0xff', 'wlan-subtype', /^invalid 802\.11 subtype value 0xff/, [20, 24]],
    ['subtype foo', 'wlan-subtype', /^unknown 802\.11 type name/, [8, 11]],
    ['dir abc', 'wlan-dir', /^unknown 802\.11 direction/, [4, 7]],
    ['llc foo', 'llc-type', /^unknown LLC type name "foo"/, [4, 7]],
    ['tcp[0:3] = 1', 'load-size', /^data size must be 1, 2, or 4/, [6, 7]],
  ];
  for (const [text, code, message, span] of cases) {
    const e = parseError(text);
    assert.equal(e.code, code, text);
    assert.match(e.message, message, text);
    assert.deepEqual(e.span, span, text);
  }
});

test('the first error from the left wins, as in libpcap', () => {
  assert.equal(parseError('host 09 and (').code, 'number');
  assert.equal(parseError('host a b 09').code, 'syntax');
  assert.equal(parseError('reason foo 5').code, 'pf-reason');
});

test('an empty expression is its own error (libpcap: matches everything; nothing to compile)', () => {
  for (const text of ['', '   ', '\n']) assert.equal(parseError(text).code, 'empty');
});

test('deep nesting is refused with a FilterError, never a stack overflow', () => {
  for (const text of ['('.repeat(10_000), `${'not '.repeat(10_000)}tcp`, `${'- '.repeat(10_000)}1 = 1`, `host ${'('.repeat(5000)}a`, `${'('.repeat(MAX_NESTING - 5)}tcp${')'.repeat(MAX_NESTING - 5)}`.slice(0, -1)]) {
    const e = parseError(text);
    assert.ok(e.code === 'too-deep' || e.code === 'syntax', e.code);
  }
  assert.equal(sx(parse(`${'('.repeat(MAX_NESTING - 5)}tcp${')'.repeat(MAX_NESTING - 5)}`)), 'tcp');
});

// ---------------------------------------------------------------------------------------------
// The corpus: libpcap's verdicts on 1,149 accepted and 293 rejected expressions

const FILTERS_DIR = join(SHARED_DIR, 'filters');
function rows(file: string): string[][] {
  return readFileSync(join(FILTERS_DIR, file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

test('every expression libpcap accepts parses', () => {
  const accepted = rows('accepted.tsv');
  assert.ok(accepted.length >= 1149);
  const failures: string[] = [];
  for (const [expr] of accepted) {
    try {
      parse(expr);
    } catch (e) {
      failures.push(`${expr}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('every expression libpcap rejects with "syntax error" is rejected, with a span inside the text', () => {
  const syntax = rows('rejected.tsv').filter((r) => r[1].includes('syntax error'));
  assert.ok(syntax.length >= 42);
  for (const [expr] of syntax) {
    const e = parseError(expr);
    assert.ok(e.span[0] >= 0 && e.span[0] <= e.span[1] && e.span[1] <= expr.length, `${expr}: span ${e.span}`);
  }
});

test('expressions libpcap rejects for other reasons parse, unless the reason is the front end\'s own', () => {
  // What libpcap's scanner and grammar actions (not gencode) reject: the front end reports these too.
  const frontEnd = /unknown PF (reason|action)|802\.11|bogus IPv6|number .* (overflows|contains)|data size must be/;
  // libpcap reports the error it meets first: the gencode error for `$12` comes before the syntax error at `3`.
  const syntaxAfterSemantic = new Set(['link host $123']);
  for (const [expr, error] of rows('rejected.tsv')) {
    if (error.includes('syntax error')) continue;
    if (frontEnd.test(error)) {
      assert.ok(!(parseOk(expr)), `${expr} should be rejected by the front end (${error})`);
    } else if (syntaxAfterSemantic.has(expr)) {
      assert.equal(parseError(expr).code, 'syntax');
    } else {
      assert.doesNotThrow(() => parse(expr), `${expr} (${error}) is the checker's to reject`);
    }
  }
});

function parseOk(text: string): boolean {
  try {
    parse(text);
    return true;
  } catch (e) {
    assert.ok(e instanceof FilterError, String(e));
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Fuzz: mutated corpus expressions only ever parse or throw FilterError, quickly

test('fuzz: deletions, duplications and random characters never escape as anything but FilterError', { timeout: 120_000 }, () => {
  const corpus = [...rows('accepted.tsv'), ...rows('rejected.tsv')].map((r) => r[0]);
  const random = rng(0x7261776c);
  const alphabet = '()[]:!&|^%*/+-<>=$\\ .,0123456789abcdefx:-andornot host port tcp ip6 ';
  const words = ['and', 'or', 'not', '(', ')', 'host', 'port', 'tcp', 'ip', '[', ']', '1', 'len', '-', '^', 'vlan', 'src', 'mask', 'type', 'llc'];
  const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)];
  let slowest = 0;
  for (let i = 0; i < 6_000; i++) {
    let s = pick(corpus);
    const edits = 1 + Math.floor(random() * 4);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(random() * (s.length + 1));
      const r = random();
      if (r < 0.3) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(random() * 4));
      else if (r < 0.5) s = s.slice(0, at) + s.slice(at, at + 1 + Math.floor(random() * 8)).repeat(2) + s.slice(at + 8);
      else if (r < 0.8) s = s.slice(0, at) + pick(alphabet.split('')) + s.slice(at);
      else s = `${s.slice(0, at)} ${pick(words)} ${s.slice(at)}`;
    }
    const t0 = performance.now();
    try {
      parse(s);
    } catch (e) {
      if (!(e instanceof FilterError)) assert.fail(`${JSON.stringify(s)} threw ${String(e)}`);
      assert.ok(e.span[0] >= 0 && e.span[0] <= e.span[1] && e.span[1] <= s.length, `${JSON.stringify(s)}: span ${e.span}`);
    }
    slowest = Math.max(slowest, performance.now() - t0);
  }
  assert.ok(slowest < 1000, `slowest parse took ${slowest} ms`);
});

test('fuzz: pathological backtracking shapes stay fast', () => {
  const shapes = [
    `port 1 and ${'(1 and '.repeat(150)}1${')'.repeat(150)}`,
    `host a and ${'(not '.repeat(150)}b${')'.repeat(150)}`,
    `${'((1) = 1 or '.repeat(100)}tcp${')'.repeat(100)}`,
    `port 1 and ${'('.repeat(150)}1${')'.repeat(149)}`,
    Array.from({ length: 2000 }, (_, i) => `host h${i}`).join(' or '),
  ];
  for (const s of shapes) {
    const t0 = performance.now();
    try {
      parse(s);
    } catch (e) {
      assert.ok(e instanceof FilterError, String(e));
    }
    assert.ok(performance.now() - t0 < 2000, `${s.slice(0, 40)}… took ${performance.now() - t0} ms`);
  }
});
