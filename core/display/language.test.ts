import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { filterLanguage } from './language';
import { FILTERS } from './test/filters';

const SHARED = join(import.meta.dirname, '../../../shared/filters');

test('every pcap-filter expression of ../shared/filters stays pcap', () => {
  const exprs = readFileSync(join(SHARED, 'accepted.tsv'), 'utf8').split('\n').slice(1).filter((l) => l !== '').map((l) => l.split('\t')[0]);
  assert.ok(exprs.length > 500);
  const display = exprs.filter((e) => filterLanguage(e) !== 'pcap');
  assert.deepEqual(display, []);
});

test('the display corpus is display, except what is also valid pcap-filter with the same meaning', () => {
  const shared = new Set(['tcp', 'udp', 'ip', 'arp', 'icmp', 'vlan', 'not tcp', 'tcp or udp', 'ip and not udp', 'not (tcp and udp)', '!udp', 'tcp || icmp', 'ip && udp',
    'udp or tcp and icmp', 'tcp and udp or icmp', 'not tcp and udp', '!(ip or arp)', 'not ip and not ipv6']);
  // Valid in both languages with different meanings (pcap reads 45 as decimal, display as hex 0x45):
  // pcap wins, deterministically; the filter bar shows which language it used.
  const ambiguous = ['ip[0] == 45', 'tcp[13] == 02'];
  const pcap = FILTERS.map((f) => f.text).filter((t) => filterLanguage(t) === 'pcap');
  assert.deepEqual(pcap.filter((t) => !shared.has(t)), ambiguous);
});

test('when neither parses, the language it looks like', () => {
  assert.equal(filterLanguage('ip.src == '), 'display');
  assert.equal(filterLanguage('tcp port'), 'pcap');
  assert.equal(filterLanguage('foo.bar'), 'display');
  assert.equal(filterLanguage('host'), 'pcap');
  assert.equal(filterLanguage(''), 'pcap');
  assert.equal(filterLanguage('tcp.port == 80'), 'display');
  assert.equal(filterLanguage('tcp port 80'), 'pcap');
});
