/**
 * The encapsulation keywords: `vlan [id]`, `mpls [label]`, `pppoed`, `pppoes [session]`,
 * `geneve [vni]`. Each tests for its header and returns the Encap that every term to its right is
 * lowered in, shifted exactly as libpcap shifts its offsets (gen_vlan, gen_mpls, gen_pppoes,
 * gen_geneve). libpcap mutates hidden compiler state here; Trawl returns the next context.
 */
import {
  BPF_ADD, BPF_ALU, BPF_AND, BPF_B, BPF_H, BPF_IMM, BPF_IND, BPF_K, BPF_LD, BPF_LDX, BPF_MEM, BPF_MISC, BPF_MUL,
  BPF_ST, BPF_STX, BPF_TAX, BPF_TXA, BPF_X,
} from '../../bpf/opcodes';
import { FilterError } from '../../errors';
import type { KeywordPrimitive } from '../ast';
import type { Stmt } from '../ir';
import type { Span } from '../span';
import type { AbsOffset, Encap, LowerSession, VarReg } from './context';
import { and, not, or, patch, seq, test, type Frag } from './frag';
import { cmp, loadXIpHdrLen, offsetVarPart } from './load';
import { linkTypeTest } from './link-type-test';
import { linkTypeDescription, LT } from './links/link-types';
import { ETHERTYPE } from './links/llc-sap';
import { PPP_PROTO } from './links/ppp';

export interface EncapResult {
  readonly frag: Frag;
  readonly encap: Encap;
}

type EncapNode = Extract<KeywordPrimitive, { kind: 'vlan' | 'mpls' | 'pppoes' | 'geneve' | 'pppoed' }>;

const shift = (off: AbsOffset, by: number): AbsOffset => ({ constant: off.constant + by, reg: off.reg });

/** Link types gen_vlan accepts (without the Linux BPF VLAN extensions, as for a capture file). */
const VLAN_LINKS: ReadonlySet<number> = new Set([
  LT.EN10MB, LT.NETANALYZER, LT.NETANALYZER_TRANSPARENT,
  LT.IEEE802_11, LT.PRISM_HEADER, LT.IEEE802_11_RADIO_AVS, LT.IEEE802_11_RADIO,
]);

/** Link types gen_mpls finds an MPLS-over-link type on. */
const MPLS_LINKS: ReadonlyMap<number, number> = new Map([
  [LT.C_HDLC, ETHERTYPE.MPLS], [LT.EN10MB, ETHERTYPE.MPLS], [LT.NETANALYZER, ETHERTYPE.MPLS],
  [LT.NETANALYZER_TRANSPARENT, ETHERTYPE.MPLS], [LT.PPP, PPP_PROTO.MPLS_UCAST],
]);

function checkMax(what: string, value: number, max: number, span: Span): void {
  if (value > max) throw new FilterError('value-out-of-range', `${what} ${value} greater than maximum ${max}`, span);
}

/** gen_vlan (gen_vlan_no_bpf_extensions): an 802.1Q, 802.1ad or QinQ tag, optionally with this VLAN id. */
export function lowerVlan(s: LowerSession, e: Encap, id: number | undefined, span: Span): EncapResult {
  if (e.labelStackDepth > 0) throw new FilterError('unsupported-encapsulation', 'no VLAN match after MPLS', span);
  if (!VLAN_LINKS.has(e.linkType)) {
    throw new FilterError('unsupported-on-link-type', `no VLAN support for ${linkTypeDescription(e.linkType)}`, span);
  }
  if (id !== undefined) checkMax('VLAN tag', id, 0x0fff, span);
  let b = or(linkTypeTest(s, e, ETHERTYPE.VLAN_8021Q, span), linkTypeTest(s, e, ETHERTYPE.VLAN_8021AD, span));
  b = or(b, linkTypeTest(s, e, ETHERTYPE.VLAN_QINQ, span));
  // gen_vlan_vid_test reads the tag at the network layer (link payload + off_nl), not after the type
  // field: the same bytes on Ethernet, but link payload + 8 on 802.11, as libpcap does.
  if (id !== undefined) b = and(b, cmp(s, e, 'linkpl', 0, 2, 'jeq', id, 0x0fff, span));
  if (e.offLinkType === null) throw new Error(`internal: VLAN on link type ${e.linkType} without a type field`);
  return {
    frag: b,
    encap: { ...e, offLinkPl: shift(e.offLinkPl, 4), offLinkType: shift(e.offLinkType, 4) },
  };
}

/** gen_mpls: MPLS over the link (or, inside MPLS, not the bottom of the stack), optionally with this label. */
export function lowerMpls(s: LowerSession, e: Encap, label: number | undefined, span: Span): EncapResult {
  let b: Frag;
  if (e.labelStackDepth > 0) {
    // Another label follows the previous one: its bottom-of-stack bit is clear.
    b = cmp(s, e, 'prevmpls', 2, 1, 'jeq', 0, 0x01, span);
  } else {
    const type = MPLS_LINKS.get(e.linkType);
    if (type === undefined) {
      throw new FilterError('unsupported-on-link-type', `no MPLS support for ${linkTypeDescription(e.linkType)}`, span);
    }
    b = linkTypeTest(s, e, type, span);
  }
  if (label !== undefined) {
    checkMax('MPLS label', label, 0xfffff, span);
    // The label is the top 20 bits of the 32-bit entry.
    b = and(b, cmp(s, e, 'linkpl', 0, 4, 'jeq', (label << 12) >>> 0, 0xfffff000, span));
  }
  return {
    frag: b,
    encap: { ...e, offNl: e.offNl + 4, offNlNoSnap: e.offNlNoSnap + 4, labelStackDepth: e.labelStackDepth + 1 },
  };
}

/** gen_pppoed: a PPPoE discovery packet. Nothing shifts. */
export function lowerPppoed(s: LowerSession, e: Encap, span: Span): EncapResult {
  return { frag: linkTypeTest(s, e, ETHERTYPE.PPPOED, span), encap: e };
}

/** gen_pppoes: a PPPoE session packet, optionally this session; what follows is PPP. */
export function lowerPppoes(s: LowerSession, e: Encap, session: number | undefined, span: Span): EncapResult {
  let b = linkTypeTest(s, e, ETHERTYPE.PPPOES, span);
  if (session !== undefined) {
    checkMax('PPPoE session number', session, 0xffff, span);
    b = and(b, cmp(s, e, 'linkpl', 0, 4, 'jeq', session, 0x0000ffff, span));
  }
  // PUSH_LINKHDR(DLT_PPP): the PPP protocol field sits 6 bytes into the PPPoE header.
  const linkHdr: AbsOffset = { constant: e.offLinkPl.constant + e.offNl + 6, reg: e.offLinkPl.reg };
  return {
    frag: b,
    encap: {
      ...e,
      prevLinkType: e.linkType,
      offPrevLinkHdr: e.offLinkHdr,
      linkType: LT.PPP,
      offLinkHdr: linkHdr,
      offLinkType: linkHdr,
      offLinkPl: shift(linkHdr, 2),
      offNl: 0,
      offNlNoSnap: 0,
      isGeneve: false,
    },
  };
}

const GENEVE_PORT = 6081;
const IPPROTO_UDP = 17;

/** gen_geneve_check: UDP to the Geneve port (not a later fragment), version 0, optionally this VNI. */
function geneveCheck(s: LowerSession, e: Encap, v6: boolean, vni: number | undefined, span: Span): Frag {
  const tran = v6 ? 'tran-ipv6' : 'tran-ipv4';
  let b: Frag;
  if (v6) {
    b = and(cmp(s, e, 'linkpl', 6, 1, 'jeq', IPPROTO_UDP, undefined, span), cmp(s, e, tran, 2, 2, 'jeq', GENEVE_PORT, undefined, span));
  } else {
    const notLaterFragment = not(cmp(s, e, 'linkpl', 6, 2, 'jset', 0x1fff, undefined, span));
    b = and(and(cmp(s, e, 'linkpl', 9, 1, 'jeq', IPPROTO_UDP, undefined, span), notLaterFragment),
      cmp(s, e, tran, 2, 2, 'jeq', GENEVE_PORT, undefined, span));
  }
  b = and(linkTypeTest(s, e, v6 ? ETHERTYPE.IPV6 : ETHERTYPE.IP, span), b);
  b = and(b, cmp(s, e, tran, 8, 1, 'jeq', 0, 0xc0, span));
  if (vni !== undefined) b = and(b, cmp(s, e, tran, 12, 4, 'jeq', (vni << 8) >>> 0, 0xffffff00, span));
  return b;
}

/**
 * gen_geneve: Geneve over UDP over IPv4 or IPv6; what follows is the encapsulated frame, whose
 * offsets are computed at run time into three scratch words (the EtherType, the inner link header
 * and the inner payload). When the Geneve protocol type is Transparent Ethernet Bridging the inner
 * frame is Ethernet and the offsets skip its header; otherwise the EtherType in the Geneve header
 * itself is the type field.
 */
export function lowerGeneve(s: LowerSession, e: Encap, vni: number | undefined, span: Span): EncapResult {
  if (vni !== undefined) checkMax('Geneve VNI', vni, 0xffffff, span);
  const cfg = s.cfg;
  // Both checks end with A = the IP header length (+ the payload's run-time offset), as libpcap's
  // "jeq x" always-true blocks carry it.
  const v4 = and(geneveCheck(s, e, false, vni, span),
    test(cfg, [...loadXIpHdrLen(s, e, span), { code: BPF_MISC | BPF_TXA, k: 0 }], 'jeq', 0, span, true));
  const varPart = offsetVarPart(s, e.offLinkPl, span);
  const len6: Stmt[] = varPart.length === 0
    ? [{ code: BPF_LD | BPF_IMM, k: 40 }]
    : [...varPart, { code: BPF_LD | BPF_IMM, k: 40 }, { code: BPF_ALU | BPF_ADD | BPF_X, k: 0 }];
  const v6 = and(geneveCheck(s, e, true, vni, span), test(cfg, [...len6, { code: BPF_MISC | BPF_TAX, k: 0 }], 'jeq', 0, span, true));
  const matched = or(v4, v6);

  const linkTypeReg: VarReg = { name: 'geneve-linktype' };
  const linkHdrReg: VarReg = { name: 'geneve-linkhdr' };
  const linkPlReg: VarReg = { name: 'geneve-linkpl' };
  const mLinkType = s.inlineSlot(linkTypeReg, span);
  const mLinkHdr = s.inlineSlot(linkHdrReg, span);
  const mLinkPl = s.inlineSlot(linkPlReg, span);

  // X = start of the Geneve header; M[linktype] = its protocol type field; M[linkhdr] = end of it.
  const header = test(cfg, [
    { code: BPF_ALU | BPF_ADD | BPF_K, k: e.offLinkPl.constant + e.offNl + 8 },
    { code: BPF_MISC | BPF_TAX, k: 0 },
    { code: BPF_ALU | BPF_ADD | BPF_K, k: 2 },
    { code: BPF_ST, k: mLinkType },
    { code: BPF_LD | BPF_IND | BPF_B, k: 0 },
    { code: BPF_ALU | BPF_AND | BPF_K, k: 0x3f },
    { code: BPF_ALU | BPF_MUL | BPF_K, k: 4 },
    { code: BPF_ALU | BPF_ADD | BPF_K, k: 8 },
    { code: BPF_ALU | BPF_ADD | BPF_X, k: 0 },
    { code: BPF_ST, k: mLinkHdr },
    { code: BPF_LD | BPF_IND | BPF_H, k: 2 },
    { code: BPF_LDX | BPF_MEM, k: mLinkHdr },
  ], 'jeq', ETHERTYPE.TEB, span);
  // Transparent Ethernet Bridging: the type field and payload follow an inner Ethernet header.
  const ether = test(cfg, [
    { code: BPF_MISC | BPF_TXA, k: 0 },
    { code: BPF_ALU | BPF_ADD | BPF_K, k: 12 },
    { code: BPF_ST, k: mLinkType },
    { code: BPF_ALU | BPF_ADD | BPF_K, k: 2 },
    { code: BPF_MISC | BPF_TAX, k: 0 },
  ], 'jeq', 0, span);
  // X = start of the inner payload either way; store it. Always true.
  const store = test(cfg, [{ code: BPF_STX, k: mLinkPl }, { code: BPF_LD | BPF_IMM, k: 0 }], 'jeq', 0, span);
  patch(header.t, ether.entry);
  patch(header.f, store.entry);
  const joined: Frag = { entry: header.entry, t: seq(ether, store).t, f: store.f };

  return {
    frag: and(matched, joined),
    encap: {
      ...e,
      prevLinkType: e.linkType,
      offPrevLinkHdr: e.offLinkHdr,
      linkType: LT.EN10MB,
      offLinkHdr: { constant: 0, reg: linkHdrReg },
      offLinkType: { constant: 0, reg: linkTypeReg },
      offLinkPl: { constant: 0, reg: linkPlReg },
      offNl: 0,
      isGeneve: true,
    },
  };
}

/** Lower any encapsulation keyword. */
export function lowerEncapsulation(s: LowerSession, e: Encap, node: EncapNode): EncapResult {
  switch (node.kind) {
    case 'vlan': return lowerVlan(s, e, node.value, node.span);
    case 'mpls': return lowerMpls(s, e, node.value, node.span);
    case 'pppoed': return lowerPppoed(s, e, node.span);
    case 'pppoes': return lowerPppoes(s, e, node.value, node.span);
    case 'geneve': return lowerGeneve(s, e, node.value, node.span);
  }
}
