import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, summarize, tree } from '../test/packet';

// LINKTYPE_RAW_ipv6.pcap #1: raw:ipv6:udp:dns, 2001:db8::1 → 2620:fe::9 (DNS is a later issue: we show UDP)
const RAW6 = hexBytes(
  '600000000025114020010db8000000000000000000000001262000fe00000000000000000000000930390035002598b3123401000001000000000000076578616d706c6503636f6d0000010001',
);

test('raw (101): version nibble picks IPv6, zero-length raw layer', () => {
  const t = tree(101, RAW6);
  // The UDP payload's own dissector (DNS, data) belongs to another group: check the link-layer part.
  assert.deepEqual(layers(t).slice(0, 3), ['raw', 'ipv6', 'udp']);
  assert.deepEqual([t[1].offset, t[1].length], [0, 0]);
  const s = summarize(101, RAW6, RAW6.length);
  assert.deepEqual([s.source, s.destination], ['2001:db8::1', '2620:fe::9']);
});

test('IPV6 (229) and IPV4 (228) link types start at the IP layer, as Wireshark', () => {
  assert.deepEqual(layers(tree(229, RAW6)).slice(0, 2), ['ipv6', 'udp']);
  const v4 = hexBytes('4500002247874000ff1136417f0000017f00000130397a69000efe2131323334350a');
  assert.deepEqual(layers(tree(228, v4)).slice(0, 2), ['ip', 'udp']);
});
