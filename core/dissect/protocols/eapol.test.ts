import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcpdump-tests/eapon1.pcap #17: eth:ethertype:eapol  EAPOL  Start (Version 802.1X-2001, Length 0)
const START = hexBytes('000cce88319a00042357a57a888e0101000000');
// libpcap-tests/filter/wpa2linkuppassphraseiswireshark.pcap #9 (radiotap, 802.11, LLC/SNAP 0x888e):
//   Sony_50:73:db → Cisco_70:18:d0 EAPOL 179 Key (Message 2 of 4)   Key Descriptor Type: EAPOL RSN Key (2)
const KEY2 = hexBytes(
  '000018006f0000008ae1ec6020b90300000c3c144001cca188013c00500f807018d04040a75073db500f807018d000000600aaaa03000000888e0103007502010a000000000000000000011b9717293f9d9d6979d94b36dbc9d83418bbce09f72edc1e1ae4fd79821ffda400000000000000000000000000000000000000000000000000000000000000002f8e7921e572afd75a7c898e625ffb43001630140100000fac040100000fac040100000fac023c00',
);

test('eapol: header of an EAPOL-Start', () => {
  const s = summarize(1, START, START.length);
  assert.deepEqual([s.protocol, s.info], ['EAPOL', 'Start']);
  const t = tree(1, START);
  assert.deepEqual(layers(t), ['eth', 'eapol']);
  const v = must(t, 'eapol.version');
  assert.deepEqual([v.label, v.offset, v.length], ['Version: 802.1X-2001 (1)', 14, 1]);
  assert.equal(must(t, 'eapol.len').label, 'Length: 0');
});

test('eapol: an RSN key frame names its 4-way handshake message', () => {
  const s = summarize(127, KEY2, KEY2.length);
  assert.deepEqual([s.protocol, s.info], ['EAPOL', 'Key (Message 2 of 4)']);
  assert.equal(must(tree(127, KEY2), 'eapol.keydes.type').label, 'Key Descriptor Type: EAPOL RSN Key (2)');
});

test('eapol: a truncated header is malformed, without an exception', () => {
  const cut = START.subarray(0, 16);
  assert.deepEqual(layers(tree(1, cut, START.length)), ['eth', 'eapol']);
});
