import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES_DIR } from '../../scripts/shared-captures';
import { assemble, type Insn } from './insn';
import { compileJit, compileJitAt, jitSource } from './jit';
import type { RawInsn } from './opcodes';
import { createVm, type BpfFilter } from './vm';
import { prng, randomPacket, validProgram } from './test/gen';
import { compileWithTcpdump, tcpdumpBytes } from './test/tcpdump';

const prog = (...insns: Insn[]): RawInsn[] => insns.map(assemble);
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

test('VM semantics: bounds, lengths, division, shifts, unsigned arithmetic (as libpcap bpf_filter)', () => {
  const pkt = bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
  const cases: [string, RawInsn[], number][] = [
    ['ld [16] is the last word', prog({ kind: 'ld-abs', size: 4, off: 16 }, { kind: 'ret-a' }), 0x11121314],
    ['ld [17] runs past the captured bytes', prog({ kind: 'ld-abs', size: 4, off: 17 }, { kind: 'ret-a' }), 0],
    ['ancillary load drops', prog({ kind: 'ld-abs', size: 4, off: 0xfffff000 }, { kind: 'ret-k', val: 1 }), 0],
    ['X + k does not wrap', prog({ kind: 'ldx-imm', val: 0xffffffff }, { kind: 'ld-ind', size: 1, off: 2 }, { kind: 'ret-k', val: 1 }), 0],
    ['ld [x + 18] half', prog({ kind: 'ldx-imm', val: 1 }, { kind: 'ld-ind', size: 2, off: 17 }, { kind: 'ret-a' }), 0x1314],
    ['msh', prog({ kind: 'ldx-msh', off: 0 }, { kind: 'txa' }, { kind: 'ret-a' }), 4],
    ['msh past the end', prog({ kind: 'ldx-msh', off: 20 }, { kind: 'ret-k', val: 1 }), 0],
    ['len is the wire length', prog({ kind: 'ld-len' }, { kind: 'ret-a' }), 100],
    ['ldx len', prog({ kind: 'ldx-len' }, { kind: 'txa' }, { kind: 'ret-a' }), 100],
    ['div by X = 0 drops', prog({ kind: 'ld-imm', val: 5 }, { kind: 'alu-x', op: 'div' }, { kind: 'ret-k', val: 1 }), 0],
    ['mod by X = 0 drops', prog({ kind: 'ld-imm', val: 5 }, { kind: 'alu-x', op: 'mod' }, { kind: 'ret-k', val: 1 }), 0],
    ['lsh by X = 33 is 0', prog({ kind: 'ld-imm', val: 1 }, { kind: 'ldx-imm', val: 33 }, { kind: 'alu-x', op: 'lsh' }, { kind: 'ret-a' }), 0],
    ['rsh by X = 32 is 0', prog({ kind: 'ld-imm', val: 0x80000000 }, { kind: 'ldx-imm', val: 32 }, { kind: 'alu-x', op: 'rsh' }, { kind: 'ret-a' }), 0],
    ['lsh #31', prog({ kind: 'ld-imm', val: 3 }, { kind: 'alu-k', op: 'lsh', val: 31 }, { kind: 'ret-a' }), 0x80000000],
    ['sub wraps', prog({ kind: 'ld-imm', val: 0 }, { kind: 'alu-k', op: 'sub', val: 1 }, { kind: 'ret-a' }), 0xffffffff],
    ['mul wraps', prog({ kind: 'ld-imm', val: 0x10001 }, { kind: 'alu-k', op: 'mul', val: 0x10001 }, { kind: 'ret-a' }), 0x20001],
    ['div is unsigned', prog({ kind: 'ld-imm', val: 0xffffffff }, { kind: 'alu-k', op: 'div', val: 2 }, { kind: 'ret-a' }), 0x7fffffff],
    ['neg', prog({ kind: 'ld-imm', val: 1 }, { kind: 'neg' }, { kind: 'ret-a' }), 0xffffffff],
    ['jgt is unsigned', prog({ kind: 'ld-imm', val: 0x80000000 }, { kind: 'jcond-k', cond: 'jgt', val: 1, skipTrue: 0, skipFalse: 1 }, { kind: 'ret-k', val: 7 }, { kind: 'ret-k', val: 0 }), 7],
    ['scratch starts at 0 (after a store elsewhere)', prog({ kind: 'st', slot: 1 }, { kind: 'ld-mem', slot: 1 }, { kind: 'ret-a' }), 0],
    ['ret #-1', prog({ kind: 'ret-k', val: 0xffffffff }), 0xffffffff],
  ];
  for (const [name, p, want] of cases) {
    assert.equal(createVm(p)(pkt, 100), want, `VM: ${name}`);
    assert.equal(compileJit(p)(pkt, 100), want, `JIT: ${name}`);
  }
});

test('VM never throws on valid programs, and the JIT agrees with it on every packet', () => {
  const r = prng(2024);
  const packets = Array.from({ length: 64 }, () => randomPacket(r));
  let accepted = 0;
  for (let i = 0; i < 1000; i++) {
    const p = validProgram(r, i % 10 === 0 ? 300 : 40);
    const vm = createVm(p);
    const jit = compileJit(p);
    for (let j = 0; j < 16; j++) {
      const { packet, wire } = packets[r.int(packets.length)];
      const want = vm(packet, wire);
      if (want !== 0) accepted++;
      const got = jit(packet, wire);
      if (got !== want) assert.fail(`program ${i} on a ${packet.length}-byte packet: JIT ${got}, VM ${want}\n${jitSource(p)}`);
    }
  }
  assert.ok(accepted > 2000, `random programs accept often enough to mean something (${accepted})`);
});

test('compileJitAt sees only its packet inside a larger buffer, and agrees with compileJit', () => {
  const r = prng(77);
  for (let i = 0; i < 300; i++) {
    const p = validProgram(r, i % 10 === 0 ? 300 : 40);
    const jit = compileJit(p);
    const at = compileJitAt(p);
    for (let j = 0; j < 8; j++) {
      const { packet, wire } = randomPacket(r);
      // The packet between random bytes: loads past its end must still miss.
      const before = r.int(40);
      const buf = new Uint8Array(before + packet.length + 64).map(() => r.int(256));
      buf.set(packet, before);
      assert.equal(at(buf, before, packet.length, wire), jit(packet, wire), `program ${i}, packet of ${packet.length} bytes at ${before}`);
    }
  }
});

test('the JIT falls back to a dispatch loop for programs with many jump targets', () => {
  const n = 4096;
  const p: RawInsn[] = [];
  for (let i = 0; i < n - 1; i++) p.push({ code: 0x15, jt: Math.min(255, n - 2 - i), jf: Math.min(7, n - 2 - i), k: i & 0xff });
  p.push({ code: 0x06, jt: 0, jf: 0, k: 9 });
  assert.match(jitSource(p), /switch \(pc\)/);
  const vm = createVm(p);
  const jit = compileJit(p);
  const r = prng(5);
  for (let i = 0; i < 50; i++) {
    const { packet, wire } = randomPacket(r);
    assert.equal(jit(packet, wire), vm(packet, wire));
  }
});

interface Capture { packets: { data: Uint8Array; wire: number }[] }

/** A classic pcap file (either byte order, µs or ns), read by hand. */
function readPcap(buf: Uint8Array): Capture {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = dv.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  assert.ok(le || dv.getUint32(0, false) === 0xa1b2c3d4 || dv.getUint32(0, false) === 0xa1b23c4d, 'a pcap file');
  const packets: Capture['packets'] = [];
  for (let off = 24; off + 16 <= buf.length;) {
    const caplen = dv.getUint32(off + 8, le);
    const wire = dv.getUint32(off + 12, le);
    packets.push({ data: buf.subarray(off + 16, off + 16 + caplen), wire });
    off += 16 + caplen;
  }
  return { packets };
}

const FILES = [
  'zeek-traces/erspan.pcap', 'zeek-traces/mixed-vlan-mpls.pcap', 'zeek-traces/cisco-fabric-path.pcap',
  'tcpdump-tests/dcb_ets.pcap', 'zeek-traces/dns-edns-ecs.pcap', 'tcpdump-tests/babel_update_oobr.pcap',
  'zeek-traces/tcp/truncated-header.pcap',
];
const EXPRS: [string, boolean?][] = [
  ['tcp port 80'], ['udp'], ['ip6'], ['vlan and tcp'], ['tcp[tcpflags] & tcp-syn != 0'],
  ['ip[2:2] - ((ip[0]&0xf)<<2) > 40', true], ['len > 100'], ['ether multicast'], ['icmp or icmp6'],
  ['ip[0] * ip[1] / 3 = 1', true], ['mpls and ip'], ['tcp[20:4] = 0x47455420 or udp[8] & 0x80 != 0'],
];

function accepted(filter: BpfFilter, cap: Capture): Uint8Array[] {
  return cap.packets.filter((p) => filter(p.data, p.wire) !== 0).map((p) => p.data);
}

test('VM and JIT verdicts equal tcpdump -r on real captures', () => {
  for (const file of FILES) {
    const path = join(CAPTURES_DIR, file);
    const cap = readPcap(new Uint8Array(readFileSync(path)));
    for (const [expr, unopt] of EXPRS) {
      const p = compileWithTcpdump('EN10MB', expr, unopt);
      const out = readPcap(tcpdumpBytes(['-r', path, '-w', '-', '--', expr])).packets.map((x) => x.data);
      const where = `${file}, ${expr}`;
      assert.deepEqual(accepted(createVm(p), cap), out, `VM: ${where}`);
      assert.deepEqual(accepted(compileJit(p), cap), out, `JIT: ${where}`);
    }
  }
});
