/** Test helper: build small IR graphs by hand. */
import { Cfg, gotoExit, type Block, type BranchOp, type Stmt } from '../../ir';

export class G {
  readonly cfg = new Cfg();
  ret(k: number, stmts: Stmt[] = []): Block {
    return this.cfg.block(stmts, { kind: 'ret', useA: false, k });
  }
  retA(stmts: Stmt[] = []): Block {
    return this.cfg.block(stmts, { kind: 'ret', useA: true, k: 0 });
  }
  br(stmts: Stmt[], op: BranchOp, k: number, jt: Block, jf: Block, useX = false): Block {
    return this.cfg.block(stmts, { kind: 'branch', op, useX, k, jt, jf });
  }
  go(stmts: Stmt[], target: Block): Block {
    return this.cfg.block(stmts, gotoExit(target));
  }
}

export const S = {
  ldh: (k: number): Stmt => ({ code: 0x28, k }),
  ldb: (k: number): Stmt => ({ code: 0x30, k }),
  ld: (k: number): Stmt => ({ code: 0x20, k }),
  ldi: (k: number): Stmt => ({ code: 0x00, k }),
  ldxi: (k: number): Stmt => ({ code: 0x01, k }),
  ldhInd: (k: number): Stmt => ({ code: 0x48, k }),
  ldbInd: (k: number): Stmt => ({ code: 0x50, k }),
  msh: (k: number): Stmt => ({ code: 0xb1, k }),
  ldmem: (k: number): Stmt => ({ code: 0x60, k }),
  ldxmem: (k: number): Stmt => ({ code: 0x61, k }),
  st: (k: number): Stmt => ({ code: 0x02, k }),
  stx: (k: number): Stmt => ({ code: 0x03, k }),
  addK: (k: number): Stmt => ({ code: 0x04, k }),
  subK: (k: number): Stmt => ({ code: 0x14, k }),
  andK: (k: number): Stmt => ({ code: 0x54, k }),
  addX: (): Stmt => ({ code: 0x0c, k: 0 }),
  subX: (): Stmt => ({ code: 0x1c, k: 0 }),
  divX: (): Stmt => ({ code: 0x3c, k: 0 }),
  tax: (): Stmt => ({ code: 0x07, k: 0 }),
  txa: (): Stmt => ({ code: 0x87, k: 0 }),
};

/** An Ethernet-sized packet of zeros with some bytes set. */
export function pkt(len: number, set: Record<number, number> = {}): { data: Uint8Array; wireLen: number } {
  const data = new Uint8Array(len);
  for (const [o, v] of Object.entries(set)) data[Number(o)] = v;
  return { data, wireLen: len };
}
