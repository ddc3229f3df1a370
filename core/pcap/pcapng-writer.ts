/**
 * pcapng encoding: one function per block (SHB, IDB, EPB, ISB), each returning the block's bytes,
 * little-endian, options padded to 32 bits and closed with opt_endofopt. The caller writes them in order
 * (SHB, IDBs, then packets), to a file or a stream.
 */
import type { Timestamp } from '../api';
import { BadRequestError } from '../errors';
import { BlockType, BYTE_ORDER_MAGIC } from './pcapng-reader';
import { OptionCode } from './pcapng-options';

const utf8 = new TextEncoder();

/** One option of a block to write: its code and value bytes (already in little-endian where numeric). */
export type OptionValue = { code: number; value: Uint8Array };
type Option = OptionValue;

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function textOption(code: number, text: string): Option {
  return { code, value: utf8.encode(text) };
}

function u32Option(code: number, v: number): Option {
  const value = new Uint8Array(4);
  new DataView(value.buffer).setUint32(0, v, true);
  return { code, value };
}

function u64Option(code: number, v: bigint): Option {
  const value = new Uint8Array(8);
  new DataView(value.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return { code, value };
}

export function optionsLength(options: readonly Option[]): number {
  if (options.length === 0) return 0;
  return options.reduce((n, o) => n + 4 + pad4(o.value.length), 0) + 4;
}

/** Lay out a block: fixed body (already filled by `fill`), then options, then the trailing length. */
export function encodeBlock(type: number, fixedLen: number, options: readonly Option[], fill: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const total = 8 + pad4(fixedLen) + optionsLength(options) + 4;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  fill(new DataView(bytes.buffer, 8, fixedLen), bytes.subarray(8, 8 + fixedLen));
  let p = 8 + pad4(fixedLen);
  for (const o of options) {
    if (o.value.length > 0xffff) throw new BadRequestError(`pcapng option ${o.code} is ${o.value.length} bytes; the maximum is 65535.`);
    view.setUint16(p, o.code, true);
    view.setUint16(p + 2, o.value.length, true);
    bytes.set(o.value, p + 4);
    p += 4 + pad4(o.value.length);
  }
  if (options.length > 0) p += 4; // opt_endofopt (zeros)
  view.setUint32(p, total, true);
  return bytes;
}

export interface ShbOptions {
  hardware?: string;
  os?: string;
  userAppl?: string;
  comments?: readonly string[];
}

export function encodeShb(o: ShbOptions = {}): Uint8Array {
  const options: Option[] = (o.comments ?? []).map((c) => textOption(OptionCode.comment, c));
  if (o.hardware !== undefined) options.push(textOption(OptionCode.shbHardware, o.hardware));
  if (o.os !== undefined) options.push(textOption(OptionCode.shbOs, o.os));
  if (o.userAppl !== undefined) options.push(textOption(OptionCode.shbUserAppl, o.userAppl));
  return encodeBlock(BlockType.SHB, 16, options, (v) => {
    v.setUint32(0, BYTE_ORDER_MAGIC, true);
    v.setUint16(4, 1, true);
    v.setUint16(6, 0, true);
    v.setBigInt64(8, -1n, true); // section length not specified
  });
}

export interface IdbOptions {
  linkType: number;
  snapLen?: number;
  name?: string;
  description?: string;
  /** if_tsresol byte: 6 = µs (the default), 9 = ns; high bit set = power of two. */
  tsResol?: number;
  /** if_tsoffset in seconds. */
  tsOffset?: number;
  comments?: readonly string[];
}

export function encodeIdb(o: IdbOptions): Uint8Array {
  const options: Option[] = (o.comments ?? []).map((c) => textOption(OptionCode.comment, c));
  if (o.name !== undefined) options.push(textOption(OptionCode.ifName, o.name));
  if (o.description !== undefined) options.push(textOption(OptionCode.ifDescription, o.description));
  if (o.tsResol !== undefined) options.push({ code: OptionCode.ifTsResol, value: Uint8Array.of(o.tsResol) });
  if (o.tsOffset !== undefined) options.push(u64Option(OptionCode.ifTsOffset, BigInt(o.tsOffset)));
  return encodeBlock(BlockType.IDB, 8, options, (v) => {
    v.setUint16(0, o.linkType, true);
    v.setUint32(4, o.snapLen ?? 262144, true);
  });
}

/** Units per second of an if_tsresol byte (undefined = µs). */
export function unitsPerSecond(tsResol: number | undefined): bigint {
  if (tsResol === undefined) return 1000000n;
  return tsResol & 0x80 ? 1n << BigInt(tsResol & 0x7f) : 10n ** BigInt(tsResol);
}

/** A timestamp as a 64-bit count of units, after subtracting the interface's if_tsoffset. */
export function timestampUnits(t: Timestamp, units: bigint, tsOffset = 0): bigint {
  return BigInt(t.sec - tsOffset) * units + (BigInt(t.nsec) * units) / 1000000000n;
}

export interface EpbOptions {
  interfaceId: number;
  timestamp: Timestamp;
  /** The interface's if_tsresol byte and if_tsoffset, as given to encodeIdb. */
  tsResol?: number;
  tsOffset?: number;
  data: Uint8Array;
  /** Original length; defaults to the data's length. */
  origlen?: number;
  comments?: readonly string[];
  /** epb_flags: direction in bits 0-1, reception type in bits 2-4. */
  flags?: number;
}

export function encodeEpb(o: EpbOptions): Uint8Array {
  const options: Option[] = (o.comments ?? []).map((c) => textOption(OptionCode.comment, c));
  if (o.flags !== undefined) options.push(u32Option(OptionCode.epbFlags, o.flags));
  const ts = timestampUnits(o.timestamp, unitsPerSecond(o.tsResol), o.tsOffset);
  const caplen = o.data.length;
  return encodeBlock(BlockType.EPB, 20 + caplen, options, (v, bytes) => {
    v.setUint32(0, o.interfaceId, true);
    v.setUint32(4, Number((ts >> 32n) & 0xffffffffn), true);
    v.setUint32(8, Number(ts & 0xffffffffn), true);
    v.setUint32(12, caplen, true);
    v.setUint32(16, o.origlen ?? caplen, true);
    bytes.set(o.data, 20);
  });
}

export interface IsbOptions {
  interfaceId: number;
  timestamp: Timestamp;
  tsResol?: number;
  tsOffset?: number;
  ifRecv?: bigint;
  ifDrop?: bigint;
  comments?: readonly string[];
}

export function encodeIsb(o: IsbOptions): Uint8Array {
  const options: Option[] = (o.comments ?? []).map((c) => textOption(OptionCode.comment, c));
  if (o.ifRecv !== undefined) options.push(u64Option(OptionCode.isbIfRecv, o.ifRecv));
  if (o.ifDrop !== undefined) options.push(u64Option(OptionCode.isbIfDrop, o.ifDrop));
  const ts = timestampUnits(o.timestamp, unitsPerSecond(o.tsResol), o.tsOffset);
  return encodeBlock(BlockType.ISB, 12, options, (v) => {
    v.setUint32(0, o.interfaceId, true);
    v.setUint32(4, Number((ts >> 32n) & 0xffffffffn), true);
    v.setUint32(8, Number(ts & 0xffffffffn), true);
  });
}
