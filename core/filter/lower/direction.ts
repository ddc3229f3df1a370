/**
 * `inbound` / `outbound` and `ifindex N`: gencode.c's gen_inbound and gen_ifindex. Link types whose
 * header records the direction (or the interface) test the header. Everywhere else the program asks
 * the Linux kernel (ancillary loads SKF_AD_PKTTYPE / SKF_AD_IFINDEX), as libpcap compiles it for a
 * live or dead handle on Linux: right for live capture; over a file such a load finds no data and the
 * packet does not match, exactly as pcap_offline_filter decides.
 */
import { BPF_ABS, BPF_H, BPF_LD, BPF_W, SKF_AD_OFF } from '../../bpf/opcodes';
import type { KeywordPrimitive } from '../ast';
import type { Encap, LowerSession } from './context';
import { not, test, type Frag } from './frag';
import { LT } from './links/link-types';
import { cmp } from './load';

type InOutNode = Extract<KeywordPrimitive, { kind: 'inbound' | 'outbound' }>;
type IfindexNode = Extract<KeywordPrimitive, { kind: 'ifindex' }>;

/** LINUX_SLL_OUTGOING (= PACKET_OUTGOING), the packet type of a packet this host sent. */
const SLL_OUTGOING = 4;
/** Linux ancillary data offsets (linux/filter.h). */
const SKF_AD_PKTTYPE = 4;
const SKF_AD_IFINDEX = 8;

export function lowerInOutbound(s: LowerSession, e: Encap, node: InOutNode): Frag {
  const inbound = node.kind === 'inbound';
  const c = (offset: number, size: 1 | 2, value: number): Frag => cmp(s, e, 'linkhdr', offset, size, 'jeq', value, undefined, node.span);
  switch (e.linkType) {
    case LT.SLIP: {
      // libpcap tests only "link[0] == SLIPDIR_IN": any other direction byte counts as outbound.
      const in_ = c(0, 1, 0);
      return inbound ? in_ : not(in_);
    }
    case LT.IPNET:
      return c(2, 2, inbound ? 2 : 1); // IPNET_INBOUND / IPNET_OUTBOUND
    case LT.LINUX_SLL: {
      const out = c(0, 2, SLL_OUTGOING);
      return inbound ? not(out) : out;
    }
    case LT.LINUX_SLL2: {
      const out = c(10, 1, SLL_OUTGOING);
      return inbound ? not(out) : out;
    }
    case LT.PFLOG:
      return c(60, 1, inbound ? 1 : 2); // pfloghdr.dir: PF_IN / PF_OUT
    case LT.PPP_PPPD:
      return c(0, 1, inbound ? 0 : 1); // PPP_PPPD_IN / PPP_PPPD_OUT
    default: {
      // ldh [type]; jeq #PACKET_OUTGOING
      const out = test(s.cfg, [{ code: BPF_LD | BPF_H | BPF_ABS, k: (SKF_AD_OFF + SKF_AD_PKTTYPE) >>> 0 }], 'jeq', SLL_OUTGOING, node.span);
      return inbound ? not(out) : out;
    }
  }
}

export function lowerIfindex(s: LowerSession, e: Encap, node: IfindexNode): Frag {
  if (e.linkType === LT.LINUX_SLL2) return cmp(s, e, 'linkhdr', 4, 4, 'jeq', node.value, undefined, node.span);
  // ld [ifidx]
  return test(s.cfg, [{ code: BPF_LD | BPF_W | BPF_ABS, k: (SKF_AD_OFF + SKF_AD_IFINDEX) >>> 0 }], 'jeq', node.value, node.span);
}
