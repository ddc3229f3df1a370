/**
 * Test helper: check that a pass (or the whole optimiser) keeps a program's meaning, on libpcap's
 * unoptimised programs lifted into IR, with packets aimed at their tests (seeded, so repeatable).
 */
import assert from 'node:assert/strict';
import type { RawInsn } from '../../../bpf/opcodes';
import { codegen } from '../../codegen';
import { Cfg, type Block } from '../../ir';
import { evalIr, type EvalPacket } from '../../ir-eval';
import { liftProgram } from '../../lift';
import type { Graph, Pass } from '../pass';
import { libpcapProgram, packetsFor } from './tcpdump';

/** Filters whose unoptimised programs exercise every pass (EN10MB). */
export const SAMPLE_EXPRS = [
  'ip', 'tcp port 80', 'host 10.0.0.1 and not port 22', 'tcp[13] == 2', 'ip6 and udp port 53',
  'tcp[tcpflags] & (tcp-syn|tcp-fin) != 0', 'icmp or arp', 'vlan and ip', 'ip[2:2] - ((ip[0]&0xf)<<2) > 40',
  'net 192.168.0.0/16 or net 10.0.0.0/8', 'portrange 1000-2000', 'len >= 100 and less 1000',
  'ether broadcast or ether multicast', 'tcp port 80 and (((ip[2:2] - ((ip[0]&0xf)<<2)) - ((tcp[12]&0xf0)>>2)) != 0)',
  'ip and (udp[8:4] = 0x12345678 or tcp[20:4] = 0x12345678)', 'udp[8] * 2 + 1 = 7', 'ip[1] / 3 = 2',
];

export interface Case {
  readonly expr: string;
  readonly unopt: RawInsn[];
  readonly packets: EvalPacket[];
}

export function loadCases(exprs: readonly string[] = SAMPLE_EXPRS, linktype = 'EN10MB'): Case[] {
  return exprs.map((expr, i) => {
    const unopt = libpcapProgram(linktype, expr, true);
    if (!unopt) throw new Error(`tcpdump rejects ${expr}`);
    return { expr, unopt, packets: packetsFor([unopt], 200, 1000 + i) };
  });
}

/** Run `passes` (in order, to a fixed point) on each case and check every packet's verdict. */
export function assertPreserves(passes: readonly Pass[], cases: readonly Case[]): void {
  for (const c of cases) {
    const cfg = new Cfg();
    const before = liftProgram(c.unopt, cfg);
    const g: Graph = { cfg, entry: liftProgram(c.unopt, cfg) };
    for (let round = 0; round < 50; round++) {
      let changed = false;
      for (const p of passes) changed = p.run(g) || changed;
      if (!changed) break;
    }
    const after: Block = g.entry;
    const emitted = liftProgram(codegen(after), cfg);
    for (const p of c.packets) {
      const want = evalIr(before, p);
      assert.equal(evalIr(after, p), want, `${c.expr}: verdict changed on a ${p.data.length}-byte packet`);
      assert.equal(evalIr(emitted, p), want, `${c.expr}: codegen changed a verdict`);
    }
  }
}
