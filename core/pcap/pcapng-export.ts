/**
 * "Export specified packets" as pcapng blocks: a Section Header Block (shb_userappl "Trawl", the
 * source's hardware/OS/comments and the export's own comment, e.g. the filter used), one Interface
 * Description Block per source interface the exported packets use (renumbered 0…n−1, options as the
 * source has them), then one Enhanced Packet Block per packet.
 *
 * The packet path is built for speed: an EPB from a little-endian pcapng section is copied as it is
 * (only its interface id rewritten), which keeps its timestamp units, comments and every other option.
 * Anything else — a pcap record, a big-endian EPB, a Packet Block, a Simple Packet Block — is encoded
 * anew, with the timestamp in the units of its interface's if_tsresol.
 */
import type { InterfaceInfo } from '../api';
import { CaptureFormatError } from '../errors';
import { EPB_OPTION_LAYOUT, optionValues, type SourceIdb, type SourceSection } from './pcapng-export-source';
import { BlockType } from './pcapng-reader';
import { encodeBlock, encodeIdb, encodeShb, timestampUnits, unitsPerSecond, type OptionValue } from './pcapng-writer';

export interface ExportSource {
  format: 'pcap' | 'pcapng';
  /** Every source interface, by global id (InterfaceInfo.id). */
  interfaces: readonly InterfaceInfo[];
  /** pcapng: the source's IDBs by global id, when read (readPcapngSourceHeader); else built from `interfaces`. */
  idbs?: readonly SourceIdb[];
  section?: SourceSection;
}

export interface ExportHeaderOptions {
  /** Global ids of the interfaces the exported packets use, ascending. */
  used: readonly number[];
  /** Recorded as a section comment (the filter used, the selection). */
  comment?: string;
}

const TWO32 = 4294967296;
const EPB_FIXED = 28;

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** The IDB of a source interface: its own options when known, else what the index knows of it. */
function idbOf(source: ExportSource, id: number): SourceIdb {
  const known = source.idbs?.[id];
  if (known) return known;
  const info = source.interfaces[id];
  if (!info) throw new CaptureFormatError('bad-interface', `Packets name interface ${id}, which the capture does not describe.`, 0);
  // A pcap file's precision (or an interface described only by the index): µs unless it said ns.
  const tsResol = info.tsDigits === 9 ? 9 : 6;
  const block = encodeIdb({ linkType: info.linkType, snapLen: info.snapLen, name: info.name, description: info.description, tsResol });
  const view = new DataView(block.buffer);
  const options: OptionValue[] = [];
  for (let p = 16; p + 4 <= block.length - 4; ) {
    const code = view.getUint16(p, true);
    const len = view.getUint16(p + 2, true);
    if (code === 0) break;
    options.push({ code, value: block.slice(p + 4, p + 4 + len) });
    p += 4 + pad4(len);
  }
  return { linkType: info.linkType, snapLen: info.snapLen, options, tsResol, tsOffset: 0 };
}

function encodeSourceIdb(idb: SourceIdb): Uint8Array {
  return encodeBlock(BlockType.IDB, 8, idb.options, (v) => {
    v.setUint16(0, idb.linkType, true);
    v.setUint32(4, idb.snapLen, true);
  });
}

/**
 * Write a timestamp as the 64-bit unit count of an interface (`units` per second, `offset` seconds of
 * if_tsoffset) at `off`: exact double arithmetic for µs and ns, BigInt for anything else.
 */
export function setTimestampUnits(view: DataView, off: number, sec: number, nsec: number, units: number, offset: number): void {
  const s = sec - offset;
  let hi: number;
  let lo: number;
  if (s >= 0 && units === 1e6) {
    const t = s * 1e6 + Math.floor(nsec / 1000);
    hi = Math.floor(t / TWO32);
    lo = t - hi * TWO32;
  } else if (s >= 0 && s < 2 ** 33 && units === 1e9) {
    // s·10⁹ + nsec can pass 2^53: split s in 16-bit halves so every partial product is exact.
    const sh = Math.floor(s / 65536);
    const t1 = sh * 1e9;
    const hiPart = Math.floor(t1 / 65536);
    const x = (t1 - hiPart * 65536) * 65536 + (s - sh * 65536) * 1e9 + nsec;
    const carry = Math.floor(x / TWO32);
    hi = hiPart + carry;
    lo = x - carry * TWO32;
  } else {
    const t = timestampUnits({ sec, nsec }, BigInt(units), offset);
    hi = Number((t >> 32n) & 0xffffffffn);
    lo = Number(t & 0xffffffffn);
  }
  view.setUint32(off, hi, true);
  view.setUint32(off + 4, lo, true);
}

/** Turns source packet records into EPBs of the export, interface ids renumbered. */
export class PcapngExporter {
  /** Export interface id by source global id; −1 = not exported. */
  private readonly newId: Int32Array;
  private readonly units: number[] = [];
  private readonly offsets: number[] = [];
  private readonly idbs: SourceIdb[];

  constructor(
    private readonly source: ExportSource,
    private readonly opts: ExportHeaderOptions,
  ) {
    const max = Math.max(source.interfaces.length, source.idbs?.length ?? 0, ...opts.used.map((u) => u + 1));
    this.newId = new Int32Array(max).fill(-1);
    this.idbs = opts.used.map((id, k) => {
      this.newId[id] = k;
      const idb = idbOf(source, id);
      this.units[id] = Number(unitsPerSecond(idb.tsResol));
      this.offsets[id] = idb.tsOffset;
      return idb;
    });
  }

  /** The SHB and the IDBs: the start of the file. */
  header(): Uint8Array {
    const section = this.source.section;
    const comments = [...(section?.comments ?? [])];
    if (this.opts.comment !== undefined && this.opts.comment !== '') comments.push(this.opts.comment);
    const blocks = [encodeShb({ hardware: section?.hardware, os: section?.os, userAppl: 'Trawl', comments }), ...this.idbs.map(encodeSourceIdb)];
    const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
    let p = 0;
    for (const b of blocks) {
      out.set(b, p);
      p += b.length;
    }
    return out;
  }

  /**
   * Append one packet's EPB to `out` at `pos`; returns the new end, or −1 (nothing written) when it does
   * not fit. `src[recordAt…]` is the source record (pcapng: the whole block; −1 when unknown, for pcap or
   * a record whose header was not indexed), `src[dataAt, dataAt + caplen)` its packet bytes; the
   * lengths, timestamp and interface come from the index.
   */
  write(
    out: Uint8Array,
    outView: DataView,
    pos: number,
    src: Uint8Array,
    srcView: DataView,
    recordAt: number,
    dataAt: number,
    caplen: number,
    origlen: number,
    sec: number,
    nsec: number,
    iface: number,
  ): number {
    const id = this.newId[iface] ?? -1;
    if (id < 0) throw new CaptureFormatError('bad-interface', `A packet names interface ${iface}, which the export was not told about.`, recordAt);
    if (recordAt >= 0 && this.source.format === 'pcapng') {
      const typeLe = srcView.getUint32(recordAt, true);
      if (typeLe === BlockType.EPB) {
        const total = srcView.getUint32(recordAt + 4, true);
        if (total < EPB_FIXED + 4 || recordAt + total > src.length || srcView.getUint32(recordAt + 20, true) !== caplen) throw changed(recordAt);
        if (pos + total > out.length) return -1;
        out.set(src.subarray(recordAt, recordAt + total), pos);
        outView.setUint32(pos + 8, id, true);
        return pos + total;
      }
      return this.reencode(out, pos, src, srcView, recordAt, typeLe, caplen, origlen, id);
    }
    const total = EPB_FIXED + pad4(caplen) + 4;
    if (pos + total > out.length) return -1;
    outView.setUint32(pos, BlockType.EPB, true);
    outView.setUint32(pos + 4, total, true);
    outView.setUint32(pos + 8, id, true);
    setTimestampUnits(outView, pos + 12, sec, nsec, this.units[iface], this.offsets[iface]);
    outView.setUint32(pos + 20, caplen, true);
    outView.setUint32(pos + 24, origlen, true);
    out.set(src.subarray(dataAt, dataAt + caplen), pos + EPB_FIXED);
    out.fill(0, pos + EPB_FIXED + caplen, pos + total - 4);
    outView.setUint32(pos + total - 4, total, true);
    return pos + total;
  }

  /**
   * The length of the source record at `src[recordAt…]` when it is a little-endian EPB that the export
   * copies as it is (only its interface id rewritten), checked against the index's `caplen`; 0 when it
   * must be re-encoded through `write` (pcap, big-endian, PB, SPB). Runs of such records that lie back to
   * back in the file are written as one piece after `renumberRun`.
   */
  asIs(srcView: DataView, recordAt: number, caplen: number): number {
    if (recordAt < 0 || this.source.format !== 'pcapng' || srcView.getUint32(recordAt, true) !== BlockType.EPB) return 0;
    const total = srcView.getUint32(recordAt + 4, true);
    if (total < EPB_FIXED + 4 || recordAt + total > srcView.byteLength || srcView.getUint32(recordAt + 20, true) !== caplen) throw changed(recordAt);
    return total;
  }

  /**
   * Renumber, in place, the interface ids of `src[from, to)`: back-to-back EPBs each accepted by `asIs`,
   * the k-th of source interface `ifaces[k]` (global ids), so the run can be written as it is.
   */
  renumberRun(srcView: DataView, from: number, to: number, ifaces: Uint16Array, count: number): void {
    let at = from;
    for (let k = 0; k < count; k++) {
      if (at + 12 > to) throw changed(at);
      const id = this.newId[ifaces[k]] ?? -1;
      if (id < 0) throw new CaptureFormatError('bad-interface', `A packet names interface ${ifaces[k]}, which the export was not told about.`, at);
      srcView.setUint32(at + 8, id, true);
      at += srcView.getUint32(at + 4, true);
    }
    if (at !== to) throw changed(from);
  }

  /** A big-endian EPB, or a Packet Block or Simple Packet Block of either order, as a new EPB. */
  private reencode(out: Uint8Array, pos: number, src: Uint8Array, view: DataView, at: number, typeLe: number, caplen: number, origlen: number, id: number): number {
    const little = typeLe < 0x10000;
    const type = view.getUint32(at, little);
    const total = view.getUint32(at + 4, little);
    if (total < 12 || at + total > src.length) throw changed(at);
    let hi = 0;
    let lo = 0;
    let dataAt: number;
    let options: OptionValue[] = [];
    if (type === BlockType.EPB || type === BlockType.PB) {
      if (total < EPB_FIXED + 4 || view.getUint32(at + 20, little) !== caplen) throw changed(at);
      hi = view.getUint32(at + 12, little);
      lo = view.getUint32(at + 16, little);
      dataAt = at + EPB_FIXED;
      options = optionValues(view, dataAt + pad4(caplen), at + total - 4, little, EPB_OPTION_LAYOUT);
    } else if (type === BlockType.SPB) {
      // No timestamp: 0, as Wireshark reads (and writes) it.
      dataAt = at + 12;
    } else {
      throw changed(at);
    }
    const block = encodeBlock(BlockType.EPB, 20 + caplen, options, (v, bytes) => {
      v.setUint32(0, id, true);
      v.setUint32(4, hi, true);
      v.setUint32(8, lo, true);
      v.setUint32(12, caplen, true);
      v.setUint32(16, origlen, true);
      bytes.set(src.subarray(dataAt, dataAt + caplen), 20);
    });
    if (pos + block.length > out.length) return -1;
    out.set(block, pos);
    return pos + block.length;
  }
}

function changed(at: number): CaptureFormatError {
  return new CaptureFormatError(
    'file-changed',
    'The capture no longer has the packet record the index points to: was it changed since it was opened? Open it again, then export.',
    at,
  );
}

/** Bytes one packet's EPB can take at most when re-encoded without options (for sizing buffers). */
export function plainEpbSize(caplen: number): number {
  return EPB_FIXED + pad4(caplen) + 4;
}
