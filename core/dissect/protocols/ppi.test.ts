import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

// http_PPI.pcap #2 (LINKTYPE_PPI), tshark -V: PPI version 0, 32 bytes / DLT: 105 / 802.11-Common:
//   Field type: 802.11-Common (2), Field length: 20, TSFT: 4090330774, Flags: 0x0001 (FCS present),
//   Rate: 24.0 Mbps, Channel frequency: 2422; IEEE 802.11 Acknowledgement, RA 00:14:a5:cb:6e:1a, FCS c25943c1
const ACK = hexBytes('000020006900000002001400967ecdf300000000010030007609c0000000bfa0d40000000014a5cb6e1ac25943c1');

test('ppi: header, 802.11-Common, then 802.11 without the FCS', () => {
  const t = tree(192, ACK);
  assert.deepEqual(layers(t), ['ppi', 'wlan']);
  assert.equal(t[1].label, 'PPI version 0, 32 bytes');
  assert.equal(must(t, 'ppi.dlt').label, 'DLT: 105');
  assert.equal(must(t, 'ppi.field_type').label, 'Field type: 802.11-Common (2)');
  const freq = must(t, 'ppi.80211-common.chan.freq');
  assert.deepEqual([freq.label, freq.offset, freq.length], ['Channel frequency: 2422', 24, 2]);
  assert.equal(must(t, 'ppi.80211-common.rate').label, 'Rate: 24.0 Mbps');
  assert.equal(must(t, 'ppi.80211-common.flags.fcs').label, '.... .... .... ...1 = FCS present flag: Present');
  assert.equal(t[2].length, 10);
  assert.equal(summarize(192, ACK, ACK.length).protocol, '802.11');
});

test('ppi: a header length below 8 is malformed; a field past the header is an expert item', () => {
  const bad = ACK.slice();
  bad[2] = 4;
  assert.equal(summarize(192, bad, bad.length).malformed, true);
  const long = ACK.slice();
  long[10] = 0x40; // field length 64 > header
  const t = tree(192, long);
  assert.ok(t[1].children?.some((c) => c.expert !== undefined));
  assert.equal(find(t, 'ppi.80211-common.tsft'), undefined);
});
