/**
 * Cuts a pcapng byte stream (the capture helper's stdout, arriving in chunks of any size) into whole
 * blocks, so the capture worker writes only complete blocks to disk and can switch ring files between
 * two blocks. It checks the framing only (type, total length at both ends, the section's byte order
 * from each Section Header Block); what a block says is the reader's business.
 *
 * The hot path is `scan`: one pass over a chunk with one DataView, handing each whole block to a
 * visitor as (type, bytes, view, position, length) — no object per block. A block that lies inside one
 * chunk is handed over in place; one that spans chunks is collected in a carry buffer and handed over
 * as a copy of its own. `push` returns the blocks as objects, for tests and callers that are not hot.
 * Once the framing is wrong the splitter stops and says where (`problem`); every block it handed over
 * before is valid.
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

/** Receives the whole blocks of a chunk, in stream order. */
export interface BlockVisitor {
  /**
   * The block at `bytes[pos .. pos + total)`; `view` is a DataView over all of `bytes`, `little` the
   * byte order of its section (an SHB's own). The bytes stay valid after the call. Return false to stop
   * the scan here for good (what follows is dropped: the splitter frames nothing more).
   */
  block(type: number, bytes: Uint8Array, view: DataView, pos: number, total: number, little: boolean): boolean;
}

/** Packet blocks (EPB, SPB, the obsolete PB): what a ring rotation may never split from its file. */
export function isPacketBlock(type: number): boolean {
  return type === BlockType.EPB || type === BlockType.SPB || type === BlockType.PB;
}

export class PcapngBlockSplitter {
  problem: SplitProblem | undefined;
  private little = true;
  private started = false;
  /** A visitor stopped the scan: nothing more is framed. */
  private stopped = false;
  private carry = new Uint8Array(0);
  private carryLen = 0;
  /** Stream offset of the next block (the one in `carry`, if any). */
  private offset = 0;

  /** Byte order of the current section; undefined until the first Section Header Block. */
  get byteOrder(): 'little' | 'big' | undefined {
    return this.started ? (this.little ? 'little' : 'big') : undefined;
  }

  /** Bytes held back because their block is not complete yet. */
  get pendingBytes(): number {
    return this.carryLen;
  }

  /** Stream offset where the next block starts. */
  get streamOffset(): number {
    return this.offset;
  }

  /** The whole blocks that `chunk` completes, as objects, in stream order; none once a problem was found. */
  push(chunk: Uint8Array): PcapngBlock[] {
    const out: PcapngBlock[] = [];
    const collect: BlockVisitor = {
      block: (type, bytes, _view, pos, total) => {
        out.push({ type, bytes: bytes.subarray(pos, pos + total), offset: this.offset });
        return true;
      },
    };
    this.scan(chunk, collect);
    return out;
  }

  /** Hands every whole block that `chunk` completes to `visitor`, in stream order. Returns false once stopped (problem or visitor). */
  scan(chunk: Uint8Array, visitor: BlockVisitor): boolean {
    if (this.problem || this.stopped) return false;
    let i = 0;
    if (this.carryLen > 0) {
      // Finish the carried block first: its header, then its body.
      i = this.fill(chunk, 0, HEADER_LEN);
      if (this.carryLen < HEADER_LEN) return true;
      const total = this.blockLength(new DataView(this.carry.buffer, 0, HEADER_LEN), 0);
      if (total === undefined) return false;
      i = this.fill(chunk, i, total);
      if (this.carryLen < total) return true;
      const block = this.carry.slice(0, total);
      this.carryLen = 0;
      if (!this.visit(block, new DataView(block.buffer), 0, total, visitor)) return false;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const end = chunk.length;
    while (end - i >= HEADER_LEN) {
      const little = this.little;
      let total = view.getUint32(i + 4, little);
      // The common case without a call: a block of the current section, not an SHB, of a sane length.
      if (!(this.started && view.getUint32(i, little) !== BlockType.SHB && total >= HEADER_LEN && (total & 3) === 0 && total <= MAX_BLOCK_LEN)) {
        const checked = this.blockLength(view, i);
        if (checked === undefined) return false;
        total = checked;
      }
      if (end - i < total) break;
      if (!this.visit(chunk, view, i, total, visitor)) return false;
      i += total;
    }
    this.fill(chunk, i, Number.MAX_SAFE_INTEGER);
    return true;
  }

  /** The stream ended: a block left incomplete is a problem (the writer was cut off mid-block). */
  finish(): SplitProblem | undefined {
    if (this.problem === undefined && this.carryLen > 0) {
      const got = this.carryLen;
      const view = new DataView(this.carry.buffer, 0, Math.max(got, 4));
      const total = got >= HEADER_LEN ? this.blockLength(view, 0) : undefined;
      const what = total === undefined ? 'a block header' : `a ${blockName(view.getUint32(0, this.little))} of ${total} bytes`;
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

  /**
   * The total length of the block whose 12-byte header is at `pos`, checked; undefined (and `problem`
   * set) when the framing is wrong.
   */
  private blockLength(view: DataView, pos: number): number | undefined {
    let little = this.little;
    // The SHB type reads the same in both byte orders; before the first SHB any order will do.
    const type = view.getUint32(pos, little);
    if (type === BlockType.SHB) {
      const magic = view.getUint32(pos + 8, true);
      if (magic === BYTE_ORDER_MAGIC) little = true;
      else if (magic === SWAPPED_MAGIC) little = false;
      else return this.fail('bad-magic', `a Section Header Block has no valid byte-order magic (0x${magic.toString(16).padStart(8, '0')})`);
    } else if (!this.started) {
      return this.fail('not-pcapng', `the stream does not start with a pcapng Section Header Block (it starts with 0x${type.toString(16).padStart(8, '0')})`);
    }
    const total = view.getUint32(pos + 4, little);
    if (total < HEADER_LEN || total % 4 !== 0 || total > MAX_BLOCK_LEN) {
      const why = total < HEADER_LEN ? 'less than 12' : total % 4 !== 0 ? 'not a multiple of 4' : `more than ${MAX_BLOCK_LEN}`;
      return this.fail('bad-block-length', `${blockName(type)} has an invalid total length of ${total} bytes (${why})`);
    }
    return total;
  }

  /** Checks the trailing length, takes the byte order of a new section, and hands the block over. */
  private visit(bytes: Uint8Array, view: DataView, pos: number, total: number, visitor: BlockVisitor): boolean {
    let little = this.little;
    let type = view.getUint32(pos, little);
    const shb = view.getUint32(pos, true) === BlockType.SHB;
    if (shb) {
      little = view.getUint32(pos + 8, true) === BYTE_ORDER_MAGIC;
      type = BlockType.SHB;
    }
    const trailer = view.getUint32(pos + total - 4, little);
    if (trailer !== total) {
      this.fail('block-length-mismatch', `${blockName(type)}: total length ${total} at its start and ${trailer} at its end do not match`);
      return false;
    }
    if (shb) {
      this.little = little;
      this.started = true;
    }
    if (!visitor.block(type, bytes, view, pos, total, little)) {
      // The visitor keeps what came before; the rest of this chunk is gone, so no later chunk can be framed.
      this.stopped = true;
      this.carryLen = 0;
      return false;
    }
    this.offset += total;
    return true;
  }

  private fail(code: string, reason: string): undefined {
    this.problem = { code, offset: this.offset, reason };
    this.carryLen = 0;
    return undefined;
  }
}
