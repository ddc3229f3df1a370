/**
 * LINKTYPE_PFLOG: OpenBSD pf's log header (struct pfloghdr: length, af, action, reason, ifname[16],
 * ruleset[16], rulenr, subrulenr, uid, pid, rule_uid, rule_pid, dir, …). The payload starts after the
 * header's own length byte rounded up to 4 — computed by the prologue into PFLOG_LINKPL_REG, as libpcap
 * 1.10 does. Protocol tests compare the address family byte (AF_INET 2, AF_INET6 10 as on Linux,
 * which is what libpcap compiles on this platform); other protocols never match.
 */
import { fixedEncap } from './fixed';
import {
  BPF_ABS, BPF_ADD, BPF_ALU, BPF_AND, BPF_B, BPF_K, BPF_LD, BPF_MISC, BPF_ST, BPF_TAX,
} from '../../../bpf/opcodes';
import type { Span } from '../../span';
import type { Encap, LowerSession, VarReg } from '../context';
import { constant, test, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { cmpEq, LINKTYPE } from './ncmp';

export const PFLOG_LINKPL_REG: VarReg = Object.freeze({ name: 'linkpl' });

/** Field offsets in struct pfloghdr. */
export const PFLOG = { AF: 1, ACTION: 2, REASON: 3, IFNAME: 4, RULESET: 20, RULENR: 36, SUBRULENR: 40, DIR: 60 } as const;
/** sizeof ifname / ruleset (each NUL-terminated, so at most 15 characters). */
export const PFLOG_NAME_SIZE = 16;

const ETHERTYPE_IP = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const AF_INET = 2;
const AF_INET6 = 10;

function pflogInitial(linkType: number): Encap {
  return fixedEncap(linkType, { linkType: 0, linkPl: { constant: 0, reg: PFLOG_LINKPL_REG }, nl: 0, nlNoSnap: 0 });
}

export function pflogLinkTypeTest(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  if (proto === ETHERTYPE_IP) return cmpEq(s, e, 'linkhdr', PFLOG.AF, 1, AF_INET, span);
  if (proto === ETHERTYPE_IPV6) return cmpEq(s, e, 'linkhdr', PFLOG.AF, 1, AF_INET6, span);
  return constant(s.cfg, false, span);
}

/** `inbound` / `outbound` on pflog: the header's direction byte (PF_IN 1, PF_OUT 2). */
export function pflogDirection(s: LowerSession, e: Encap, outbound: boolean, span?: Span): Frag {
  return cmpEq(s, e, 'linkhdr', PFLOG.DIR, 1, outbound ? 2 : 1, span);
}

/** The payload offset: `(hdr.length + 3) & ~3`. */
function pflogPrologue(s: LowerSession, slots: ReadonlyMap<VarReg, number>): Frag | null {
  const slot = slots.get(PFLOG_LINKPL_REG);
  if (slot === undefined) return null;
  const f = test(s.cfg, [
    { code: BPF_LD | BPF_B | BPF_ABS, k: 0 },
    { code: BPF_ALU | BPF_ADD | BPF_K, k: 3 },
    { code: BPF_ALU | BPF_AND | BPF_K, k: ~3 >>> 0 },
    { code: BPF_ST, k: slot },
    { code: BPF_MISC | BPF_TAX, k: 0 },
  ], 'jeq', 0);
  return { entry: f.entry, t: [...f.t, ...f.f], f: [] };
}

export const pflogSpec: LinkSpec = {
  linkTypes: [LINKTYPE.PFLOG],
  initial: (_s, lt) => pflogInitial(lt),
  linkTypeTest: pflogLinkTypeTest,
  prologue: pflogPrologue,
};
