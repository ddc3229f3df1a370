import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BpfParseError, formatInsn, formatProgram, parseDdd } from './disasm';
import { tcpdump } from './test/tcpdump';

const NETS = Array.from({ length: 60 }, (_, i) => `net 10.${i}.0.0/16 or host 192.168.${i}.1`).join(' or ');

/** [link type, expression, unoptimised (-O)] */
const CASES: [string, string, boolean?][] = [
  ['EN10MB', 'tcp port 80'],
  ['EN10MB', 'tcp port 80', true],
  ['EN10MB', 'host 10.0.0.1'],
  ['EN10MB', 'src net 192.168.0.0/16 and dst port 53'],
  ['EN10MB', 'portrange 1000-2000'],
  ['EN10MB', 'ip6 and host fe80::1'],
  ['EN10MB', 'icmp6'],
  ['EN10MB', 'ip6 protochain 6'],
  ['EN10MB', 'ip6 protochain 6', true],
  ['EN10MB', 'vlan and tcp'],
  ['EN10MB', 'vlan 100 and vlan 200 and udp'],
  ['EN10MB', 'mpls and ip'],
  ['EN10MB', 'tcp[tcpflags] & tcp-syn != 0'],
  ['EN10MB', 'tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn', true],
  ['EN10MB', 'ip[2:2] - ((ip[0]&0xf)<<2) > 40'],
  ['EN10MB', 'ip[2:2] - ((ip[0]&0xf)<<2) > 40', true],
  ['EN10MB', 'len > 100'],
  ['EN10MB', 'len <= 1500 and greater 60', true],
  ['EN10MB', 'ether multicast'],
  ['EN10MB', 'ether broadcast or ether host 01:02:03:04:05:06'],
  ['EN10MB', 'ip[0] % 3 = 1'],
  ['EN10MB', 'ip[0] ^ 1 = 2'],
  ['EN10MB', '- ip[0] = 1'],
  ['EN10MB', 'ip[0] * ip[1] / 3 = 1'],
  ['EN10MB', 'ip[0] * ip[1] / 3 = 1', true],
  ['EN10MB', 'ip[0] | ip[1] = 0xff and ip[2] >> 1 = 3 and ip[3] << ip[4] = 8', true],
  ['EN10MB', 'ip[0] - 1 = 0xffffffff and ip[1] + 4294967295 = 0'],
  ['EN10MB', 'tcp[ip[0] & 0xf] = 0 and udp[tcp[0]:4] = 1', true],
  ['EN10MB', 'arp or rarp or stp or (ip and not tcp)'],
  ['EN10MB', 'ip multicast or ip broadcast'],
  ['EN10MB', 'icmp[icmptype] = icmp-echo and ip[8] > 64'],
  ['EN10MB', 'ether[0] & 1 = 0 and ip[16] >= 224'],
  ['EN10MB', NETS],
  ['EN10MB', NETS, true],
  ['LINUX_SLL', 'tcp port 80 or udp port 53'],
  ['LINUX_SLL', 'ip6 protochain 6'],
  ['RAW', 'tcp[tcpflags] & tcp-syn != 0'],
  ['RAW', 'ip6 and icmp6', true],
  ['IEEE802_11_RADIO', 'tcp port 80'],
  ['IEEE802_11_RADIO', 'wlan type data and ether multicast'],
  ['IEEE802_11_RADIO', 'vlan and tcp', true],
  ['NULL', 'host 10.0.0.1 and udp'],
  ['NULL', 'not ip'],
];

for (const [lt, expr, unopt] of CASES) {
  const name = `${lt}${unopt ? ' -O' : ''}: ${expr.length > 60 ? `${expr.slice(0, 60)}…` : expr}`;
  test(`formatProgram matches tcpdump -d/-dd/-ddd, ${name}`, () => {
    const args = ['-y', lt, ...(unopt ? ['-O'] : [])];
    const ddd = tcpdump([...args, '-ddd', '--', expr]);
    const prog = parseDdd(ddd);
    assert.equal(formatProgram(prog, 'ddd'), ddd);
    assert.equal(formatProgram(prog, 'dd'), tcpdump([...args, '-dd', '--', expr]));
    assert.equal(formatProgram(prog, 'd'), tcpdump([...args, '-d', '--', expr]));
  });
}

test('the long program has ja instructions and more than 255 of them', () => {
  const prog = parseDdd(tcpdump(['-y', 'EN10MB', '-ddd', '--', NETS]));
  assert.ok(prog.filter((r) => r.code === 0x05).length > 255);
});

// Instructions no expression produces; the expected lines are what libpcap 1.10.3's bpf_image
// returns for them (called through ctypes on this machine).
test('formatInsn: rare and unknown instructions as libpcap prints them', () => {
  const cases: [number, number, number, number, number, string][] = [
    [0x81, 0, 0, 0, 0, '(000) unimp    0x81'],
    [0x20, 0, 0, 0xfffff000, 0, '(000) ld       [proto]'],
    [0x20, 0, 0, 0xfffff004, 0, '(000) ld       [type]'],
    [0x28, 0, 0, 0xfffff030, 0, '(000) ldh      [vlanp]'],
    [0x20, 0, 0, 0xfffff03c, 0, '(000) ld       [vlan_tpid]'],
    [0x20, 0, 0, 0xfffff040, 0, '(000) ld       [-4032]'],
    [0x20, 0, 0, 0xfffff002, 0, '(000) ld       [-4094]'],
    [0x40, 0, 0, 0xfffff000, 0, '(000) ld       [x + -4096]'],
    [0x06, 0, 0, 0xffffffff, 0, '(000) ret      #-1'],
    [0x05, 0, 0, 0xffffffff, 0, '(000) ja       0'],
    [0x05, 0, 0, 5, 0, '(000) ja       6'],
    [0x15, 1, 2, 3, 0, '(000) jeq      #0x3             jt 2\tjf 3'],
    [0x94, 0, 0, 7, 0, '(000) mod      #7'],
    [0xa4, 0, 0, 0xff, 0, '(000) xor      #0xff'],
    [0x9c, 0, 0, 0, 0, '(000) mod      x'],
    [0xac, 0, 0, 0, 0, '(000) xor      x'],
    [0x84, 0, 0, 0, 0, '(000) neg      '],
    [0x1d, 0, 0, 0, 0, '(000) jeq      x                jt 1\tjf 1'],
    [0xffff, 0, 0, 0, 0, '(000) unimp    0xffff'],
    [0x80, 0, 0, 0, 0, '(000) ld       #pktlen'],
    [0x18, 0, 0, 0, 0, '(000) unimp    0x18'],
    [0x04, 0, 0, 0xffffffff, 0, '(000) add      #-1'],
    [0x16, 0, 0, 0, 1234, '(1234) ret      '],
    [0x65, 3, 4, 9, 7, '(007) unimp    0x65             jt 11\tjf 12'],
  ];
  for (const [code, jt, jf, k, pc, want] of cases) {
    assert.equal(formatInsn({ code, jt, jf, k }, pc), want, `code 0x${code.toString(16)} k ${k}`);
  }
});

test('parseDdd names the bad line', () => {
  const bad: [string, number][] = [
    ['', 1],
    ['x\n', 1],
    ['2\n6 0 0 1\n', 3],
    ['1\n6 0 0 1\n6 0 0 1\n', 3],
    ['1\n6 0 0\n', 2],
    ['1\n6 0 256 1\n', 2],
    ['1\n65536 0 0 1\n', 2],
    ['1\n6 0 0 4294967296\n', 2],
    ['1\n6 0 0 -1\n', 2],
  ];
  for (const [text, line] of bad) {
    assert.throws(() => parseDdd(text), (e: unknown) => e instanceof BpfParseError && e.line === line
      && e.code === 'bpf-parse' && e.message.startsWith(`line ${line}:`), JSON.stringify(text));
  }
  assert.deepEqual(parseDdd('1\n6 0 0 262144\n\n'), [{ code: 6, jt: 0, jf: 0, k: 262144 }]);
});
