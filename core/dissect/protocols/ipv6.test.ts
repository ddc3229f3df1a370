import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// gateway_or_not.pcap #5, tshark -n: ICMPv6 fd00:a1b2:c3d4:0:1020:3040:5060:7081 → fd00:e5f6::f3
//   Echo (ping) request id=0x000c, seq=225, hop limit=64
const ECHO6 = hexBytes(
  'aa000400140e080027e528d186dd60082e4000403a40fd00a1b2c3d400001020304050607081fd00e5f60000000000000000000000f38000797a000c00e1fcf6f468000000000536080000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
);

test('ipv6: base header and columns', () => {
  const s = summarize(1, ECHO6, ECHO6.length);
  assert.deepEqual([s.protocol, s.source, s.destination], ['ICMPv6', 'fd00:a1b2:c3d4:0:1020:3040:5060:7081', 'fd00:e5f6::f3']);
  const t = tree(1, ECHO6);
  assert.deepEqual(layers(t), ['eth', 'ipv6', 'icmpv6', 'data']);
  assert.equal(t[2].label, 'Internet Protocol Version 6, Src: fd00:a1b2:c3d4:0:1020:3040:5060:7081, Dst: fd00:e5f6::f3');
  assert.equal(must(t, 'ipv6.nxt').label, 'Next Header: ICMPv6 (58)');
  assert.equal(must(t, 'ipv6.hlim').label, 'Hop Limit: 64');
  const dst = must(t, 'ipv6.dst');
  assert.deepEqual([dst.offset, dst.length], [38, 16]);
});

// A hop-by-hop header (8 bytes) then UDP 12345 → 54321, 2 bytes of payload.
const EXT = hexBytes(
  '00000000000200000000000186dd' +
    '6000000000120040' + '20010db8000000000000000000000001' + '20010db8000000000000000000000002' +
    '1100010400000000' + '3039d431000a0000' + 'abcd',
);

// Wireshark 4.0 makes each extension header a protocol of its own: eth:ethertype:ipv6:ipv6.hopopts:udp:data.
test('ipv6: extension headers are layers of their own, walked to the upper layer', () => {
  const s = summarize(1, EXT, EXT.length);
  assert.equal(s.protocol, 'UDP');
  assert.match(s.info, /^12345 → 54321 Len=2/);
  const t = tree(1, EXT);
  assert.deepEqual(layers(t), ['eth', 'ipv6', 'ipv6.hopopts', 'udp', 'data']);
  assert.deepEqual([t[2].offset, t[2].length], [14, 40]);
  assert.deepEqual([t[3].label, t[3].offset, t[3].length], ['IPv6 Hop-by-Hop Option', 54, 8]);
  assert.equal(must(t, 'ipv6.hopopts.len_oct').label, '[Length: 8 bytes]');
  const padn = must(t, 'ipv6.opt.padn');
  assert.deepEqual([padn.offset, padn.length], [58, 4]);
});

// zeek-traces/chksums/ip6-route0-icmp6-good-chksum.pcap #1, tshark: eth:ethertype:ipv6:ipv6.routing:icmpv6:data,
//   Destination column 2001:78:1:32::1 (the route's final address), Checksum Status: Good.
test('ipv6: a type 0 routing header names the final destination; ICMPv6 checksum uses it', () => {
  const pkt = hexBytes(
    'ffffffffffff00000000000086dd6000000000272b40200104f80004000702e081fffe52ffff200104f80004000702e081fffe529a6b' +
      '3a02000100000000200100780001003200000000000000018000a0c700000000386a5339466744',
  );
  const t = tree(1, pkt);
  assert.deepEqual(layers(t), ['eth', 'ipv6', 'ipv6.routing', 'icmpv6', 'data']);
  assert.equal(t[3].label, 'Routing Header for IPv6 (Source Route)');
  assert.equal(must(t, 'ipv6.routing.src.addr').label, 'Address[1]: 2001:78:1:32::1');
  assert.equal(summarize(1, pkt, pkt.length).destination, '2001:78:1:32::1');
  assert.equal(must(t, 'icmpv6.checksum.status').label, '[Checksum Status: Good]');
});

test('ipv6: a real fragment is data with the fragment Info; a cut header is truncated', () => {
  const frag = hexBytes(
    '00000000000200000000000186dd' + '6000000000102c40' + '20010db8000000000000000000000001' + '20010db8000000000000000000000002' +
      '11000001deadbeef' + '0102030405060708',
  );
  const t = tree(1, frag);
  assert.deepEqual(layers(t), ['eth', 'ipv6', 'ipv6.fraghdr', 'data']);
  assert.equal(summarize(1, frag, frag.length).info, 'IPv6 fragment (off=0 more=y ident=0xdeadbeef nxt=17)');
  assert.equal(must(t, 'ipv6.fraghdr.ident').label, 'Identification: 0xdeadbeef');
  const cut = frag.subarray(0, 58);
  assert.match(summarize(1, cut, frag.length).info, /\[Packet size limited during capture\]/);
});
