/**
 * The explicit encapsulation context of lowering: where each header starts for the term being
 * lowered. libpcap keeps these as hidden compiler state that `vlan`, `mpls`, `pppoes` and `geneve`
 * mutate for everything parsed after them; Trawl threads an immutable `Encap` through the terms left
 * to right, in source order, so the shift is visible in the code: a primitive takes an Encap and an
 * encapsulation keyword returns the next one.
 *
 * Field names follow gencode.c's cstate offsets so the two can be read side by side.
 */
import type { Cfg } from '../ir';
import type { Span } from '../span';

/**
 * An offset from the start of the packet: a constant, plus (when `reg` is set) a value computed at
 * run time into scratch memory — a radiotap/PPI/Prism/AVS or 802.11 header length, or a Geneve
 * header length (libpcap's bpf_abs_offset with is_variable).
 */
export interface AbsOffset {
  readonly constant: number;
  readonly reg: VarReg | null;
}

/**
 * A variable part of an offset: computed once, before the filter proper, into a scratch slot that
 * is allocated on first use (libpcap allocates off_linkpl.reg lazily the same way).
 */
export interface VarReg {
  /** What the register holds, e.g. 'linkpl' or 'linkhdr'; for the `--stage ir` dump. */
  readonly name: string;
}

export interface Encap {
  /** The link type whose header starts at offLinkHdr (EN10MB inside Geneve). */
  readonly linkType: number;
  /** The capture's link type. */
  readonly outermostLinkType: number;
  readonly offLinkHdr: AbsOffset;
  /** The previous link header (the outer one, e.g. SLL around… or the Geneve-encapsulating one). */
  readonly offPrevLinkHdr: AbsOffset | null;
  readonly prevLinkType: number | null;
  /** Where the link-layer type field (EtherType or equivalent) sits; null when there is none. */
  readonly offLinkType: AbsOffset | null;
  /** Start of the link-layer payload. */
  readonly offLinkPl: AbsOffset;
  /** Network-layer header offset from the link payload (8 after LLC/SNAP on 802.x, else 0). */
  readonly offNl: number;
  /** The same when there is no SNAP header (e.g. 3 for LLC-only). */
  readonly offNlNoSnap: number;
  /** MPLS labels seen so far (libpcap's label_stack_depth). */
  readonly labelStackDepth: number;
  /** Inside `geneve` (libpcap's is_geneve). */
  readonly isGeneve: boolean;
  /** Link-specific fixed offsets (libpcap: off_li, off_sio, off_opc, off_dpc, off_sls for MTP2/3;
   *  off_vpi, off_vci, off_proto, off_payload for SunATM), null where the link has none. */
  readonly link: LinkOffsets;
}

export interface LinkOffsets {
  readonly li: number | null;
  readonly liHsl: number | null;
  readonly sio: number | null;
  readonly opc: number | null;
  readonly dpc: number | null;
  readonly sls: number | null;
  readonly vpi: number | null;
  readonly vci: number | null;
  readonly proto: number | null;
  readonly payload: number | null;
}

/**
 * Per-compilation lowering state that is not about encapsulation: the CFG allocator, scratch
 * memory, the variable-offset registers in use, and the options. Passed explicitly to every lowering
 * function; there is no module-level state.
 */
export interface LowerSession {
  readonly cfg: Cfg;
  /** The capture's link type (LINKTYPE_ number as stored in files). */
  readonly linkType: number;
  /** `ret #snaplen` on accept (libpcap: 262144). */
  readonly snaplen: number;
  /**
   * A free scratch word (0..15), chosen round-robin from the last one handed out as libpcap's
   * alloc_reg does; throws FilterError 'too-complex' (at `span`) when none is left.
   */
  allocScratch(span?: Span): number;
  freeScratch(slot: number): void;
  /** The scratch slot holding `reg`'s value, allocating it (and scheduling its computation) on first use. */
  slotOf(reg: VarReg, span?: Span): number;
  /**
   * A slot for a register the lowering computes in line, where it is set (Geneve's inner offsets),
   * rather than in the link spec's prologue. Later `slotOf(reg)` returns the same slot.
   */
  inlineSlot(reg: VarReg, span?: Span): number;
  /** The registers `slotOf` allocated that the prologue must compute, with their slots, in allocation order. */
  prologueRegs(): ReadonlyMap<VarReg, number>;
  /**
   * Keep the optimiser away from this program, where libpcap does (cstate->no_optimize): its 802.11
   * header-length and Prism/AVS code. Optimising would drop loads whose failure on a short packet
   * rejects it, so the kept packets would differ from libpcap's. `reason` is for `--stage ir`.
   */
  disableOptimizer(reason: string): void;
  /** Why the optimiser must not run, or null. */
  readonly optimizerDisabled: string | null;
}

/** No link-specific offsets (libpcap's OFFSET_NOT_SET everywhere). */
export const NO_LINK_OFFSETS: LinkOffsets = Object.freeze({
  li: null, liHsl: null, sio: null, opc: null, dpc: null, sls: null,
  vpi: null, vci: null, proto: null, payload: null,
});

/** A constant offset (no run-time part). */
export const fixedOffset = (constant: number): AbsOffset => ({ constant, reg: null });

/*
 * Implemented by lower/load.ts (owned with the rest of the link layer), used by every lowering module:
 *
 *   export type OffsetRel = 'packet' | 'linkhdr' | 'prevlinkhdr' | 'llc' | 'prevmpls' | 'linktype'
 *                         | 'linkpl' | 'linkpl-nosnap' | 'tran-ipv4' | 'tran-ipv6';
 *   loadA(s, e, rel, offset, size): Stmt[]              // gen_load_a: value left in A
 *   cmp(s, e, rel, offset, size, op, value, mask?, span?): Frag   // gen_cmp / gen_mcmp (mask → and #mask first)
 *       op: 'jeq' | 'jgt' | 'jge' | 'jset' | 'jlt' | 'jle' (jlt/jle are jge/jgt negated, as gen_cmp_lt/le)
 *
 * and by lower/link-type-test.ts:
 *   linkTypeTest(s, e, proto, span?): Frag              // gen_linktype: EtherType (≥ 0x600) or LLC SAP
 */
