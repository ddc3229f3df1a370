/**
 * Field declarations, after Wireshark's header fields (hf): every field a protocol can show is data keyed
 * by its full filter name (`udp.srcport`), with its type, display base and, for fixed-offset fields, its
 * offset in the protocol header and its bit mask. The registry collects them for display filters,
 * autocomplete, columns and BPF lowering; `fieldLabel` renders a tree label the way Wireshark does.
 */
import { formatAbsTime, formatEther, formatIpv4, formatIpv6, formatSeconds, hex, hexBytes } from './format';

export type FieldType =
  | 'protocol'
  | 'none'
  | 'uint8'
  | 'uint16'
  | 'uint24'
  | 'uint32'
  | 'uint64'
  | 'int8'
  | 'int16'
  | 'int24'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'ipv4'
  | 'ipv6'
  | 'ether'
  | 'bytes'
  | 'string'
  | 'double'
  | 'time'
  | 'reltime';

/** How an integer shows: decimal, hex, or both (first one first), as Wireshark's BASE_*. */
export type FieldBase = 'dec' | 'hex' | 'dec_hex' | 'hex_dec' | 'oct';

export interface FieldDef {
  /** What the tree label says before the colon, e.g. `Source Address`. */
  name: string;
  type: FieldType;
  base?: FieldBase;
  /** Fixed offset from the start of the protocol header, when the field always sits there. */
  offset?: number;
  /** Bit mask within the containing integer (of `type`'s width); the value is shifted down. */
  mask?: number;
  /** Width in bits of the integer the mask applies to, when not the type's own (e.g. bool in a uint16). */
  bitWidth?: number;
  /** Names of values (`Protocol: UDP (17)`). */
  strings?: Readonly<Record<number, string>>;
  /** Words for true / false (bool); Wireshark's default is Set / Not set for flag bits. */
  tfs?: readonly [string, string];
  /** Appended after a decimal value, e.g. ` bytes`. */
  unit?: string;
  /** One line of help for autocomplete. */
  blurb?: string;
  /** An absolute time (`time`) shown as seconds since 1970, as Wireshark's ABSOLUTE_TIME_UNIX (frame.time_epoch). */
  epoch?: boolean;
}

/** A time value of a `time` (since 1970, UTC) or `reltime` (a duration) field, to the nanosecond. */
export interface TimeValue {
  readonly sec: number;
  readonly nsec: number;
}

export type FieldValue = number | bigint | string | boolean | Uint8Array | TimeValue;

export function isTimeValue(v: FieldValue): v is TimeValue {
  return typeof v === 'object' && !(v instanceof Uint8Array);
}

export type FieldDefs = Readonly<Record<string, FieldDef>>;

const TYPE_BITS: Partial<Record<FieldType, number>> = { uint8: 8, uint16: 16, uint24: 24, uint32: 32, int8: 8, int16: 16, int24: 24, int32: 32, bool: 8 };

/** Wireshark's signed integer types (FT_INT*): the value is a negative number below zero, never wrapped. */
export const SIGNED_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['int8', 'int16', 'int24', 'int32', 'int64']);

/**
 * A signed value in hex as Wireshark shows it: the two's complement in the type's width (`0xcc` for -52
 * of an int8), since its hex display works on the unsigned bits.
 */
export function signedHex(def: FieldDef, value: number | bigint, digits: number): string {
  const bits = BigInt(TYPE_BITS[def.type] ?? 64);
  let v = BigInt(value);
  if (v < 0n) v += 1n << bits;
  return '0x' + v.toString(16).padStart(digits, '0');
}

/** Value as Wireshark shows it after the colon, without the bit pattern. */
export function formatFieldValue(def: FieldDef, value: FieldValue): string {
  if (typeof value === 'boolean') {
    const tfs = def.tfs ?? ['Set', 'Not set'];
    return value ? tfs[0] : tfs[1];
  }
  if (value instanceof Uint8Array) {
    if (def.type === 'ether' && value.length === 6) return formatEther(value, 0);
    if (def.type === 'ipv4' && value.length === 4) return formatIpv4(value, 0);
    if (def.type === 'ipv6' && value.length === 16) return formatIpv6(value, 0);
    return hexBytes(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (isTimeValue(value)) {
    if (def.type === 'time' && def.epoch !== true) return formatAbsTime(value.sec, value.nsec);
    return `${formatSeconds(value.sec, value.nsec)} seconds`;
  }
  return formatInteger(def, value);
}

function formatInteger(def: FieldDef, value: number): string {
  if (def.type === 'double' || def.type === 'time' || def.type === 'reltime') return String(value);
  const digits = hexDigits(def);
  const hx = value < 0 ? (v: number, d: number) => signedHex(def, v, d) : hex;
  const name = def.strings?.[value];
  if (name !== undefined) {
    const num = def.base === 'hex' || def.base === 'hex_dec' ? hx(value, digits) : String(value);
    return `${name} (${num})`;
  }
  const unit = def.unit ?? '';
  switch (def.base) {
    case 'hex':
      return hx(value, digits);
    case 'hex_dec':
      return `${hx(value, digits)} (${value})`;
    case 'dec_hex':
      return `${value} (${hx(value, digits)})`;
    case 'oct':
      return `0${value.toString(8)}`;
    default:
      return `${value}${unit}`;
  }
}

function hexDigits(def: FieldDef): number {
  if (def.mask !== undefined) {
    let m = def.mask;
    while (m !== 0 && (m & 1) === 0) m >>>= 1;
    return Math.max(1, Math.ceil(Math.log2(m + 1) / 4));
  }
  return (TYPE_BITS[def.type] ?? 8) / 4;
}

/**
 * The bit pattern Wireshark prints before a masked field: `.1.. ....` for mask 0x40 of a byte.
 * `raw` is the whole containing integer.
 */
export function bitPattern(mask: number, raw: number, bits: number): string {
  let out = '';
  for (let i = bits - 1; i >= 0; i--) {
    const bit = 2 ** i;
    const inMask = Math.floor(mask / bit) % 2 === 1;
    out += inMask ? (Math.floor(raw / bit) % 2 === 1 ? '1' : '0') : '.';
    if (i > 0 && i % 4 === 0) out += ' ';
  }
  return out;
}

/** Width in bits of the integer a masked field lives in. */
export function maskBits(def: FieldDef): number {
  return def.bitWidth ?? TYPE_BITS[def.type] ?? 8;
}

/** The shift that brings a mask's lowest bit to bit 0. */
export function maskShift(mask: number): number {
  let s = 0;
  while (s < 32 && Math.floor(mask / 2 ** s) % 2 === 0) s++;
  return s;
}

/**
 * The tree label of a field: `Name: value`, with the bit pattern in front for masked fields. `raw` is the
 * containing integer of a masked field (defaults to the value shifted back up).
 */
export function fieldLabel(def: FieldDef, value: FieldValue, raw?: number): string {
  const text = `${def.name}: ${formatFieldValue(def, value)}`;
  if (def.mask === undefined) return text;
  const shifted = typeof value === 'number' ? value * 2 ** maskShift(def.mask) : value === true ? def.mask : 0;
  return `${bitPattern(def.mask, raw ?? shifted, maskBits(def))} = ${text}`;
}
