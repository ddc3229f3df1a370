/**
 * gencode.c's gen_protochain: `protochain N` walks the header chain from the IPv4 protocol field
 * or the IPv6 next-header field — over IPv6 hop-by-hop, destination-options, routing and fragment
 * headers (IPv6 only) and AH headers — and matches when a header of type N is found before the
 * chain ends (no-next-header, or a type it cannot step over).
 *
 * libpcap emits this as a loop with a backward jump, which classic BPF cannot run. Here the loop is
 * unrolled MAX_HEADERS times in straight-line code, with libpcap's exact steps in each copy
 * (including its AH step, which sets X to the AH length alone rather than adding it), so verdicts
 * match for any packet whose chain has at most MAX_HEADERS headers before the one sought; a longer
 * chain is rejected.
 */
import {
  BPF_ABS, BPF_ADD, BPF_ALU, BPF_B, BPF_IMM, BPF_IND, BPF_K, BPF_LD, BPF_LDX, BPF_MEM, BPF_MISC, BPF_MSH, BPF_MUL, BPF_ST,
  BPF_TAX, BPF_TXA, BPF_X,
} from '../../bpf/opcodes';
import { FilterError } from '../../errors';
import type { CheckedPrimitive } from '../ast';
import { gotoExit, type Stmt } from '../ir';
import type { Span } from '../span';
import type { Encap, LowerSession } from './context';
import { and, not, or, prepend, test, type Frag } from './frag';
import { linkTypeTest } from './link-type-test';
import { ETHERTYPE } from './links/llc-sap';

type ProtochainNode = Extract<CheckedPrimitive, { kind: 'protochain' }>;

/** Headers stepped over before giving up. */
export const MAX_HEADERS = 8;

const IPPROTO_NONE = 59;
const IPPROTO_AH = 51;
/** Hop-by-hop, destination options, routing, fragment: the IPv6 headers with a (len + 1) * 8 length. */
const IPV6_EXT = [0, 60, 43, 44] as const;

/** A block that runs `stmts` and continues at `target`'s entry; it leaves no holes. */
function stepTo(s: LowerSession, stmts: Stmt[], target: Frag, span: Span): Frag {
  return { entry: s.cfg.block(stmts, gotoExit(target.entry), span), t: [], f: [] };
}

function chainFor(s: LowerSession, e: Encap, v: number, family: 'ip' | 'ip6', span: Span): Frag {
  if (e.offLinkPl.reg !== null || e.isGeneve) {
    throw new FilterError('unsupported', "'protochain' not supported with variable length headers", span);
  }
  const nl = e.offLinkPl.constant + e.offNl;
  const reg = s.allocScratch(span);
  const ldb = (k: number): Stmt => ({ code: BPF_LD | BPF_IND | BPF_B, k: nl + k });
  const alu = (op: number, k: number): Stmt => ({ code: BPF_ALU | op | BPF_K, k });
  // IPv6 extension header: next = P[X], X += (P[X + 1] + 1) * 8.
  const advance6: Stmt[] = [
    ldb(0), { code: BPF_ST, k: reg }, ldb(1), alu(BPF_ADD, 1), alu(BPF_MUL, 8),
    { code: BPF_ALU | BPF_ADD | BPF_X, k: 0 }, { code: BPF_MISC | BPF_TAX, k: 0 }, { code: BPF_LD | BPF_MEM, k: reg },
  ];
  // AH, as libpcap 1.10 steps over it: next = P[X], X = (P[X + 1] + 2) * 4.
  const advanceAh: Stmt[] = [
    { code: BPF_MISC | BPF_TXA, k: 0 }, ldb(0), { code: BPF_ST, k: reg }, { code: BPF_MISC | BPF_TXA, k: 0 },
    alu(BPF_ADD, 1), { code: BPF_MISC | BPF_TAX, k: 0 }, ldb(0), alu(BPF_ADD, 2), alu(BPF_MUL, 4),
    { code: BPF_MISC | BPF_TAX, k: 0 }, { code: BPF_LD | BPF_MEM, k: reg },
  ];
  const jeq = (k: number): Frag => test(s.cfg, [], 'jeq', k, span);

  let next: Frag = jeq(v);
  for (let i = 1; i < MAX_HEADERS; i++) {
    const ah = and(jeq(IPPROTO_AH), stepTo(s, [...advanceAh], next, span));
    let body = ah;
    if (family === 'ip6') {
      const [a, b, c, d] = IPV6_EXT.map(jeq) as [Frag, Frag, Frag, Frag];
      const ext = and(or(a, or(b, or(c, d))), stepTo(s, [...advance6], next, span));
      body = or(ext, ah);
    }
    const here = or(jeq(v), and(not(jeq(IPPROTO_NONE)), body));
    next = { entry: here.entry, t: [...here.t, ...next.t], f: [...here.f, ...next.f] };
  }
  s.freeScratch(reg);
  // A = the first protocol field (absolute: X is not set yet); X = where the next header starts.
  const start: Stmt[] = family === 'ip'
    ? [{ code: BPF_LD | BPF_ABS | BPF_B, k: nl + 9 }, { code: BPF_LDX | BPF_MSH | BPF_B, k: nl }]
    : [{ code: BPF_LD | BPF_ABS | BPF_B, k: nl + 6 }, { code: BPF_LDX | BPF_IMM, k: 40 }];
  const ethertype = family === 'ip' ? ETHERTYPE.IP : ETHERTYPE.IPV6;
  return and(linkTypeTest(s, e, ethertype, span), prepend(next, start));
}

export function lowerProtochain(s: LowerSession, e: Encap, node: ProtochainNode): Frag {
  const { value: v, span } = node;
  switch (node.under) {
    case 'ip': return chainFor(s, e, v, 'ip', span);
    case 'ip6': return chainFor(s, e, v, 'ip6', span);
    case 'default': return or(chainFor(s, e, v, 'ip', span), chainFor(s, e, v, 'ip6', span));
  }
}
