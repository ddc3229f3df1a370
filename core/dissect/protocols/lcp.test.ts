import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// pptp.pcap #16 (Ethernet / IPv4 / enhanced GRE 0x880b / PPP), tshark -V:
//   PPP Link Control Protocol / Code: Configuration Request (1) / Identifier: 0 (0x00) / Length: 44
//   Options: (40 bytes), Magic Number, Protocol Field Compression, Address and Control Field Compression, Callback,
//     Multilink MRRU, Multilink Endpoint Discriminator
//   Magic Number: 0x021952cf; Operation: Location is determined during CBCP negotiation (6); MRRU: 1614; Class: Locally assigned address (1)
const CONF_REQ = hexBytes(
  '0800209f6b7200000000000008004500005003bc0000802f20ad0a01010b0a01010a3001880b0030000000000000ff03c0210100002c0506021952cf070208020d03061104064e13170129f76a9077f1472c835247f271d656070000000c',
);
// pppoes.pcap #1: Echo Request, Identifier 106 (0x6a), Length 12, Magic Number 0xa4cbea34, Data 0ee2f609
const ECHO = hexBytes('000218030007000423a95d8e886411000017000ec021096a000ca4cbea340ee2f609');

test('lcp: a configuration request with its options, under GRE and PPP', () => {
  const t = tree(1, CONF_REQ);
  assert.deepEqual(layers(t), ['eth', 'ip', 'gre', 'ppp', 'lcp']);
  assert.deepEqual([must(t, 'ppp.code').label, must(t, 'ppp.identifier').label, must(t, 'ppp.length').label], [
    'Code: Configuration Request (1)', 'Identifier: 0 (0x00)', 'Length: 44',
  ]);
  const opts = t[5].children?.find((c) => c.label.startsWith('Options'));
  assert.equal(opts?.label, 'Options: (40 bytes), Magic Number, Protocol Field Compression, Address and Control Field Compression, Callback, Multilink MRRU, Multilink Endpoint Discriminator');
  const magic = must(t, 'lcp.opt.magic_number');
  assert.deepEqual([magic.label, magic.offset, magic.length], ['Magic Number: 0x021952cf', 56, 4]);
  assert.equal(must(t, 'lcp.opt.operation').label, 'Operation: Location is determined during CBCP negotiation (6)');
  assert.equal(must(t, 'lcp.opt.mrru').label, 'MRRU: 1614');
  assert.deepEqual([must(t, 'lcp.opt.data').offset, must(t, 'lcp.opt.data').length], [74, 20]);
  const s = summarize(1, CONF_REQ, CONF_REQ.length);
  assert.deepEqual([s.protocol, s.info], ['PPP LCP', 'Configuration Request']);
});

test('lcp: echo request magic number and data, over PPPoE', () => {
  const t = tree(1, ECHO);
  assert.deepEqual(layers(t), ['eth', 'pppoes', 'ppp', 'lcp']);
  assert.equal(must(t, 'lcp.magic_number').label, 'Magic Number: 0xa4cbea34');
  assert.deepEqual([must(t, 'lcp.data').offset, must(t, 'lcp.data').length], [30, 4]);
  assert.deepEqual([summarize(1, ECHO, ECHO.length).protocol, summarize(1, ECHO, ECHO.length).info], ['PPP LCP', 'Echo Request']);
});

test('lcp: a bad option length is an expert item; a length below the header is malformed', () => {
  const bad = CONF_REQ.slice();
  bad[55] = 1; // the magic number option says 1 byte
  const t = tree(1, bad);
  assert.ok(t[5].children?.some((c) => c.expert?.message.startsWith('Invalid length for option Magic Number')));
  const short = ECHO.slice();
  short[25] = 2; // LCP length 2
  assert.equal(summarize(1, short, short.length).malformed, true);
});
