import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// zeek-traces/igmp/igmp.pcap #1, tshark: IGMPv3  Membership Report / Join group 239.255.255.250 for any sources
//   (frame.protocols eth:ethertype:ip:igmp:igmp — Wireshark lists IGMP twice; Trawl lists it once)
const REPORT = hexBytes('01005e00001650dce7a2d895080046c0002800004000010241bbc0a80196e0000016940400002200ea030000000104000000effffffa');

test('igmp: v3 report with its group record', () => {
  const s = summarize(1, REPORT, REPORT.length);
  assert.deepEqual([s.protocol, s.info], ['IGMPv3', 'Membership Report / Join group 239.255.255.250 for any sources']);
  const t = tree(1, REPORT);
  assert.deepEqual(layers(t), ['eth', 'ip', 'igmp']);
  assert.equal(must(t, 'igmp.type').label, 'Type: Membership Report (0x22)');
  assert.equal(must(t, 'igmp.checksum').label, 'Checksum: 0xea03 [correct]');
  assert.equal(must(t, 'igmp.record_type').label, 'Record Type: Change To Exclude Mode (4)');
  const maddr = must(t, 'igmp.maddr');
  assert.deepEqual([maddr.label, maddr.offset, maddr.length], ['Multicast Address: 239.255.255.250', 50, 4]);
  assert.equal(must(t, 'ip.opt.ra').label, 'Router Alert: Router shall examine packet (0)');
});

test('igmp: a bad checksum is an expert item; a truncated record is cut short, no exception', () => {
  const bad = REPORT.slice();
  bad[41] ^= 1;
  const c = must(tree(1, bad), 'igmp.checksum');
  assert.match(c.label, /\[incorrect\]$/);
  assert.equal(c.expert?.severity, 'warn');
  const cut = REPORT.subarray(0, REPORT.length - 3);
  const s = summarize(1, cut, REPORT.length);
  assert.match(s.info, /\[Packet size limited during capture\]$/);
  assert.ok(tree(1, cut, REPORT.length).length > 0);
});
