import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFilter } from '../filter/compile';
import { compileDisplayFilter } from './compile';

test('lowers frame.len and outer Ethernet fields exactly; nothing above the link layer', () => {
  const cases: [string, string | undefined][] = [
    ['frame.len > 100', 'len > 100'],
    ['eth.dst == ff:ff:ff:ff:ff:ff', 'ether dst host ff:ff:ff:ff:ff:ff'],
    ['eth.addr != 00:11:22:33:44:55', 'not ether host 00:11:22:33:44:55'],
    ['eth.type == 0x0800', '(ether[12:2] >= 0x600 and ether[12:2] = 2048)'],
    ['eth.src[0:3] == 00:11:22', '(ether[6] = 0x00 and ether[7] = 0x11 and ether[8] = 0x22)'],
    ['eth.dst.ig == 1', 'ether[0] & 1 != 0'],
    ['not frame.len in {60, 100..200}', 'not (len = 60 or (len >= 100 and len <= 200))'],
    ['frame.len < 80 xor eth.type == 0x86dd', '((len < 80 and not (ether[12:2] >= 0x600 and ether[12:2] = 34525)) or (not len < 80 and (ether[12:2] >= 0x600 and ether[12:2] = 34525)))'],
    ['tcp.port == 443', undefined], // also matches TCP in an ICMP error, a VLAN, a tunnel
    ['ip.src == 10.0.0.0/8', undefined],
    ['udp', undefined],
    ['eth.dst == ff:ff:ff:ff:ff:ff and tcp', undefined],
    ['eth.src[0:3] == 00:11', undefined],
  ];
  for (const [text, bpf] of cases) {
    const f = compileDisplayFilter(text);
    assert.equal(f.bpfExpression, bpf, text);
    if (bpf !== undefined) assert.ok(compileFilter(bpf, { linkType: 1 }).length > 0, `libpcap syntax: ${bpf}`);
  }
});

test('Ethernet fields lower only for LINKTYPE_ETHERNET; frame.len for any', () => {
  assert.equal(compileDisplayFilter('eth.type == 0x0800').bpfExpressionFor(113), undefined);
  assert.equal(compileDisplayFilter('frame.len >= 64').bpfExpressionFor(113), 'len >= 64');
});
