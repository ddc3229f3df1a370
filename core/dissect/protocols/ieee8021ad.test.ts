import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldCells } from '../test/field-cells';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcpdump-tests/arp-too-long-tha.pcap #1, tshark -V:
//   IEEE 802.1ad, ID: 48
//     001. .... .... .... = Priority: 1
//     ...1 .... .... .... = DEI: 1
//     .... 0000 0011 0000 = ID: 48
//     Type: ARP (0x0806)
//   Protocols eth:ethertype:ieee8021ad:ethertype:arp; tshark -T fields ieee8021ad.priority=1 dei=1 id=48
const STAG = hexBytes('ffffffffffff02000000000188a83030' + '0806' + '0001080006040001020000000001303030300000000000003030303030303030303030303030303030303030');

test('ieee8021ad: S-tag fields, byte ranges and handoff by the inner EtherType', () => {
  const t = tree(1, STAG);
  assert.deepEqual(layers(t), ['eth', 'ieee8021ad', 'arp']);
  assert.equal(t[2].label, 'IEEE 802.1ad, ID: 48');
  assert.deepEqual([t[2].offset, t[2].length], [14, 4]);
  assert.equal(must(t, 'ieee8021ad.priority').label, '001. .... .... .... = Priority: 1');
  assert.equal(must(t, 'ieee8021ad.dei').label, '...1 .... .... .... = DEI: 1');
  assert.equal(must(t, 'ieee8021ad.id').label, '.... 0000 0011 0000 = ID: 48');
  assert.deepEqual(fieldCells(1, STAG, ['ieee8021ad.priority', 'ieee8021ad.dei', 'ieee8021ad.id', 'frame.protocols']), {
    'ieee8021ad.priority': '1',
    'ieee8021ad.dei': '1',
    'ieee8021ad.id': '48',
    'frame.protocols': 'eth:ethertype:ieee8021ad:ethertype:arp',
  });
});

test('ieee8021ad: unknown inner type names the protocol by number; Info as Wireshark writes it', () => {
  // tshark: Protocol 0x1234, Info "PRI: 5  DROP: 0 ID: 100"
  const bytes = hexBytes('ffffffffffff02000000000188a8a0641234' + '00'.repeat(46));
  const s = summarize(1, bytes, bytes.length);
  assert.deepEqual([s.protocol, s.info], ['0x1234', 'PRI: 5  DROP: 0 ID: 100']);
});

test('ieee8021ad: a tag cut short is limited during capture, never an exception', () => {
  const s = summarize(1, STAG.subarray(0, 16), STAG.length);
  assert.equal(s.malformed, false);
  assert.match(s.info, /\[Packet size limited during capture\]$/);
});
