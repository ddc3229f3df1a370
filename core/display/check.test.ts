import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRegistry } from '../dissect/index';
import { FilterError } from '../errors';
import { check } from './check';
import type { CExpr } from './checked';
import { parse } from './parser';

const checked = (text: string): CExpr => check(parse(text), defaultRegistry);

test('words resolve to fields, protocols or literals typed by the other side', () => {
  const e = checked('ip.src == 10.0.0.0/8');
  assert.ok(e.kind === 'compare' && e.right.kind === 'const');
  assert.deepEqual(e.right.value, { t: 'ipv4', addr: 0x0a000000, bits: 8 });
  const p = checked('ip.proto == UDP');
  assert.ok(p.kind === 'compare' && p.right.kind === 'const');
  assert.deepEqual(p.right.value, { t: 'int', n: 17, big: 17n });
  const f = checked('ip.src == ip.dst');
  assert.ok(f.kind === 'compare' && f.right.kind === 'field' && f.right.name === 'ip.dst');
  assert.equal(checked('tcp').kind, 'exists');
  const b = checked('tcp.flags.syn == 1');
  assert.ok(b.kind === 'compare' && b.right.kind === 'const');
  assert.deepEqual(b.right.value, { t: 'bool', b: true });
  const mac = checked('eth.src == 0011.2233.4455');
  assert.ok(mac.kind === 'compare' && mac.right.kind === 'const' && mac.right.value.t === 'bytes');
  assert.deepEqual([...mac.right.value.bytes], [0, 0x11, 0x22, 0x33, 0x44, 0x55]);
  const v6 = checked('ipv6.src == fe80::1:2/64');
  assert.ok(v6.kind === 'compare' && v6.right.kind === 'const' && v6.right.value.t === 'ipv6');
  assert.equal(v6.right.value.bits, 64);
  assert.deepEqual([...v6.right.value.bytes.subarray(0, 2), ...v6.right.value.bytes.subarray(8)], [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test('user errors: span on the words and a message saying what was expected', () => {
  const cases: [string, [number, number], RegExp][] = [
    ['tcp.prot == 1', [0, 8], /neither a field nor a protocol.*did you mean tcp\.port/],
    ['ip.srcc', [0, 7], /did you mean ip\.src/],
    ['ipv6.src == 10.0.0.1', [12, 20], /not a valid IPv6 address; expected e\.g\./],
    ['ip.src == fe80::1', [10, 17], /not a valid IPv4 address/],
    ['ip.src == 10.0.0.0/33', [10, 21], /<= 32, not 33/],
    ['eth.src == 00:00:0c', [11, 19], /too few bytes/],
    ['tcp.port == 70000', [12, 17], /too big for this field, maximum 65535/],
    ['tcp.port == "80"', [12, 16], /cannot be converted from a string.*without quotes/],
    ['ip.proto == udp', [12, 15], /not of compatible types/],
    ['tcp.srcport[0] == 0', [0, 14], /cannot be sliced/],
    ['ip.src contains 10', [0, 6], /cannot participate in contains/],
    ['frame matches "(?s)x"', [14, 21], /PCRE syntax/],
    ['frame matches "("', [14, 17], /not a valid regular expression/],
    ['ip.flags.df == true', [15, 19], /cannot be found among the possible values.*True, False/],
    ['64 == ip.ttl', [0, 2], /Left side of "==" must be a field/],
    ['count(1) == 1', [6, 7], /Left side/],
    ['upper(ip.src) == "A"', [6, 12], /upper\(\) needs a string field/],
  ];
  for (const [text, span, message] of cases) {
    assert.throws(
      () => checked(text),
      (e: unknown) => e instanceof FilterError && message.test(e.message) && e.span[0] === span[0] && e.span[1] === span[1],
      text,
    );
  }
});
