import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

// dns_udp.pcap #1, tshark: DNS Standard query 0x5934 A www.tcpdump.org OPT
//   Flags: 0x0120 Standard query; Queries: www.tcpdump.org: type A, class IN; Additional: <Root>: type OPT
//   (UDP payload size 4096, Option: COOKIE, Client Cookie 42f5d00996f90b13, Server Cookie <MISSING>)
const QUERY = hexBytes(
  '00112233446600112233445508004500005459cd0000401194aec0a8010bd157f912abbe003500407824593401200001000000000001037777770774637064756d70036f72670000010001000029100000000000000c000a000842f5d00996f90b13',
);
// dns_udp.pcap #2, tshark: Standard query response 0x5934 A www.tcpdump.org A 192.139.46.66 A 198.199.88.104
//   NS sns.cooperix.net NS nic.sandelman.ca A 209.87.249.18 AAAA 2607:f0b0:f::babe:f00d A 97.107.133.15
//   AAAA 2600:3c03::f03c:91ff:fe96:e8ef OPT
const RESPONSE = hexBytes(
  '0011223344550011223344660800450000fc002d00008011ada6d157f912c0a8010b0035abbe00e8c454593485000001000200020005037777770774637064756d70036f72670000010001c00c000100010000003c0004c08b2e42c00c000100010000003c0004c6c75868c0100002000100015180001203736e7308636f6f7065726978036e657400c01000020001000151800012036e69630973616e64656c6d616e02636100c06b000100010000012c0004d157f912c06b001c00010000012c00102607f0b0000f000000000000babef00dc04d0001000100001c200004616b850fc04d001c000100001c20001026003c0300000000f03c91fffe96e8ef0000291000000000000000',
);
// dns-invalid-names.pcap #2: the query name is a pointer to itself.
// tshark: Standard query 0x2223 A <Name contains a pointer that loops>
const LOOP = hexBytes('00112233445566778899aabb08004500002e000300004011a897c000021508080808cf090035001a0000222301000001000000000000c00c00010001');
// dns_tcp.pcap #4, tshark: eth:ethertype:ip:tcp:dns  Standard query 0x4319 A www.tcpdump.org OPT
const TCP_QUERY = hexBytes(
  '0011223344660011223344550800450000629b2a40004006134ec0a8010bd157f91283f3003523fec80d79d249145018faf0779600000038431901200001000000000001037777770774637064756d70036f72670000010001000029100000000000000c000a00088f06be7d691442f0',
);

test('dns: a query, its columns, fields and byte ranges', () => {
  const s = summarize(1, QUERY, QUERY.length);
  assert.deepEqual([s.protocol, s.info], ['DNS', 'Standard query 0x5934 A www.tcpdump.org OPT']);
  const t = tree(1, QUERY);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'dns']);
  assert.equal(t[4].label, 'Domain Name System (query)');
  assert.deepEqual([t[4].offset, t[4].length], [42, 56]);
  const flags = must(t, 'dns.flags');
  assert.deepEqual([flags.label, flags.offset, flags.length], ['Flags: 0x0120 Standard query', 44, 2]);
  // A query shows no Authoritative / Recursion available / Reply code bits; the AD bit only when set.
  assert.equal(find(t, 'dns.flags.authoritative'), undefined);
  assert.equal(find(t, 'dns.flags.rcode'), undefined);
  assert.equal(must(t, 'dns.flags.authenticated').label, '.... .... ..1. .... = AD bit: Set');
  const name = must(t, 'dns.qry.name');
  assert.deepEqual([name.label, name.offset, name.length], ['Name: www.tcpdump.org', 54, 17]);
  assert.equal(must(t, 'dns.qry.name.len').label, '[Name Length: 15]');
  assert.equal(must(t, 'dns.count.labels').label, '[Label Count: 3]');
  assert.equal(must(t, 'dns.qry.type').label, 'Type: A (Host Address) (1)');
  assert.equal(must(t, 'dns.qry.class').label, 'Class: IN (0x0001)');
  assert.equal(must(t, 'dns.rr.udp_payload_size').label, 'UDP payload size: 4096');
  assert.equal(must(t, 'dns.opt').label, 'Option: COOKIE');
  assert.equal(must(t, 'dns.opt.cookie.client').label, 'Client Cookie: 42f5d00996f90b13');
  assert.equal(must(t, 'dns.opt.cookie.server').label, 'Server Cookie: <MISSING>');
});

test('dns: a response with compressed names, A, AAAA, NS and OPT records', () => {
  const s = summarize(1, RESPONSE, RESPONSE.length);
  assert.equal(
    s.info,
    'Standard query response 0x5934 A www.tcpdump.org A 192.139.46.66 A 198.199.88.104 NS sns.cooperix.net NS nic.sandelman.ca ' +
      'A 209.87.249.18 AAAA 2607:f0b0:f::babe:f00d A 97.107.133.15 AAAA 2600:3c03::f03c:91ff:fe96:e8ef OPT',
  );
  const t = tree(1, RESPONSE);
  assert.equal(must(t, 'dns.flags').label, 'Flags: 0x8500 Standard query response, No error');
  assert.equal(must(t, 'dns.flags.rcode').label, '.... .... .... 0000 = Reply code: No error (0)');
  const answers = t[4].children?.find((c) => c.label === 'Answers');
  assert.equal(answers?.children?.[0].label, 'www.tcpdump.org: type A, class IN, addr 192.139.46.66');
  const rrName = must(t, 'dns.resp.name');
  // A compressed name is the 2-byte pointer.
  assert.deepEqual([rrName.label, rrName.offset, rrName.length], ['Name: www.tcpdump.org', 75, 2]);
  assert.equal(must(t, 'dns.resp.ttl').label, 'Time to live: 60 (1 minute)');
  const a = must(t, 'dns.a');
  assert.deepEqual([a.label, a.offset, a.length], ['Address: 192.139.46.66', 87, 4]);
  assert.equal(must(t, 'dns.ns').label, 'Name Server: sns.cooperix.net');
  assert.equal(must(t, 'dns.aaaa').label, 'AAAA Address: 2607:f0b0:f::babe:f00d');
});

test('dns: a pointer loop is named as Wireshark names it, with an expert item, not a hang', () => {
  const s = summarize(1, LOOP, LOOP.length);
  assert.deepEqual([s.info, s.malformed], ['Standard query 0x2223 A <Name contains a pointer that loops>', false]);
  const name = must(tree(1, LOOP), 'dns.qry.name');
  assert.equal(name.expert?.message, '<Name contains a pointer that loops>');
});

test('dns: a pointer past the end of the message is malformed', () => {
  const bad = LOOP.slice();
  bad[bad.length - 5] = 0xff; // pointer to 0x0cff
  const s = summarize(1, bad, bad.length);
  assert.equal(s.malformed, true);
  assert.equal(s.info, 'Standard query 0x2223[Malformed Packet]');
});

test('dns: a truncated capture stops at the bytes it has', () => {
  const cut = RESPONSE.subarray(0, 100);
  const s = summarize(1, cut, RESPONSE.length);
  assert.equal(s.info, 'Standard query response 0x5934 A www.tcpdump.org A 192.139.46.66[Packet size limited during capture]');
  assert.equal(s.malformed, false);
});

test('dns: over TCP after the 2-byte length', () => {
  const s = summarize(1, TCP_QUERY, TCP_QUERY.length);
  assert.deepEqual([s.protocol, s.info], ['DNS', 'Standard query 0x4319 A www.tcpdump.org OPT']);
  const t = tree(1, TCP_QUERY);
  assert.deepEqual(layers(t), ['eth', 'ip', 'tcp', 'dns']);
  const len = must(t, 'dns.length');
  assert.deepEqual([len.label, len.offset, len.length], ['Length: 56', 54, 2]);
  assert.equal(must(t, 'dns.id').offset, 56);
  // A segment holding only part of the message needs reassembly: it stays TCP payload.
  const part = TCP_QUERY.subarray(0, TCP_QUERY.length - 10);
  assert.notEqual(summarize(1, part, part.length).protocol, 'DNS');
});

// dns_udp_8053.pcap #1, tshark (its UDP heuristic for DNS): DNS 98 Standard query 0x0143 A www.tcpdump.org OPT
const PORT_8053 = hexBytes(
  '001122334466001122334455080045000054952e00004011594dc0a8010bd157f912aaed1f7500409453014301200001000000000001037777770774637064756d70036f72670000010001000029100000000000000c000a00089661b0beabd5df68',
);

test('dns: the UDP heuristic claims DNS on another port, as tshark does, and not a payload that is not DNS', () => {
  const s = summarize(1, PORT_8053, PORT_8053.length);
  assert.deepEqual([s.protocol, s.info], ['DNS', 'Standard query 0x0143 A www.tcpdump.org OPT']);
  const notDns = PORT_8053.slice();
  notDns[44] = 0x28; // opcode 5 (update): not claimed by the heuristic
  assert.equal(summarize(1, notDns, notDns.length).protocol, 'UDP');
  const twoQuestions = PORT_8053.slice();
  twoQuestions[47] = 2;
  assert.equal(summarize(1, twoQuestions, twoQuestions.length).protocol, 'UDP');
});

test('dns: the heuristic leaves UDP port 137 to NetBIOS Name Service, which has DNS\'s shape', () => {
  const nbns = PORT_8053.slice();
  nbns[36] = 0x00; // destination port 8053 -> 137
  nbns[37] = 0x89;
  assert.notEqual(summarize(1, nbns, nbns.length).protocol, 'DNS');
});
