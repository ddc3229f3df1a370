/**
 * What an export needs of a pcapng source beyond the packet index: its Interface Description Blocks with
 * every option as the file has them (if_tsresol, if_tsoffset, if_os, if_filter, …), and the first
 * section's hardware, OS and comments. Read by walking the blocks from the start of the file until the
 * interfaces the export uses have all been seen (usually within the first read).
 *
 * Options are kept as little-endian values: a big-endian section's numeric options are swapped, and
 * options whose layout is unknown (so cannot be swapped safely) are dropped (docs/DECISIONS.md).
 */
import { CaptureFormatError } from '../errors';
import { OptionCode, optionString, readOptions } from './pcapng-options';
import { BlockType, BYTE_ORDER_MAGIC, MAX_BLOCK_LEN } from './pcapng-reader';
import type { OptionValue } from './pcapng-writer';

/** One source interface as its IDB describes it; option values little-endian. */
export interface SourceIdb {
  linkType: number;
  snapLen: number;
  options: OptionValue[];
  /** The if_tsresol byte (undefined: µs) and if_tsoffset in seconds, for timestamps the export computes. */
  tsResol?: number;
  tsOffset: number;
}

export interface SourceSection {
  hardware?: string;
  os?: string;
  comments: string[];
}

export interface PcapngSourceHeader {
  /** By global interface id (ids run on across sections, as the reader numbers them). */
  idbs: SourceIdb[];
  /** The first section's header options. */
  section: SourceSection | undefined;
}

/** How an option's value is laid out: bytes and text read the same in either byte order; numbers (and a custom option's leading PEN) are swapped. */
type Layout = 'bytes' | 'u32' | 'u64' | 'custom';

/** Custom options (2988, 2989, 19372, 19373) start with a 32-bit Private Enterprise Number. */
const CUSTOM: Record<number, Layout> = { 2988: 'custom', 2989: 'custom', 19372: 'custom', 19373: 'custom' };

/** IDB options: if_name … if_iana_tzname (pcapng spec §4.2). */
export const IDB_OPTION_LAYOUT: Readonly<Record<number, Layout>> = {
  [OptionCode.comment]: 'bytes',
  2: 'bytes', // if_name
  3: 'bytes', // if_description
  4: 'bytes', // if_IPv4addr (address + mask, network order)
  5: 'bytes', // if_IPv6addr
  6: 'bytes', // if_MACaddr
  7: 'bytes', // if_EUIaddr
  8: 'u64', // if_speed
  9: 'bytes', // if_tsresol
  10: 'u32', // if_tzone
  11: 'bytes', // if_filter (type byte + text or BPF)
  12: 'bytes', // if_os
  13: 'bytes', // if_fcslen
  14: 'u64', // if_tsoffset
  15: 'bytes', // if_hardware
  16: 'u64', // if_txspeed
  17: 'u64', // if_rxspeed
  18: 'bytes', // if_iana_tzname
  ...CUSTOM,
};

/** EPB (and obsolete PB) options. */
export const EPB_OPTION_LAYOUT: Readonly<Record<number, Layout>> = {
  [OptionCode.comment]: 'bytes',
  2: 'u32', // epb_flags
  3: 'bytes', // epb_hash
  4: 'u64', // epb_dropcount
  5: 'u64', // epb_packetid
  6: 'u32', // epb_queue
  7: 'bytes', // epb_verdict
  ...CUSTOM,
};

const WIDTH: Record<Layout, number> = { bytes: 0, u32: 4, u64: 8, custom: 4 };

/**
 * A block's options [start, end) as little-endian values. From a little-endian block they are copied as
 * they are; from a big-endian one, numeric values are byte-swapped and unknown codes dropped.
 */
export function optionValues(view: DataView, start: number, end: number, little: boolean, layout: Readonly<Record<number, Layout>>): OptionValue[] {
  const { options, error } = readOptions(view, start, end, little);
  if (error) throw new CaptureFormatError('bad-option', `Cannot export this block: ${error}.`, view.byteOffset + start);
  const out: OptionValue[] = [];
  for (const o of options) {
    const value = new Uint8Array(view.buffer, view.byteOffset + o.offset, o.length).slice();
    if (!little) {
      const kind = layout[o.code];
      if (kind === undefined) continue;
      const w = WIDTH[kind];
      if (w > 0 && value.length >= w) value.subarray(0, w).reverse();
    }
    out.push({ code: o.code, value });
  }
  return out;
}

/** Parse one IDB (the whole block, from its type field) of a section in the given byte order. */
export function parseIdb(block: Uint8Array, little: boolean): SourceIdb {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const total = view.getUint32(4, little);
  const options = optionValues(view, 16, total - 4, little, IDB_OPTION_LAYOUT);
  const idb: SourceIdb = { linkType: view.getUint16(8, little), snapLen: view.getUint32(12, little), options, tsOffset: 0 };
  for (const o of options) {
    if (o.code === OptionCode.ifTsResol && o.value.length >= 1) idb.tsResol = o.value[0];
    else if (o.code === OptionCode.ifTsOffset && o.value.length >= 8) idb.tsOffset = Number(new DataView(o.value.buffer).getBigInt64(0, true));
  }
  return idb;
}

function parseSection(block: Uint8Array, little: boolean): SourceSection {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const total = view.getUint32(4, little);
  const section: SourceSection = { comments: [] };
  const { options } = readOptions(view, 24, total - 4, little);
  for (const o of options) {
    if (o.code === OptionCode.comment) section.comments.push(optionString(view, o));
    else if (o.code === OptionCode.shbHardware) section.hardware = optionString(view, o);
    else if (o.code === OptionCode.shbOs) section.os = optionString(view, o);
  }
  return section;
}

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

/**
 * Walk the blocks of a pcapng file from its start until `needed` interfaces have been described (or the
 * file ends), reading `chunk` bytes at a time; other blocks are skipped by their length.
 */
export async function readPcapngSourceHeader(read: ReadAt, needed: number, chunk = 1 << 20): Promise<PcapngSourceHeader> {
  const header: PcapngSourceHeader = { idbs: [], section: undefined };
  let bufStart = 0;
  let buf = await read(0, chunk);
  let pos = 0;
  let little = true;
  const fill = async (at: number, length: number): Promise<boolean> => {
    if (at >= bufStart && at + length <= bufStart + buf.length) return true;
    bufStart = at;
    buf = await read(at, Math.max(length, chunk));
    return buf.length >= length;
  };
  while (header.idbs.length < needed) {
    if (!(await fill(pos, 12))) break;
    let view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let at = pos - bufStart;
    const typeLe = view.getUint32(at, true);
    if (typeLe === BlockType.SHB) {
      const magic = view.getUint32(at + 8, true);
      little = magic === BYTE_ORDER_MAGIC;
    }
    const type = view.getUint32(at, little);
    const total = view.getUint32(at + 4, little);
    if (total < 12 || total % 4 !== 0 || total > MAX_BLOCK_LEN) {
      throw new CaptureFormatError('bad-block-length', `The capture's block at byte ${pos} has an invalid length of ${total} bytes; was the file changed since it was opened?`, pos);
    }
    if (type === BlockType.IDB || (type === BlockType.SHB && header.section === undefined)) {
      if (!(await fill(pos, total))) break;
      view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      at = pos - bufStart;
      const block = buf.subarray(at, at + total);
      if (type === BlockType.IDB) header.idbs.push(parseIdb(block, little));
      else header.section = parseSection(block, little);
    }
    pos += total;
  }
  return header;
}
