import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEther, formatIpv4, formatIpv6, hexBytes } from './format';

const bytes = (groups: number[]): Uint8Array => {
  const b = new Uint8Array(18); // two bytes before the address: `at` is honoured
  groups.forEach((g, i) => {
    b[2 + 2 * i] = g >> 8;
    b[3 + 2 * i] = g & 0xff;
  });
  return b;
};

test('formatIpv6 prints RFC 5952 text as inet_ntop does', () => {
  const cases: [number[], string][] = [
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0xfe80, 0, 0, 0, 0x0211, 0x22ff, 0xfe33, 0x4455], 'fe80::211:22ff:fe33:4455'],
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'], // equal runs: the first
    [[0x2001, 0xdb8, 0, 1, 0, 0, 0, 1], '2001:db8:0:1::1'], // a single zero group stays 0
    [[1, 0, 0, 0, 0, 0, 0, 0], '1::'],
    [[1, 2, 3, 4, 5, 6, 7, 8], '1:2:3:4:5:6:7:8'],
    [[0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0280], '::ffff:192.0.2.128'],
    [[0, 0, 0, 0, 0, 0, 0xc000, 0x0280], '::192.0.2.128'],
    [[0, 0, 0, 0, 0, 0xfffe, 0xc000, 0x0280], '::fffe:c000:280'],
    [[0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff], 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ];
  for (const [groups, text] of cases) assert.equal(formatIpv6(bytes(groups), 2), text, groups.join(','));
});

test('formatIpv6 agrees with the WHATWG URL serialiser on random addresses rich in zero groups', () => {
  let seed = 99;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  for (let k = 0; k < 20000; k++) {
    const groups = Array.from({ length: 8 }, () => (rand(2) === 0 ? 0 : rand(3) === 0 ? rand(16) : rand(0x10000)));
    // The URL serialiser prints hex where inet_ntop prints the IPv4-mapped and -compatible forms dotted.
    if (groups.slice(0, 5).every((g) => g === 0) && (groups[5] === 0xffff || (groups[5] === 0 && (groups[6] !== 0 || groups[7] > 1)))) continue;
    const expected = new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`).hostname.slice(1, -1);
    assert.equal(formatIpv6(bytes(groups), 2), expected, groups.join(','));
  }
});

test('formatEther and hexBytes print every byte value as two lower-case hex digits', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const expected = Array.from(all, (v) => v.toString(16).padStart(2, '0'));
  assert.equal(hexBytes(all), expected.join(''));
  assert.equal(hexBytes(all, 250, 253), 'fafbfc');
  assert.equal(hexBytes(all, 5, 5), '');
  for (let at = 0; at + 6 <= 256; at += 5) assert.equal(formatEther(all, at), expected.slice(at, at + 6).join(':'));
  assert.equal(formatEther(new Uint8Array([0x00, 0x1b, 0x21, 0x0a, 0xbc, 0xff]), 0), '00:1b:21:0a:bc:ff');
});

test('remembered address texts are always the bytes’ own, however many addresses share a bucket', () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const pool = Array.from({ length: 20_000 }, () => Uint8Array.from({ length: 16 }, () => (rand(3) === 0 ? 0 : rand(256))));
  for (const a of pool) a[0] = a[0] || 0x20;
  for (let i = 0; i < 60_000; i++) {
    const a = pool[rand(rand(2) === 0 ? 50 : pool.length)];
    assert.equal(formatIpv4(a, 0), `${a[0]}.${a[1]}.${a[2]}.${a[3]}`);
    assert.equal(formatEther(a, 2), Array.from(a.subarray(2, 8), (x) => x.toString(16).padStart(2, '0')).join(':'));
    const groups = Array.from({ length: 8 }, (_, g) => ((a[2 * g] << 8) | a[2 * g + 1]).toString(16));
    assert.equal(formatIpv6(a, 0), new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1));
  }
});
