import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from '../errors';
import { lex, parseNumber, scan, type Token } from './lexer';

/** `kind:value` per token, keywords by canonical name, ops by op. */
function kinds(text: string): string[] {
  return lex(text).map((t: Token) => {
    switch (t.kind) {
      case 'keyword':
        return `kw:${t.keyword}`;
      case 'num':
        return `num:${t.value}`;
      case 'op':
        return `op:${t.op}`;
      default:
        return `${t.kind}:${t.value}`;
    }
  });
}

function lexError(text: string): FilterError {
  try {
    lex(text);
  } catch (e) {
    assert.ok(e instanceof FilterError, `expected FilterError, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(text)} to fail`);
}

test('keyword aliases map to one canonical keyword, keeping the text', () => {
  const pairs: [string, string][] = [
    ['ether', 'link'], ['fddi', 'link'], ['tr', 'link'], ['wlan', 'link'], ['ppp', 'link'], ['slip', 'link'],
    ['es-is', 'esis'], ['esis', 'esis'], ['is-is', 'isis'], ['length', 'len'], ['len', 'len'],
    ['address1', 'addr1'], ['addr4', 'addr4'], ['direction', 'dir'], ['on', 'ifname'], ['ifname', 'ifname'],
    ['rulenum', 'rnr'], ['rset', 'ruleset'], ['subrulenum', 'srnr'], ['lsu', 'lssu'],
    ['&&', 'and'], ['and', 'and'], ['||', 'or'], ['!', 'not'], ['not', 'not'], ['mask', 'mask'],
  ];
  for (const [word, kw] of pairs) {
    const [t] = lex(word);
    assert.equal(t.kind, 'keyword', word);
    assert.equal(t.kind === 'keyword' && t.keyword, kw, word);
    assert.equal(t.text, word);
  }
});

test('keywords are case-sensitive and must be whole words (longest match)', () => {
  assert.deepEqual(kinds('TCP tcpx ip6 ip6x host.example src-host'), [
    'id:TCP', 'id:tcpx', 'kw:ip6', 'id:ip6x', 'id:host.example', 'id:src-host',
  ]);
});

test('numbers: decimal, hex, octal, and named constants', () => {
  assert.deepEqual(kinds('80 0x50 0X1f 010 0 icmptype icmp-echo icmp6-echoreply tcpflags tcp-syn tcp-cwr'), [
    'num:80', 'num:80', 'num:31', 'num:8', 'num:0', 'num:0', 'num:8', 'num:129', 'num:13', 'num:2', 'num:128',
  ]);
  assert.deepEqual(parseNumber('4294967295'), { value: 4294967295 });
  assert.deepEqual(parseNumber('4294967296'), { error: 'number 4294967296 overflows 32 bits' });
  assert.deepEqual(parseNumber('0xffffffff'), { value: 0xffffffff });
  assert.deepEqual(parseNumber('037777777777'), { value: 0xffffffff });
});

test('number errors are libpcap stoulen errors with the number span', () => {
  const e = lexError('port 09');
  assert.equal(e.code, 'number');
  assert.equal(e.message, 'number 09 contains non-octal digit');
  assert.deepEqual(e.span, [5, 7]);
  assert.match(lexError('0X100000000').message, /^number 0X100000000 overflows 32 bits$/);
  assert.match(lexError('0040000000000').message, /overflows 32 bits/);
});

test('a digit run followed by letters is an ID (0x1g, 1a), a lone 0x too', () => {
  assert.deepEqual(kinds('0x1g 1a 0x 12.'), ['id:0x1g', 'id:1a', 'id:0x', 'id:12.']);
});

test('HID: 2 to 4 dotted numbers; a fifth part makes an ID; a lone number is NUM', () => {
  assert.deepEqual(kinds('10.1 10.1.2 10.1.2.3 10.1.2.3.4 10 0x0a.1'), [
    'hid:10.1', 'hid:10.1.2', 'hid:10.1.2.3', 'id:10.1.2.3.4', 'num:10', 'hid:0x0a.1',
  ]);
});

test('HID6: full, compressed and embedded-IPv4 forms', () => {
  for (const a of ['::', '::1', 'fe80::1', '1:2:3:4:5:6:7:8', '1::', '1:2:3:4:5:6:7::', '::ffff:1.2.3.4', '1:2:3:4:5:6:1.2.3.4', 'fe80::10.20.30.40']) {
    assert.deepEqual(kinds(a), [`hid6:${a}`], a);
  }
  // Nine groups is not an address: the V6 rule stops at eight and a ':' follows.
  assert.deepEqual(kinds('fe80:0:0:0:0:0:0:0:0').slice(0, 2), ['hid6:fe80:0:0:0:0:0:0:0', 'op::']);
});

test('bogus IPv6 (bad embedded IPv4) is a lexer error, as getaddrinfo makes it in libpcap', () => {
  const e = lexError('ip6 host fe80::256.20.30.40');
  assert.equal(e.code, 'ipv6-address');
  assert.match(e.message, /^bogus IPv6 address fe80::256\.20\.30\.40/);
  assert.deepEqual(e.span, [9, 27]);
  assert.equal(lexError('::1.02.3.4').code, 'ipv6-address');
});

test('EID: colon, dash, dotted and bare MAC forms; a MAC-shaped run beats NUM/HID', () => {
  assert.deepEqual(kinds('00:11:22:33:44:55 0-1-2-3-4-5 1.2.3.4.5.6 0011.2233.4455 aabbccddeeff'), [
    'eid:00:11:22:33:44:55', 'eid:0-1-2-3-4-5', 'eid:1.2.3.4.5.6', 'eid:0011.2233.4455', 'eid:aabbccddeeff',
  ]);
  const e = lexError('host 1:2:3');
  assert.equal(e.code, 'mac-address');
  assert.match(e.message, /^bogus ethernet address 1:2:/);
});

test('AID: $ and one or two hex digits', () => {
  assert.deepEqual(kinds('$12 $a $123'), ['aid:$12', 'aid:$a', 'aid:$12', 'num:3']);
});

test('IDs with dots, hyphens and underscores; backslash-escaped IDs drop the backslash', () => {
  assert.deepEqual(kinds('www.example.com a_b-c \\tcp \\and'), ['id:www.example.com', 'id:a_b-c', 'id:tcp', 'id:and']);
  const [t] = lex('\\lldp');
  assert.equal(t.text, '\\lldp');
  assert.deepEqual(t.span, [0, 5]);
});

test('operators: two-character ones win, == is =, spans are exact', () => {
  assert.deepEqual(kinds('>= <= != == = < > << >> + - * / % & | ^ ( ) [ ] :'), [
    'op:>=', 'op:<=', 'op:!=', 'op:=', 'op:=', 'op:<', 'op:>', 'op:<<', 'op:>>', 'op:+', 'op:-', 'op:*', 'op:/',
    'op:%', 'op:&', 'op:|', 'op:^', 'op:(', 'op:)', 'op:[', 'op:]', 'op::',
  ]);
  assert.deepEqual(lex('tcp[13]&2!=0').map((t) => t.span), [[0, 3], [3, 4], [4, 6], [6, 7], [7, 8], [8, 9], [9, 11], [11, 12]]);
});

test('whitespace is space, tab, CR and LF only; spans count UTF-16 units', () => {
  assert.deepEqual(lex(' \t\r\ntcp').map((t) => t.span), [[4, 7]]);
  const e = lexError('tcp\fudp');
  assert.equal(e.code, 'syntax');
  assert.deepEqual(e.span, [3, 4]);
});

test('unknown characters are FilterErrors with the character span', () => {
  for (const [text, span] of [['host a # b', [7, 8]], ['$', [0, 1]], ['tcp @', [4, 5]], ['ip or é', [6, 7]], ['tcp 😀', [4, 6]]] as const) {
    const e = lexError(text);
    assert.equal(e.code, 'syntax', text);
    assert.deepEqual(e.span, span, text);
    assert.match(e.message, /unexpected character/);
  }
});

test('scan never throws and keeps errors in place', () => {
  const toks = scan('tcp # 09 udp');
  assert.deepEqual(toks.map((t) => t.kind), ['keyword', 'error', 'error', 'keyword']);
});
