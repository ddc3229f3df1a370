/**
 * The per-compilation lowering session (LowerSession): the block allocator, the 16 scratch words
 * and the variable-offset registers. libpcap keeps these in compiler_state_t (regused, curreg,
 * off_*.reg); here they live in one object created per `lower()` call.
 */
import { BPF_MEMWORDS } from '../../bpf/opcodes';
import { FilterError } from '../../errors';
import { Cfg } from '../ir';
import type { Span } from '../span';
import type { LowerSession, VarReg } from './context';

export interface SessionOptions {
  readonly linkType: number;
  readonly snaplen: number;
}

export function createSession(opts: SessionOptions): LowerSession {
  const cfg = new Cfg();
  const used = new Array<boolean>(BPF_MEMWORDS).fill(false);
  let current = 0;
  const slots = new Map<VarReg, number>();
  const prologue = new Map<VarReg, number>();

  // libpcap alloc_reg: scan round-robin from the last register handed out.
  const allocScratch = (span?: Span): number => {
    for (let n = 0; n < BPF_MEMWORDS; n++) {
      if (!used[current]) {
        used[current] = true;
        return current;
      }
      current = (current + 1) % BPF_MEMWORDS;
    }
    throw new FilterError(
      'too-complex',
      `The expression needs more than ${BPF_MEMWORDS} scratch memory words; split it into simpler filters.`,
      span ?? [0, 0],
    );
  };

  let optimizerDisabled: string | null = null;
  return {
    cfg,
    get optimizerDisabled() {
      return optimizerDisabled;
    },
    disableOptimizer(reason: string): void {
      optimizerDisabled ??= reason;
    },
    linkType: opts.linkType,
    snaplen: opts.snaplen,
    allocScratch,
    freeScratch(slot: number): void {
      if (!Number.isInteger(slot) || slot < 0 || slot >= BPF_MEMWORDS || !used[slot]) {
        throw new Error(`internal: freeing scratch slot ${slot}, which is not allocated`);
      }
      used[slot] = false;
    },
    slotOf(reg: VarReg, span?: Span): number {
      const known = slots.get(reg);
      if (known !== undefined) return known;
      const slot = allocScratch(span);
      slots.set(reg, slot);
      prologue.set(reg, slot);
      return slot;
    },
    inlineSlot(reg: VarReg, span?: Span): number {
      if (slots.has(reg)) throw new Error(`internal: register '${reg.name}' already has a slot`);
      const slot = allocScratch(span);
      slots.set(reg, slot);
      return slot;
    },
    prologueRegs: () => prologue,
  };
}
