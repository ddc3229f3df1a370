/**
 * The code run before the filter proper on 802.11 captures (libpcap insert_compute_vloffsets and
 * gen_ppi_dlt_check):
 *
 * 1. the radio header's length, the offset of the 802.11 header, into its register:
 *    radiotap/PPI — the little-endian u16 at 2; AVS — the u32 at 4; Prism — 144, unless the first
 *    word says it is really an AVS header (cookie 0x80211000 under mask 0xfffff000);
 * 2. the offset of the 802.11 payload: header offset + 24, + 2 for QoS data frames, and on radiotap
 *    rounded up to 4 when the radiotap flags say the driver padded the header (Atheros datapad);
 * 3. on PPI, the whole filter is ANDed behind "the PPI DLT field is 105 (802.11)".
 *
 * libpcap writes the branches of (1) and (2) as jumps inside a statement list and then disables its
 * optimiser; here they are ordinary blocks. Every way out that continues into the filter is a hole
 * in `t` (none in `f`), so the driver may either patch both lists or `and` the prologue in front.
 */
import {
  BPF_ABS, BPF_ADD, BPF_ALU, BPF_AND, BPF_B, BPF_IMM, BPF_IND, BPF_K, BPF_LD, BPF_LDX, BPF_LSH, BPF_MEM,
  BPF_MISC, BPF_OR, BPF_ST, BPF_TAX, BPF_TXA, BPF_W, BPF_X,
} from '../../../bpf/opcodes';
import type { Block, Stmt } from '../../ir';
import type { LowerSession, VarReg } from '../context';
import { test, type Frag, type Hole } from '../frag';

export type RadioHeader = 'none' | 'radiotap' | 'prism' | 'avs' | 'ppi';

const DLT_IEEE802_11_SWAPPED = 0x69000000; // 105, little-endian in the PPI header
const AVS_COOKIE = 0x80211000;
const PRISM_HEADER_LEN = 144;

const ld = (code: number, k = 0): Stmt => ({ code, k: k >>> 0 });

function patch(holes: readonly Hole[], target: Block): void {
  for (const h of holes) {
    const exit = h.block.exit;
    if (exit.kind !== 'branch') throw new Error(`internal: hole in block ${h.block.id} is not a branch`);
    exit[h.side] = target;
  }
}

/** A block running `stmts` and then going on unconditionally: both of its edges are holes. */
function straight(s: LowerSession, stmts: Stmt[]): Frag {
  return test(s.cfg, stmts, 'jeq', 0);
}

const both = (f: Frag): Hole[] => [...f.t, ...f.f];

/** Statements leaving the radiotap/PPI header length (LE u16 at 2) in A. */
const leU16At2 = (): Stmt[] => [
  ld(BPF_LD | BPF_B | BPF_ABS, 3), ld(BPF_ALU | BPF_LSH | BPF_K, 8), ld(BPF_MISC | BPF_TAX),
  ld(BPF_LD | BPF_B | BPF_ABS, 2), ld(BPF_ALU | BPF_OR | BPF_X),
];

export function wlanPrologue(
  s: LowerSession, slots: ReadonlyMap<VarReg, number>, radio: RadioHeader, hdrReg: VarReg, plReg: VarReg,
): Frag | null {
  const plSlot = slots.get(plReg);
  let hdrSlot = slots.get(hdrReg);
  // The payload offset includes the radio header's length, so compute that too if it is variable.
  if (plSlot !== undefined && radio !== 'none' && hdrSlot === undefined) hdrSlot = s.allocScratch();

  let entry: Block | null = null;
  let open: Hole[] = []; // edges going to whatever comes next
  let stmts: Stmt[] = []; // straight-line code waiting for its block
  const cont: Hole[] = []; // edges into the filter
  const begin = (f: Frag): void => {
    if (entry === null) entry = f.entry;
    patch(open, f.entry);
    open = [];
  };

  if (hdrSlot !== undefined && radio !== 'none') {
    if (radio === 'prism') {
      s.disableOptimizer('libpcap does not optimise programs with its Prism/AVS header-length code');
      const cookie = test(s.cfg, [ld(BPF_LD | BPF_W | BPF_ABS, 0), ld(BPF_ALU | BPF_AND | BPF_K, 0xfffff000)],
        'jeq', AVS_COOKIE);
      begin(cookie);
      const avs = straight(s, [ld(BPF_LD | BPF_W | BPF_ABS, 4)]);
      const prism = straight(s, [ld(BPF_LD | BPF_IMM, PRISM_HEADER_LEN)]);
      patch(cookie.t, avs.entry);
      patch(cookie.f, prism.entry);
      open = [...both(avs), ...both(prism)];
    } else if (radio === 'avs') {
      stmts.push(ld(BPF_LD | BPF_W | BPF_ABS, 4));
    } else {
      stmts.push(...leU16At2());
    }
    stmts.push(ld(BPF_ST, hdrSlot), ld(BPF_MISC | BPF_TAX));
  }

  if (plSlot !== undefined) {
    s.disableOptimizer('libpcap does not optimise programs with its 802.11 header-length code');
    if (radio === 'none') stmts.push(ld(BPF_LDX | BPF_IMM, 0));
    stmts.push(ld(BPF_MISC | BPF_TXA), ld(BPF_ALU | BPF_ADD | BPF_K, 24), ld(BPF_ST, plSlot),
      ld(BPF_LD | BPF_IND | BPF_B, 0));
    const isData = test(s.cfg, stmts, 'jset', 0x08);
    stmts = [];
    begin(isData);
    const isCtl = test(s.cfg, [], 'jset', 0x04);
    const isQos = test(s.cfg, [], 'jset', 0x80);
    const addQos = straight(s, [ld(BPF_LD | BPF_MEM, plSlot), ld(BPF_ALU | BPF_ADD | BPF_K, 2), ld(BPF_ST, plSlot)]);
    patch(isData.t, isCtl.entry);
    cont.push(...isData.f, ...isCtl.t);
    patch(isCtl.f, isQos.entry);
    patch(isQos.t, addQos.entry);
    if (radio === 'radiotap') {
      // Atheros pads the 802.11 header to a multiple of 4 when radiotap flags carry DATAPAD (0x20).
      const flagsPresent = test(s.cfg, [ld(BPF_LD | BPF_W | BPF_ABS, 4)], 'jset', 0x02000000);
      const extPresent = test(s.cfg, [], 'jset', 0x00000080);
      const tsftPresent = test(s.cfg, [], 'jset', 0x01000000);
      const padAfterTsft = test(s.cfg, [ld(BPF_LD | BPF_B | BPF_ABS, 16)], 'jset', 0x20);
      const padNoTsft = test(s.cfg, [ld(BPF_LD | BPF_B | BPF_ABS, 8)], 'jset', 0x20);
      const roundUp = straight(s, [ld(BPF_LD | BPF_MEM, plSlot), ld(BPF_ALU | BPF_ADD | BPF_K, 3),
        ld(BPF_ALU | BPF_AND | BPF_K, ~3), ld(BPF_ST, plSlot)]);
      patch([...isQos.f, ...both(addQos)], flagsPresent.entry);
      patch(flagsPresent.t, extPresent.entry);
      patch(extPresent.f, tsftPresent.entry);
      patch(tsftPresent.t, padAfterTsft.entry);
      patch(tsftPresent.f, padNoTsft.entry);
      patch([...padAfterTsft.t, ...padNoTsft.t], roundUp.entry);
      cont.push(...flagsPresent.f, ...extPresent.t, ...padAfterTsft.f, ...padNoTsft.f, ...both(roundUp));
    } else {
      cont.push(...isQos.f, ...both(addQos));
    }
  } else if (stmts.length > 0 || open.length > 0) {
    const rest = straight(s, stmts);
    begin(rest);
    cont.push(...both(rest));
  }

  if (radio === 'ppi') {
    // gen_ppi_dlt_check, ANDed in front of everything: only 802.11 inside PPI is understood.
    const dlt = test(s.cfg, [ld(BPF_LD | BPF_W | BPF_ABS, 4)], 'jeq', DLT_IEEE802_11_SWAPPED);
    const reject = s.cfg.block([], { kind: 'ret', useA: false, k: 0 });
    patch(dlt.f, reject);
    if (entry === null) return { entry: dlt.entry, t: dlt.t, f: [] };
    patch(dlt.t, entry);
    return { entry: dlt.entry, t: cont, f: [] };
  }
  if (entry === null) return null;
  return { entry, t: cont, f: [] };
}
