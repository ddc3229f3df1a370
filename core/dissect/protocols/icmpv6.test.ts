import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, must, summarize, tree } from '../test/packet';

// gateway_or_not.pcap #5: ICMPv6 Echo (ping) request id=0x000c, seq=225, hop limit=64
const ECHO6 = hexBytes(
  'aa000400140e080027e528d186dd60082e4000403a40fd00a1b2c3d400001020304050607081fd00e5f60000000000000000000000f38000797a000c00e1fcf6f468000000000536080000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
);

test('icmpv6: echo request', () => {
  assert.equal(summarize(1, ECHO6, ECHO6.length).info, 'Echo (ping) request id=0x000c, seq=225, hop limit=64');
  const t = tree(1, ECHO6);
  assert.equal(must(t, 'icmpv6.type').label, 'Type: Echo (ping) request (128)');
  assert.deepEqual([t[3].offset, t[3].length], [54, 8]);
});

test('icmpv6: neighbor solicitation names target and source link-layer address', () => {
  const ns = hexBytes(
    '3333ff000003001122334455' + '86dd' + '6000000000203aff' + 'fe800000000000000000000000000001' + 'ff0200000000000000000001ff000003' +
      '8700000000000000' + 'fe800000000000000000000000000003' + '0101001122334455',
  );
  assert.equal(summarize(1, ns, ns.length).info, 'Neighbor Solicitation for fe80::3 from 00:11:22:33:44:55');
});
