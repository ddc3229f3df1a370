import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '../../scripts/shared-captures';
import { FilterError } from '../errors';
import type { CheckedExpr } from './ast';
import { check } from './check';
import { compileStages } from './compile';
import { parse } from './parser';
import { NO_NAMES, type NameResolver } from './resolver';

const NAMES: NameResolver = {
  host: (n) => (n === 'both' ? { v4: [0x0a000001], v6: [new Uint8Array(16).fill(1)] } : n === 'four' ? { v4: [0x0a000002], v6: [] } : null),
  network: (n) => (n === 'loopback' ? 0x7f000000 : n === 'ten' ? 10 : null),
  ether: (n) => (n === 'router' ? Uint8Array.from([0, 1, 2, 3, 4, 5]) : null),
  service: (n, p) => new Map([['http/tcp', 80], ['domain/tcp', 53], ['domain/udp', 53], ['odd/tcp', 100], ['odd/udp', 101], ['syslog/udp', 514]]).get(`${n}/${p}`) ?? null,
  protocol: (n) => (n === 'tcp' ? 6 : null),
};

const checked = (text: string, linkType = 1): CheckedExpr => check(parse(text), { linkType, resolver: NAMES });
/** The checked tree without spans, for comparing shapes. */
const shape = (text: string, linkType = 1): unknown => JSON.parse(JSON.stringify(checked(text, linkType), (k, v: unknown) =>
  k === 'span' ? undefined : v instanceof Uint8Array ? Array.from(v) : v));

function rejects(text: string, message: RegExp, spanText?: string): void {
  assert.throws(() => checked(text), (e: unknown) => {
    assert.ok(e instanceof FilterError, `${text}: ${String(e)}`);
    assert.match(e.message, message, text);
    if (spanText !== undefined) assert.equal(text.slice(e.span[0], e.span[1]), spanText, `${text}: span`);
    return true;
  });
}

test('addresses: partial dotted, numbers, nets, masks, prefixes', () => {
  assert.deepEqual(shape('host 10.1'), { kind: 'host4', proto: 'default', dir: 'default', nets: [{ addr: 0x0a010000, mask: 0xffff0000 }] });
  assert.deepEqual(shape('net 10'), { kind: 'host4', proto: 'default', dir: 'default', nets: [{ addr: 0x0a000000, mask: 0xff000000 }] });
  assert.deepEqual(shape('host 167772162'), { kind: 'host4', proto: 'default', dir: 'default', nets: [{ addr: 0x0a000002, mask: 0xffffffff }] });
  assert.deepEqual(shape('ip src net 10.0.0.0/8'), { kind: 'host4', proto: 'ip', dir: 'src', nets: [{ addr: 0x0a000000, mask: 0xff000000 }] });
  assert.deepEqual(shape('net 10.0.0.0 mask 255.0.0.0'), shape('net 10.0.0.0/8'));
  assert.deepEqual(shape('net ten'), shape('net 10'));
  assert.deepEqual(shape('net loopback'), { kind: 'host4', proto: 'default', dir: 'default', nets: [{ addr: 0x7f000000, mask: 0xffffffff }] });
  assert.deepEqual(shape('decnet host 1.2'), { kind: 'decnet-host', dir: 'default', addr: (1 << 10) | 2 });
  assert.deepEqual(shape('ip6 net fe80::/10'), { kind: 'host6', dir: 'default', nets: [{ addr: [0xfe, 0x80, ...new Array(14).fill(0)], prefixLength: 10 }] });
  assert.deepEqual(shape('ether host 0:1:2:3:4:5'), { kind: 'link-host', dir: 'default', mac: [0, 1, 2, 3, 4, 5] });
  assert.deepEqual(shape('ether src router'), { kind: 'link-host', dir: 'src', mac: [0, 1, 2, 3, 4, 5] });
});

test('names: both families become an or; a qualifier narrows them', () => {
  const both = shape('host both') as { kind: string; options: { kind: string }[] };
  assert.equal(both.kind, 'any-of');
  assert.deepEqual(both.options.map((o) => o.kind), ['host4', 'host6']);
  assert.equal((shape('ip host both') as { kind: string }).kind, 'host4');
  assert.equal((shape('ip6 host both') as { kind: string }).kind, 'host6');
  rejects('ip6 host four', /unknown host 'four' for specified address family/, 'four');
  rejects('arp host both', /'arp' modifier applied to ip6 host/, 'arp');
});

test('ports: numbers, services, ranges, protocols', () => {
  assert.deepEqual(shape('tcp dst port 80'), { kind: 'port', proto: 'tcp', dir: 'dst', lo: 80, hi: 80, range: false });
  assert.deepEqual(shape('port domain'), { kind: 'port', proto: 'default', dir: 'default', lo: 53, hi: 53, range: false });
  assert.deepEqual(shape('port http'), { kind: 'port', proto: 'tcp', dir: 'default', lo: 80, hi: 80, range: false });
  assert.deepEqual(shape('port syslog'), { kind: 'port', proto: 'udp', dir: 'default', lo: 514, hi: 514, range: false });
  assert.deepEqual(shape('port odd'), { kind: 'port', proto: 'tcp', dir: 'default', lo: 100, hi: 100, range: false });
  assert.deepEqual(shape('portrange 6000-6010'), { kind: 'port', proto: 'default', dir: 'default', lo: 6000, hi: 6010, range: true });
  assert.deepEqual(shape('udp portrange domain-syslog'), { kind: 'port', proto: 'udp', dir: 'default', lo: 53, hi: 514, range: true });
  rejects('udp port http', /port 'http' is tcp/, 'http');
  rejects('tcp port syslog', /port 'syslog' is udp/, 'syslog');
  rejects('ip port 80', /illegal qualifier of 'port'/, 'ip');
  rejects('port 70000', /illegal port number 70000 > 65535/, '70000');
  rejects('portrange 1-70000', /illegal port number 70000 > 65535/, '1-70000');
  rejects('port nosuch', /unknown port 'nosuch'/, 'nosuch');
  rejects('portrange http-nosuch', /unknown port in range 'http-nosuch'/, 'http-nosuch');
  rejects('addr2 port 80', /'addr2' and 'address2' are not valid qualifiers for ports/, 'addr2');
});

test('proto and protochain', () => {
  assert.deepEqual(shape('ip proto 6'), { kind: 'proto', under: 'ip', value: 6 });
  assert.deepEqual(shape('proto \\tcp'), { kind: 'proto', under: 'default', value: 6 });
  assert.deepEqual(shape('ether proto \\ip6'), { kind: 'proto', under: 'link', value: 0x86dd });
  assert.deepEqual(shape('protochain 6'), { kind: 'protochain', under: 'default', value: 6 });
  rejects('tcp proto 6', /'tcp proto' is bogus/, 'tcp');
  rejects('arp proto 6', /arp does not encapsulate another protocol/, 'arp');
  rejects('udp protochain 6', /bad protocol applied for 'protochain'/, 'udp');
  rejects('proto \\nosuch', /unknown ip proto 'nosuch'/);
  rejects('ether proto \\slow', /unknown ether proto 'slow'/);
});

test('qualifier errors carry libpcap meaning and point at the words at fault', () => {
  rejects('tcp host 10.0.0.1', /'tcp' modifier applied to host/, 'tcp');
  rejects('tcp net 10', /'tcp' modifier applied to net/, 'tcp');
  rejects('ip6 host 10.0.0.1', /'ip6' modifier applied to ip host/, 'ip6');
  rejects('ip host ::1', /'ip' modifier applied to ip6 host/, 'ip');
  rejects('link host 10.0.0.1', /illegal link layer address/, '10.0.0.1');
  rejects('aarp host 1.2.3.4', /AARP host filtering not implemented/, 'aarp');
  rejects('net 192.168/8', /non-network bits set in "192.168\/8"/, '192.168/8');
  rejects('net 10.0.0.0/33', /mask length must be <= 32/);
  rejects('host 10.0.0.0/8', /Mask syntax for networks only/, 'host');
  rejects('ip6 host ::1/64', /non-network bits set in "::1\/64"/);
  rejects('ip6 net ::/129', /mask length must be <= 128/);
  rejects('port ::1', /invalid qualifier against IPv6 address/, 'port');
  rejects('ip host 256.256.256.256', /invalid IPv4 address '256.256.256.256'/, '256.256.256.256');
  rejects('ip addr1 1.2.3.4', /'addr1' and 'address1' are not valid qualifiers for addresses other than 802.11 MAC addresses/, 'addr1');
  rejects('gateway foo', /'gateway' not supported in this configuration/, 'gateway');
  rejects('gateway 1.2', /'gateway' requires a name/, '1.2');
  rejects('gateway 11:22:33:44:55:66', /ethernet address used in non-ether expression/);
  rejects('link host $c0', /aid supported only on ARCnet/, '$c0');
  rejects('host nosuch', /unknown host 'nosuch'/, 'nosuch');
  rejects('net nosuch', /unknown network 'nosuch'/, 'nosuch');
  rejects('ether host nosuch', /unknown ether host 'nosuch'/, 'nosuch');
  rejects('decnet host nosuch', /decnet name support not included/, 'nosuch');
  rejects('ah[0] = 1', /unsupported index operation/, 'ah');
  rejects('radio[0] = 1', /radio information not present/, 'radio');
  rejects('ip[0] / 0 = 1', /division by zero/, '0');
  rejects('ip[0] % 0 = 1', /modulus by zero/, '0');
  rejects('ip[0] << 32 = 0', /shift by more than 31 bits/, '32');
  rejects('tcp broadcast', /only link-layer\/IP broadcast/, 'tcp');
  rejects('arp multicast', /multicast filters/, 'arp');
  assert.equal((checked('link host $c0', 7) as { kind: string }).kind, 'arcnet-host');
});

/** rejected.tsv: every non-syntax error on EN10MB must be a FilterError inside the text. */
test('rejected.tsv: semantic errors on EN10MB are refused with a span in the text', () => {
  const lines = readFileSync(join(SHARED_DIR, 'filters', 'rejected.tsv'), 'utf8').split('\n').filter((l) => l !== '');
  const header = lines[0]!.split('\t');
  const col = (name: string): number => header.indexOf(name);
  const accepted: string[] = [];
  let semantic = 0;
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    const expr = f[col('expr')]!;
    const error = f[col('error_EN10MB')]!;
    if (error === '' || /syntax error/.test(error)) continue;
    semantic++;
    try {
      compileStages(expr, { linkType: 1, resolver: NO_NAMES });
      accepted.push(`${expr}\t(libpcap: ${error})`);
    } catch (e) {
      assert.ok(e instanceof FilterError, `${expr}: not a FilterError: ${String(e)}`);
      assert.ok(e.span[0] >= 0 && e.span[1] <= expr.length && e.span[0] <= e.span[1], `${expr}: span ${e.span.join('-')}`);
    }
  }
  assert.ok(semantic > 200, `expected the corpus, found ${semantic} rows`);
  // Rows the checker and lowering do not refuse, and why: libpcap refuses these after optimising
  // ("expression rejects all packets"); that verdict belongs to the optimiser stage.
  const known = new Set<string>(['link[0:1] & 0xFFFFFFFF == 0', 'link[0:2] & 0xFFFFFFFF == 0', 'link[0:4] & 0xFFFFFFFF == 0']);
  assert.deepEqual(accepted.filter((a) => !known.has(a.split('\t')[0]!)), []);
});
