/**
 * SS7 keywords (libpcap gen_mtp2type_abbrev, gen_mtp3field_code):
 *
 * - `fisu`/`lssu`/`msu`: the MTP2 length indicator (6 bits) is 0, 1–2, or ≥3; the `h` forms use the
 *   9-bit LI of high-speed links (the u16 at liHsl, masked 0xff80, so values step by 0x80);
 * - `sio`/`opc`/`dpc`/`sls`: fields of the MTP3 routing label, with the values shuffled into the
 *   label's bit layout (point codes are 14 bits split across bytes, least significant first); the `h`
 *   forms sit 3 bytes further on (longer MTP2 HSL header).
 *
 * Relations follow grammar.y: `<`, `<=` are reversed `>=`, `>`; `!=` compiles as `=`, as libpcap does.
 */
import { FilterError } from '../../errors';
import type { KeywordPrimitive } from '../ast';
import type { Encap, LowerSession } from './context';
import { and, type Frag } from './frag';
import { MTP2_LINK_TYPES } from './links/mtp';
import { fieldValues, ncmp, unsupportedOnLink } from './links/ncmp';

type Mtp2Node = Extract<KeywordPrimitive, { kind: 'mtp2-type' }>;
type Mtp3Node = Extract<KeywordPrimitive, { kind: 'mtp3-field' }>;

export function lowerMtp2Type(s: LowerSession, e: Encap, node: Mtp2Node): Frag {
  const hsl = node.type.startsWith('h');
  if (!MTP2_LINK_TYPES.includes(e.linkType)) {
    throw unsupportedOnLink(`'${node.type}' supported only on ${hsl ? 'MTP2_HSL' : 'MTP2'} captures`, node.span);
  }
  const sp = node.span;
  if (!hsl) {
    const li = e.link.li!;
    const liCmp = (jtype: 'jeq' | 'jgt', reverse: boolean, v: number): Frag =>
      ncmp(s, e, 'packet', li, 1, 0x3f, jtype, reverse, v, sp);
    switch (node.type) {
      case 'fisu': return liCmp('jeq', false, 0);
      case 'lssu': {
        const b0 = liCmp('jgt', true, 2);
        const b1 = liCmp('jgt', false, 0);
        return and(b1, b0);
      }
      default: return liCmp('jgt', false, 2);
    }
  }
  const li = e.link.liHsl!;
  const liCmp = (jtype: 'jeq' | 'jgt', reverse: boolean, v: number): Frag =>
    ncmp(s, e, 'packet', li, 2, 0xff80, jtype, reverse, v, sp);
  switch (node.type) {
    case 'hfisu': return liCmp('jeq', false, 0);
    case 'hlssu': {
      const b0 = liCmp('jgt', true, 0x0100);
      const b1 = liCmp('jgt', false, 0);
      return and(b1, b0);
    }
    default: return liCmp('jgt', false, 0x0100);
  }
}

const MAX = { sio: 255, opc: 16383, dpc: 16383, sls: 15 } as const;

export function lowerMtp3Field(s: LowerSession, e: Encap, node: Mtp3Node): Frag {
  const hsl = node.field.startsWith('h');
  const field = (hsl ? node.field.slice(1) : node.field) as 'sio' | 'opc' | 'dpc' | 'sls';
  const base = e.link[field];
  if (base === null) throw unsupportedOnLink(`'${field}' supported only on SS7 (MTP2) captures`, node.span);
  const off = base + (hsl ? 3 : 0);
  return fieldValues(node.test.values, node.test.op, node.span, (jtype, reverse, value) => {
    if (!Number.isInteger(value) || value < 0 || value > MAX[field]) {
      throw new FilterError('value-out-of-range', `${field} value ${value} too big; max value = ${MAX[field]}`, node.span);
    }
    switch (field) {
      case 'sio':
        return ncmp(s, e, 'packet', off, 1, 0xffffffff, jtype, reverse, value, node.span);
      case 'opc': {
        const v = ((value & 0x3c00) >>> 10) + ((value & 0x03fc) << 6) + ((value & 0x0003) << 22);
        return ncmp(s, e, 'packet', off, 4, 0x00c0ff0f, jtype, reverse, v, node.span);
      }
      case 'dpc': {
        const v = (((value & 0xff) << 24) >>> 0) + ((value & 0x3f00) << 8);
        return ncmp(s, e, 'packet', off, 4, 0xff3f0000, jtype, reverse, v, node.span);
      }
      case 'sls':
        return ncmp(s, e, 'packet', off, 1, 0xf0, jtype, reverse, value << 4, node.span);
    }
  });
}
