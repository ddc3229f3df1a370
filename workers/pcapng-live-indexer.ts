/**
 * Indexes one pcapng file while it is written, block by block, as the capture worker's splitter hands
 * the blocks over: the packet sink sees exactly what core/pcap's parser would report reading the file
 * back (same offsets, lengths, timestamps, interface ids, and the same problem at the same place).
 *
 * Enhanced Packet Blocks — nearly every block of a live capture — are read in place: interface id,
 * timestamp, captured and original length, checked as the reader checks them, straight to the sink.
 * Every other block (SHB, IDB, ISB, NRB, SPB, PB…) is rare and goes to a core/pcap parser of its own,
 * which sees only those blocks; its offsets are moved to where the block sits in the file. The IDBs it
 * accepts give the fast path its interfaces (global id, largest caplen, timestamp resolution and offset).
 */
import type { CaptureProblem } from '../core/api';
import { CaptureFormatError } from '../core/errors';
import { createCaptureParser, decodeTsResol, maxCaplenFor, TimestampConverter, type CaptureParser, type PacketSink } from '../core/pcap/index';
import { OptionCode, readOptions } from '../core/pcap/pcapng-options';
import { BlockType } from '../core/pcap/pcapng-reader';

/** An interface of the current section, as the EPB path needs it. */
interface LiveInterface {
  globalId: number;
  maxCaplen: number;
  ts: TimestampConverter;
}

/** EPB: type, length, interface id, timestamp (2 × u32), caplen, origlen, then the data. */
const EPB_DATA = 28;
const EPB_MIN = 32;

export class PcapngLiveIndexer {
  /** Packets indexed (from every kind of packet block). */
  packets = 0;
  /** Set once a block is malformed; nothing is indexed after it. */
  problem: CaptureProblem | undefined;
  private readonly others: CaptureParser;
  private section: LiveInterface[] = [];
  /** File offset minus the side parser's offset, for the block it is reading now. */
  private shift = 0;
  /** The IDB being read by the side parser (for its timestamp options). */
  private idbView: DataView | undefined;
  private idbPos = 0;
  private idbTotal = 0;
  private idbLittle = true;

  constructor(private readonly sink: PacketSink) {
    this.others = createCaptureParser({
      // Packets from SPBs and PBs: at the file offset the block really has.
      packet: (rec, data, caplen, origlen, sec, nsec, iface) => {
        this.packets++;
        sink.packet(rec + this.shift, data + this.shift, caplen, origlen, sec, nsec, iface);
      },
      interface: (info) => {
        const view = this.idbView;
        if (view === undefined) throw new Error('internal: an interface without an Interface Description Block');
        this.section.push({
          globalId: info.id,
          maxCaplen: Math.max(maxCaplenFor(info.linkType), info.snapLen),
          ts: idbTimestamps(view, this.idbPos, this.idbTotal, this.idbLittle),
        });
        sink.interface(info);
      },
    });
  }

  /**
   * The whole block `bytes[pos .. pos + total)` (`view` over all of `bytes`, `little` its byte order),
   * which sits at `fileOffset` in the file. False, with `problem` set, when it is malformed: it and
   * everything after it must not be indexed (nor, to keep the file and the index equal, written).
   */
  block(type: number, view: DataView, pos: number, total: number, little: boolean, fileOffset: number): boolean {
    if (this.problem) return false;
    if (type !== BlockType.EPB) return this.other(type, view, pos, total, little, fileOffset);
    if (total < EPB_MIN) return this.fail('bad-block-length', fileOffset, `Enhanced Packet Block of ${total} bytes is too short`);
    const id = view.getUint32(pos + 8, little);
    const iface = this.section[id];
    if (iface === undefined) {
      const n = this.section.length;
      return this.fail('bad-interface', fileOffset, `Enhanced Packet Block names interface ${id}, but its section has ${n} interface${n === 1 ? '' : 's'}`);
    }
    const caplen = view.getUint32(pos + 20, little);
    if (caplen > total - EPB_MIN || caplen > iface.maxCaplen) {
      return this.fail('bad-caplen', fileOffset, `Enhanced Packet Block claims ${caplen} captured bytes, more than the block holds`);
    }
    const ts = iface.ts;
    ts.convert(view.getUint32(pos + 12, little), view.getUint32(pos + 16, little));
    this.packets++;
    this.sink.packet(fileOffset, fileOffset + EPB_DATA, caplen, view.getUint32(pos + 24, little), ts.sec, ts.nsec, iface.globalId);
    return true;
  }

  /** Any block but an EPB: the side parser reads it. */
  private other(type: number, view: DataView, pos: number, total: number, little: boolean, fileOffset: number): boolean {
    this.shift = fileOffset - this.others.validBytes;
    if (type === BlockType.IDB) {
      this.idbView = view;
      this.idbPos = pos;
      this.idbTotal = total;
      this.idbLittle = little;
    }
    let ok: boolean;
    try {
      ok = this.others.push(new Uint8Array(view.buffer, view.byteOffset + pos, total));
    } catch (e) {
      // The first section header is unreadable (the parser throws rather than report it): nothing is a capture.
      if (!(e instanceof CaptureFormatError)) throw e;
      this.problem = { code: e.code, record: 1, offset: e.offset + this.shift, reason: e.message };
      return false;
    } finally {
      this.idbView = undefined;
    }
    if (!ok) {
      const p = this.others.problem;
      this.problem = {
        code: p?.code ?? 'malformed',
        record: this.packets + 1,
        offset: p === undefined ? fileOffset : p.offset + this.shift,
        reason: p?.reason ?? 'the parser stopped',
      };
      return false;
    }
    if (type === BlockType.SHB) this.section = [];
    return true;
  }

  private fail(code: string, offset: number, reason: string): false {
    this.problem = { code, record: this.packets + 1, offset, reason };
    return false;
  }
}

/** The timestamp converter an IDB asks for (if_tsresol, if_tsoffset); the parser has checked the block. */
function idbTimestamps(view: DataView, pos: number, total: number, little: boolean): TimestampConverter {
  let unitsPerSecond = 1e6;
  let offsetSec = 0;
  for (const o of readOptions(view, pos + 16, pos + total - 4, little).options) {
    if (o.code === OptionCode.ifTsResol && o.length >= 1) {
      const res = decodeTsResol(view.getUint8(o.offset));
      if (res) unitsPerSecond = res.unitsPerSecond;
    } else if (o.code === OptionCode.ifTsOffset && o.length >= 8) {
      offsetSec = Number(view.getBigInt64(o.offset, little));
    }
  }
  return new TimestampConverter(unitsPerSecond, offsetSec);
}
