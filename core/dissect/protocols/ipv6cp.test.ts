import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// RFC 5072 Configure-Request with Interface-Identifier 0211:22ff:fe33:4455, framed by PPP (0x8057).
const CONF_REQ = hexBytes('ff038057' + '0105000e' + '010a021122fffe334455');

test('ipv6cp: the interface identifier option', () => {
  const t = tree(9, CONF_REQ);
  assert.deepEqual(layers(t), ['ppp', 'ipv6cp']);
  const id = must(t, 'ipv6cp.interface_identifier');
  assert.deepEqual([id.label, id.offset, id.length], ['Interface Identifier: 021122fffe334455', 10, 8]);
  const s = summarize(9, CONF_REQ, CONF_REQ.length);
  assert.deepEqual([s.protocol, s.info], ['PPP IPV6CP', 'Configuration Request']);
  assert.equal(summarize(9, CONF_REQ.subarray(0, 10), 40).malformed, false);
});
