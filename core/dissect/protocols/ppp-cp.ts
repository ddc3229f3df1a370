/**
 * The shape PPP's control protocols share (RFC 1661 §5): code, identifier, length, then options (Configure-*)
 * or a code's own data. LCP, IPCP and IPV6CP describe their options as data (`CpOption`) and call
 * `dissectControlProtocol`. Wireshark: packet-ppp.c (dissect_cp and the per-option dissectors).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { hex } from '../format';

/** Codes of LCP (RFC 1661, 1570); the Network Control Protocols use 1–7 of them. */
export const CP_CODES: Readonly<Record<number, string>> = {
  1: 'Configuration Request', 2: 'Configuration Ack', 3: 'Configuration Nak', 4: 'Configuration Reject', 5: 'Termination Request',
  6: 'Termination Ack', 7: 'Code Reject', 8: 'Protocol Reject', 9: 'Echo Request', 10: 'Echo Reply', 11: 'Discard Request',
  12: 'Identification', 13: 'Time Remaining',
};

/** One value inside an option, after its type and length bytes. */
export interface CpValue {
  field: string;
  kind: 'u8' | 'u16' | 'u32' | 'ipv4' | 'bytes';
  /** Bytes; `bytes` takes the rest of the option. */
  size?: number;
}

export interface CpOption {
  name: string;
  values: readonly CpValue[];
}

export interface ControlProtocol {
  /** Field prefix: `lcp`, `ipcp`, `ipv6cp` (`<prefix>.opt.type`, `<prefix>.opt.length`). */
  prefix: string;
  options: Readonly<Record<number, CpOption>>;
  /** Field for option bytes the table does not describe (none: they stay inside the option's item). */
  unknownData?: string;
  /** Codes this protocol uses (LCP all 13, the NCPs 1–7). */
  maxCode: number;
  /** Code-specific bodies beyond options (LCP's echo, discard, protocol reject …). */
  body?(view: ByteView, ctx: DissectContext, code: number, end: number): void;
}

const OPTION_HEADER = 2;
const CP_HEADER = 4;

/** Dissect the control packet at the start of `view`; returns its length. */
export function dissectControlProtocol(view: ByteView, ctx: DissectContext, cp: ControlProtocol): number {
  const code = view.u8(0);
  const identifier = view.u8(1);
  const length = view.u16(2);
  const t = ctx.layer;
  if (ctx.building) {
    t.add('ppp.code', 0, 1, code);
    t.add('ppp.identifier', 1, 1, identifier);
    t.add('ppp.length', 2, 2, length);
  }
  ctx.cols.info = code <= cp.maxCode ? (CP_CODES[code] ?? `Unknown (${hex(code, 2)})`) : `Unknown (${hex(code, 2)})`;
  if (length < CP_HEADER) {
    ctx.expert('error', `Length ${length} is less than the control protocol header (4 bytes)`, 2, 2);
    ctx.malformed('control protocol length below its header');
    return CP_HEADER;
  }
  const end = Math.min(length, view.reportedLength);
  if (code >= 1 && code <= 4) {
    if (end > CP_HEADER) dissectOptions(view, ctx, cp, CP_HEADER, end);
  } else if (cp.body !== undefined) {
    cp.body(view, ctx, code, end);
  }
  view.check(0, end); // a packet cut short of its length is truncated
  return length;
}

function dissectOptions(view: ByteView, ctx: DissectContext, cp: ControlProtocol, start: number, end: number): void {
  const names: string[] = [];
  let group: Item | undefined;
  if (ctx.building) group = ctx.layer.text(`Options: (${end - start} bytes)`, start, end - start);
  let off = start;
  while (off < end) {
    const type = view.u8(off);
    const len = view.u8(off + 1);
    const opt = cp.options[type];
    const name = opt?.name ?? `Unknown (${type})`;
    if (len < OPTION_HEADER || off + len > end) {
      ctx.expert('error', `Invalid length for option ${name}: ${len}`, off, Math.max(0, end - off));
      break;
    }
    names.push(name);
    if (group !== undefined) addOption(view, group, cp, off, len, type, name, opt);
    else view.check(off, len);
    off += len;
  }
  if (group !== undefined) group.setLabel(`Options: (${end - start} bytes), ${names.join(', ')}`);
}

function addOption(
  view: ByteView, group: Item, cp: ControlProtocol, off: number, len: number, type: number, name: string, opt: CpOption | undefined,
): void {
  const o = group.text(name, off, len);
  o.add(`${cp.prefix}.opt.type`, off, 1, type, `Type: ${name} (${type})`);
  o.add(`${cp.prefix}.opt.length`, off + 1, 1, len);
  let at = off + OPTION_HEADER;
  const end = off + len;
  for (const v of opt?.values ?? []) {
    if (at >= end) break;
    const size = v.kind === 'bytes' ? end - at : (v.size ?? 0);
    if (at + size > end) break;
    o.add(v.field, at, size, readValue(view, v, at, size));
    at += size;
  }
  if (opt === undefined && at < end && cp.unknownData !== undefined) o.add(cp.unknownData, at, end - at, view.slice(at, end - at));
}

function readValue(view: ByteView, v: CpValue, at: number, size: number): number | Uint8Array {
  switch (v.kind) {
    case 'u8':
      return view.u8(at);
    case 'u16':
      return view.u16(at);
    case 'u32':
      return view.u32(at);
    case 'ipv4':
    case 'bytes':
      return view.slice(at, size);
  }
}

export const U8 = (field: string): CpValue => ({ field, kind: 'u8', size: 1 });
export const U16 = (field: string): CpValue => ({ field, kind: 'u16', size: 2 });
export const U32 = (field: string): CpValue => ({ field, kind: 'u32', size: 4 });
export const IPV4 = (field: string): CpValue => ({ field, kind: 'ipv4', size: 4 });
export const REST = (field: string): CpValue => ({ field, kind: 'bytes' });
