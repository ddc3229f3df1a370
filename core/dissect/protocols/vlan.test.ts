import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// simpleauth-diff-port.pcap #1: eth:ethertype:vlan:ethertype:ip:tcp, tshark -n:
//   TCP 10.0.0.1 → 10.0.0.2  25936 → 32681 [SYN] Seq=414901193 Win=8190 Len=0 MSS=1460 WS=32 SACK_PERM
const TAGGED = hexBytes(
  '2c6bf5d617cc2c6bf5d617c5810000320800450000347c0c4000fb0668290a0000010a00000265507fa918bae3c90000000080021ffed2090000020405b40103030501010402',
);

test('vlan: tag fields and handoff', () => {
  const s = summarize(1, TAGGED, TAGGED.length);
  assert.equal(s.info, '25936 → 32681 [SYN] Seq=414901193 Win=8190 Len=0 MSS=1460 WS=32 SACK_PERM');
  const t = tree(1, TAGGED);
  assert.deepEqual(layers(t), ['eth', 'vlan', 'ip', 'tcp']);
  assert.equal(t[2].label, '802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 50');
  assert.deepEqual([t[2].offset, t[2].length], [14, 4]);
  assert.equal(must(t, 'vlan.id').label, '.... 0000 0011 0010 = ID: 50');
  assert.ok(t[0].children?.some((c) => c.label === '[Protocols in frame: eth:ethertype:vlan:ethertype:ip:tcp]'));
});

test('vlan: a length instead of a type hands off to LLC (tshark: eth:ethertype:vlan:llc:data)', () => {
  // tshark -T fields: vlan.len=48; Info "I, N(R)=0, N(S)=0; DSAP NULL LSAP Individual, SSAP NULL LSAP Command"
  const bytes = hexBytes('ffffffffffff020000000001810000640030' + '0000' + '0000' + '00'.repeat(44));
  const t = tree(1, bytes);
  assert.deepEqual(layers(t), ['eth', 'vlan', 'llc', 'data']);
  assert.equal(must(t, 'vlan.len').label, 'Length: 48');
  const s = summarize(1, bytes, bytes.length);
  assert.deepEqual([s.protocol, s.info], ['LLC', 'I, N(R)=0, N(S)=0; DSAP NULL LSAP Individual, SSAP NULL LSAP Command']);
});

test('vlan: 802.1ad outer tag (0x88a8) is Wireshark 4.0\'s ieee8021ad, not vlan', () => {
  const qinq = TAGGED.slice();
  qinq[12] = 0x88;
  qinq[13] = 0xa8;
  assert.deepEqual(layers(tree(1, qinq)), ['eth', 'ieee8021ad', 'ip', 'tcp']);
});
