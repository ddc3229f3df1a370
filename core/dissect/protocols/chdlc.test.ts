import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// HDLC.pcap #7 (LINKTYPE_C_HDLC), tshark: "10.0.0.1 → 10.0.0.2 ICMP Echo (ping) request id=0x0000, seq=0/0, ttl=255"
//   Cisco HDLC / Address: Unicast (0x0f) / Control: 0x00 / Protocol: IP (0x0800)
const IP = hexBytes(
  '0f0008004500006400000000ff01a7960a0000010a0000020800320b000000000000000000034c3cabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd',
);

test('chdlc: address, control, protocol, then IPv4', () => {
  const t = tree(104, IP);
  assert.deepEqual(layers(t), ['chdlc', 'ip', 'icmp', 'data']);
  assert.equal(must(t, 'chdlc.address').label, 'Address: Unicast (0x0f)');
  const p = must(t, 'chdlc.protocol');
  assert.deepEqual([p.label, p.offset, p.length], ['Protocol: IP (0x0800)', 2, 2]);
  const s = summarize(104, IP, IP.length);
  assert.deepEqual([s.protocol, s.source], ['ICMP', '10.0.0.1']);
});

test('chdlc: an unregistered protocol (CDP 0x2000) is data with N/A addresses; 3 bytes are truncated', () => {
  const cdp = hexBytes('8f002000' + '02b4');
  const s = summarize(104, cdp, cdp.length);
  assert.deepEqual([s.protocol, s.source, s.destination], ['0x2000', 'N/A', 'N/A']);
  assert.deepEqual(layers(tree(104, cdp)), ['chdlc', 'data']);
  assert.match(summarize(104, cdp.subarray(0, 3), 10).info, /Packet size limited during capture/);
});
