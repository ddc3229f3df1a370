/**
 * The 802.2 LLC control field as Wireshark's xdlc.c decodes it: U frames are one byte, I and S frames two
 * (little-endian, N(S) in the first byte, N(R) and the P/F bit in the second). Part of `llc`.
 */
import type { ByteView } from '../byte-view';
import type { Item } from '../context';
import { hex } from '../format';

export const LLC_S_FUNCS: Readonly<Record<number, string>> = { 0: 'Receiver ready', 1: 'Receiver not ready', 2: 'Reject', 3: 'Selective reject' };
const S_SHORT: readonly string[] = ['RR', 'RNR', 'REJ', 'SREJ'];

/** U-frame modifiers (control & 0xec, shifted down by 2) of commands and of responses: [short, long]. */
const U_CMD: Readonly<Record<number, readonly [string, string]>> = {
  0x00: ['UI', 'Unnumbered Information'], 0x08: ['UP', 'Unnumbered Poll'], 0x10: ['DISC', 'Disconnect'], 0x18: ['UA', 'Unnumbered Acknowledge'],
  0x20: ['SNRM', 'Set Normal Response Mode'], 0x21: ['FRMR', 'Frame reject'], 0x2b: ['XID', 'Exchange identification'], 0x38: ['TEST', 'Test'],
  0x33: ['SNRME', 'Set Normal Response Mode Extended'], 0x23: ['RESET', 'Reset'], 0x01: ['SIM', 'Set Initialization Mode'],
  0x03: ['SARM', 'Set Asynchronous Response Mode'], 0x0b: ['SABM', 'Set Asynchronous Balanced Mode'],
  0x13: ['SARME', 'Set Asynchronous Response Mode Extended'], 0x1b: ['SABME', 'Set Asynchronous Balanced Mode Extended'],
  0x31: ['CFGR', 'Configure'], 0x3b: ['BCN', 'Beacon'],
};
const U_RESP: Readonly<Record<number, readonly [string, string]>> = {
  ...U_CMD,
  0x01: ['RIM', 'Request Initialization Mode'], 0x03: ['DM', 'Disconnected mode'], 0x10: ['RD', 'Request Disconnect'],
};
const longNames = (t: Readonly<Record<number, readonly [string, string]>>): Record<number, string> =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v[1]]));
export const LLC_U_CMDS = longNames(U_CMD);
export const LLC_U_RESPS = longNames(U_RESP);

export interface LlcControl {
  /** 1 (U) or 2 (I, S) bytes. */
  readonly length: number;
  readonly isI: boolean;
  /** An Unnumbered Information frame (what SNAP and most SAPs ride in). */
  readonly isUi: boolean;
  /** The Info text: `U, func=UI`, `I P, N(R)=1, N(S)=2`, `S F, func=RR, N(R)=3`. */
  readonly info: string;
  addTo(t: Item): void;
}

export function decodeLlcControl(view: ByteView, rel: number, isResponse: boolean): LlcControl {
  const b0 = view.u8(rel);
  const pfWord = isResponse ? ' F' : ' P';
  const pfField = isResponse ? 'llc.control.f' : 'llc.control.p';
  if ((b0 & 3) === 3) {
    const mod = (b0 & 0xec) >> 2;
    const names = (isResponse ? U_RESP : U_CMD)[mod];
    const pf = (b0 & 0x10) !== 0;
    const short = names?.[0] ?? 'Unknown';
    const info = `U${pf ? pfWord : ''}, func=${short}`;
    return {
      length: 1,
      isI: false,
      isUi: mod === 0,
      info,
      addTo(t) {
        const c = t.add('llc.control', rel, 1, b0, `Control field: ${info} (${hex(b0, 2)})`);
        c.add(isResponse ? 'llc.control.u_modifier_resp' : 'llc.control.u_modifier_cmd', rel, 1, mod, undefined, b0);
        if (pf) c.add(pfField, rel, 1, true, undefined, b0);
        c.add('llc.control.ftype', rel, 1, 3, undefined, b0);
      },
    };
  }
  const word = view.u16le(rel);
  const nr = word >> 9;
  const pf = (word & 0x0100) !== 0;
  const isI = (b0 & 1) === 0;
  const sfunc = (b0 & 0x0c) >> 2;
  const info = isI ? `I${pf ? pfWord : ''}, N(R)=${nr}, N(S)=${(word & 0xfe) >> 1}` : `S${pf ? pfWord : ''}, func=${S_SHORT[sfunc]}, N(R)=${nr}`;
  return {
    length: 2,
    isI,
    isUi: false,
    info,
    addTo(t) {
      const c = t.add('llc.control', rel, 2, word, `Control field: ${info} (${hex(word, 4)})`);
      c.add('llc.control.n_r', rel, 2, nr, undefined, word);
      if (isI) c.add('llc.control.n_s', rel, 2, (word & 0xfe) >> 1, undefined, word);
      if (pf) c.add(pfField, rel, 2, true, `${isResponse ? 'Final' : 'Poll'}: Set`);
      if (!isI) c.add('llc.control.s_ftype', rel, 2, sfunc, undefined, word);
      c.add('llc.control.ftype', rel, 2, isI ? 0 : 1, isI ? 'Frame type: Information frame (0x0)' : 'Frame type: Supervisory frame (0x1)');
    },
  };
}
