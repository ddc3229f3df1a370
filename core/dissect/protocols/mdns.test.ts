import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// zeek-traces/dns/mdns.pcap #1, tshark: eth:ethertype:ipv6:udp:mdns
//   MDNS Standard query 0x0000 PTR _ipp._tcp.local, "QM" question PTR _ipps._tcp.local, "QM" question
const QUERY = hexBytes(
  '3333000000fb8a3cd6e14dc486dd60089071003511fffd52429ec03c8235883cd6fffee14dc4ff0200000000000000000000000000fb14e914e90035c1d8000000000002000000000000045f697070045f746370056c6f63616c00000c0001055f69707073c011000c0001',
);

test('mdns: QM questions, class without the QU bit', () => {
  const s = summarize(1, QUERY, QUERY.length);
  assert.deepEqual([s.protocol, s.info], ['MDNS', 'Standard query 0x0000 PTR _ipp._tcp.local, "QM" question PTR _ipps._tcp.local, "QM" question']);
  const t = tree(1, QUERY);
  assert.deepEqual(layers(t), ['eth', 'ipv6', 'udp', 'mdns']);
  assert.equal(t[4].label, 'Multicast Domain Name System (query)');
  assert.equal(must(t, 'dns.qry.class').label, '.000 0000 0000 0001 = Class: IN (0x0001)');
  assert.equal(must(t, 'dns.qry.qu').label, '0... .... .... .... = "QU" question: False');
});

test('mdns: the QU bit and a cache-flush record', () => {
  const qu = QUERY.slice();
  qu[QUERY.length - 2] |= 0x80; // second question's class: QU
  assert.match(summarize(1, qu, qu.length).info, /PTR _ipps\._tcp\.local, "QU" question$/);
  const cut = QUERY.subarray(0, QUERY.length - 3);
  assert.match(summarize(1, cut, QUERY.length).info, /\[Packet size limited during capture\]$/);
});
