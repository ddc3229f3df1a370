/**
 * Cuts a pcapng byte stream (the capture helper's stdout, arriving in chunks of any size) into whole
 * blocks, so the capture worker writes only complete blocks to disk and can switch ring files between
 * two blocks. It checks the framing only (type, total length at both ends, the section's byte order
 * from each Section Header Block); what a block says is the parser's business.
 *
 * A block that lies inside one chunk comes out as a view of that chunk (no copy); one that spans chunks
 * is collected in a carry buffer and comes out as a copy. Once the framing is wrong the splitter stops
 * and says where (`problem`); everything it returned before is valid.
 */
import { BYTE_ORDER_MAGIC, BlockType, MAX_BLOCK_LEN, blockName } from '../core/pcap/pcapng-reader';

/** What a block header needs before its total length can be read (an SHB's byte-order magic is at 8). */
const HEADER_LEN = 12;
const SWAPPED_MAGIC = 0x4d3c2b1a;

export interface PcapngBlock {
  type: number;
  /** The whole block, header to trailing length. */
  bytes: Uint8Array;
  /** Where the block starts in the stream. */
  offset: number;
}

/** Where the stream stops being framed pcapng (a stream offset) and why. */
export interface SplitProblem {
  code: string;
  offset: number;
  reason: string;
}

/** Packet blocks (EPB, SPB, the obsolete PB): what a ring rotation may never split from its file. */
export function isPacketBlock(type: number): boolean {
  return type === BlockType.EPB || type === BlockType.SPB || type === BlockType.PB;
}

export class PcapngBlockSplitter {
  /** Byte order of the current section; undefined until the first Section Header Block. */
  byteOrder: 'little' | 'big' | undefined;
  problem: SplitProblem | undefined;
  private carry = new Uint8Array(0);
  private carryLen = 0;
  /** Stream offset of the next block (the one in `carry`, if any). */
  private offset = 0;

  /** Bytes held back because their block is not complete yet. */
  get pendingBytes(): number {
    return this.carryLen;
  }

  /** The whole blocks that `chunk` completes, in stream order; none once a problem was found. */
  push(chunk: Uint8Array): PcapngBlock[] {
    const out: PcapngBlock[] = [];
    if (this.problem) return out;
    let i = 0;
    if (this.carryLen > 0) {
      // Finish the carried block first: its header, then its body.
      i = this.fill(chunk, 0, HEADER_LEN);
      if (this.carryLen < HEADER_LEN) return out;
      const total = this.blockLength(this.carry, 0);
      if (total === undefined) return out;
      i = this.fill(chunk, i, total);
      if (this.carryLen < total) return out;
      const block = this.carry.slice(0, total);
      this.carryLen = 0;
      if (!this.accept(block, 0, total, out)) return out;
    }
    while (i < chunk.length) {
      const avail = chunk.length - i;
      if (avail < HEADER_LEN) break;
      const total = this.blockLength(chunk, i);
      if (total === undefined) return out;
      if (avail < total) break;
      if (!this.accept(chunk, i, total, out)) return out;
      i += total;
    }
    this.fill(chunk, i, Number.MAX_SAFE_INTEGER);
    return out;
  }

  /** The stream ended: a block left incomplete is a problem (the writer was cut off mid-block). */
  finish(): SplitProblem | undefined {
    if (this.problem === undefined && this.carryLen > 0) {
      const got = this.carryLen;
      const total = got >= HEADER_LEN ? this.blockLength(this.carry, 0) : undefined;
      const what = total === undefined ? 'a block header' : `a ${blockName(this.typeAt(this.carry, 0))} of ${total} bytes`;
      this.problem = { code: 'truncated', offset: this.offset, reason: `the stream ends inside ${what}: only ${got} bytes of it arrived` };
      this.carryLen = 0;
    }
    return this.problem;
  }

  /** Appends chunk[from..] to the carry until it holds `upTo` bytes; returns where it stopped in chunk. */
  private fill(chunk: Uint8Array, from: number, upTo: number): number {
    const take = Math.min(upTo - this.carryLen, chunk.length - from);
    if (take <= 0) return from;
    const needed = this.carryLen + take;
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.carry.length * 2, 64));
      grown.set(this.carry.subarray(0, this.carryLen));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(from, from + take), this.carryLen);
    this.carryLen = needed;
    return from + take;
  }

  private typeAt(bytes: Uint8Array, pos: number): number {
    // The SHB type reads the same in both byte orders; before the first SHB any order will do.
    return new DataView(bytes.buffer, bytes.byteOffset + pos, 4).getUint32(0, this.byteOrder !== 'big');
  }

  /**
   * The total length of the block whose 12-byte header is at `pos`, checked; undefined (and `problem`
   * set) when the framing is wrong. A Section Header Block sets the byte order from its magic.
   */
  private blockLength(bytes: Uint8Array, pos: number): number | undefined {
    const view = new DataView(bytes.buffer, bytes.byteOffset + pos, HEADER_LEN);
    let little = this.byteOrder !== 'big';
    const type = view.getUint32(0, little);
    if (type === BlockType.SHB) {
      const magic = view.getUint32(8, true);
      if (magic === BYTE_ORDER_MAGIC) little = true;
      else if (magic === SWAPPED_MAGIC) little = false;
      else return this.fail('bad-magic', `a Section Header Block has no valid byte-order magic (0x${magic.toString(16).padStart(8, '0')})`);
    } else if (this.byteOrder === undefined) {
      return this.fail('not-pcapng', `the stream does not start with a pcapng Section Header Block (it starts with 0x${type.toString(16).padStart(8, '0')})`);
    }
    const total = view.getUint32(4, little);
    if (total < HEADER_LEN || total % 4 !== 0 || total > MAX_BLOCK_LEN) {
      const why = total < HEADER_LEN ? 'less than 12' : total % 4 !== 0 ? 'not a multiple of 4' : `more than ${MAX_BLOCK_LEN}`;
      return this.fail('bad-block-length', `${blockName(type)} has an invalid total length of ${total} bytes (${why})`);
    }
    return total;
  }

  /** Checks the trailing length, takes the byte order of a new section, and adds the block to `out`. */
  private accept(bytes: Uint8Array, pos: number, total: number, out: PcapngBlock[]): boolean {
    const view = new DataView(bytes.buffer, bytes.byteOffset + pos, total);
    let little = this.byteOrder !== 'big';
    const type0 = view.getUint32(0, true);
    if (type0 === BlockType.SHB) little = view.getUint32(8, true) === BYTE_ORDER_MAGIC;
    const type = view.getUint32(0, little);
    const trailer = view.getUint32(total - 4, little);
    if (trailer !== total) {
      this.fail('block-length-mismatch', `${blockName(type)}: total length ${total} at its start and ${trailer} at its end do not match`);
      return false;
    }
    if (type === BlockType.SHB) this.byteOrder = little ? 'little' : 'big';
    out.push({ type, bytes: bytes.subarray(pos, pos + total), offset: this.offset });
    this.offset += total;
    return true;
  }

  private fail(code: string, reason: string): undefined {
    this.problem = { code, offset: this.offset, reason };
    this.carryLen = 0;
    return undefined;
  }
}
