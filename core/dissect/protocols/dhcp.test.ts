import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcpdump-tests/dhcp-rfc3004.pcap #1, tshark: 0.0.0.0 → 255.255.255.255 DHCP 342 DHCP Discover - Transaction ID 0x6e32864
//   Option: (53) DHCP Message Type (Discover); (50) Requested IP Address (192.168.1.4); (55) Parameter Request List
//   (7 items); (77) User Class Information (3 instances); (255) End; Padding: 0000
const DISCOVER = hexBytes(
  'ffffffffffff000c291f7406080045100148000000008011399600000000ffffffff004400430134818d0101060006e328640000000000000000000000000000000000000000000c291f7406' +
    '00'.repeat(202) +
    '638253633501013204c0a801043707011c02030f060c4d25077375626f707431117375626f7074322d3132333435363738390a7375626f7074332d3132ff0000',
);

test('dhcp: Discover columns, header and options', () => {
  const s = summarize(1, DISCOVER, DISCOVER.length);
  assert.deepEqual([s.protocol, s.info], ['DHCP', 'DHCP Discover - Transaction ID 0x6e32864']);
  const t = tree(1, DISCOVER);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'dhcp']);
  assert.equal(t[4].label, 'Dynamic Host Configuration Protocol (Discover)');
  assert.equal(must(t, 'dhcp.hw.type').label, 'Hardware type: Ethernet (0x01)');
  const mac = must(t, 'dhcp.hw.mac_addr');
  assert.deepEqual([mac.label, mac.offset, mac.length], ['Client MAC address: 00:0c:29:1f:74:06', 70, 6]);
  assert.equal(must(t, 'dhcp.cookie').label, 'Magic cookie: DHCP');
  const opt = must(t, 'dhcp.option.type');
  assert.deepEqual([opt.label, opt.offset, opt.length], ['Option: (53) DHCP Message Type (Discover)', 282, 3]);
  assert.equal(must(t, 'dhcp.option.dhcp').label, 'DHCP: Discover (1)');
  assert.equal(must(t, 'dhcp.option.requested_ip_address').label, 'Requested IP Address: 192.168.1.4');
  assert.equal(must(t, 'dhcp.option.request_list_item').label, 'Parameter Request List Item: (1) Subnet Mask');
  assert.equal(must(t, 'dhcp.option.user_class.data').label, 'User Class Data: 7375626f707431');
  assert.equal(must(t, 'dhcp.option.end').label, 'Option End: 255');
  const pad = t[4].children?.at(-1);
  assert.deepEqual([pad?.field, pad?.offset, pad?.length], ['dhcp.option.padding', 340, 2]);
});

test('dhcp: without option 53 it is BOOTP', () => {
  const bootp = DISCOVER.slice();
  bootp[282] = 0; // option 53 becomes a pad byte, its length and value stray options
  bootp[283] = 0;
  bootp[284] = 0;
  const s = summarize(1, bootp, bootp.length);
  assert.deepEqual([s.protocol, s.info], ['BOOTP', 'Boot Request from 00:0c:29:1f:74:06']);
});

test('dhcp: an option running past the end is malformed; a short header too', () => {
  const bad = DISCOVER.slice();
  bad[bad.length - 41] = 0xf0; // option 77's length
  assert.equal(summarize(1, bad, bad.length).malformed, true);
  // Cut inside the fixed header: tshark (pcapng-test-generator test004) shows BOOTP and the client's MAC.
  const cut = DISCOVER.subarray(0, 200);
  const s = summarize(1, cut, DISCOVER.length);
  assert.deepEqual([s.protocol, s.info], ['BOOTP', 'Boot Request from 00:0c:29:1f:74:06[Packet size limited during capture]']);
});
