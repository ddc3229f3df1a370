/**
 * pcapng files: a sequence of blocks (type u32, total length u32, body, total length u32 again), grouped
 * in sections that each start with a Section Header Block fixing the byte order. Interfaces (IDBs) are
 * numbered per section in the file and globally (running on across sections) in what Trawl reports.
 *
 * Packets come from Enhanced Packet Blocks, Simple Packet Blocks and the obsolete Packet Block; every
 * other block (NRB, ISB, DSB, custom, unknown) is checked for its framing and skipped.
 */
import type { CaptureProblem, InterfaceInfo } from '../api';
import { CaptureFormatError } from '../errors';
import { NEED_MORE, STOPPED, type FormatReader } from './format-reader';
import { linkTypeName, maxCaplenFor } from './link-types';
import { OptionCode, optionString, readOptions } from './pcapng-options';
import { decodeTsResol, TimestampConverter } from './timestamp';
import type { CaptureHeader, PacketSink, SectionInfo } from './types';

export const BlockType = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  PB: 0x00000002,
  SPB: 0x00000003,
  NRB: 0x00000004,
  ISB: 0x00000005,
  EPB: 0x00000006,
  DSB: 0x0000000a,
  CB: 0x00000bad,
  DCB: 0x40000bad,
} as const;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Largest block accepted (Wireshark's limit is of the same order): beyond this the length is junk. */
export const MAX_BLOCK_LEN = 16 * 1024 * 1024 + 1024;

const BLOCK_NAMES: Record<number, string> = {
  [BlockType.SHB]: 'Section Header Block',
  [BlockType.IDB]: 'Interface Description Block',
  [BlockType.PB]: 'Packet Block',
  [BlockType.SPB]: 'Simple Packet Block',
  [BlockType.NRB]: 'Name Resolution Block',
  [BlockType.ISB]: 'Interface Statistics Block',
  [BlockType.EPB]: 'Enhanced Packet Block',
  [BlockType.DSB]: 'Decryption Secrets Block',
};

export function blockName(type: number): string {
  return BLOCK_NAMES[type] ?? `block of type 0x${type.toString(16).padStart(8, '0')}`;
}

interface SectionInterface {
  globalId: number;
  snapLen: number;
  maxCaplen: number;
  ts: TimestampConverter;
}

export class PcapngReader implements FormatReader {
  need = 12;
  problem: CaptureProblem | undefined;
  packets = 0;
  /** Packets from Simple Packet Blocks, which carry no timestamp (reported as 0). */
  timelessPackets = 0;
  header: CaptureHeader | undefined;
  pendingUnit = 'Section Header Block';
  private little = true;
  private sectionIfaces: SectionInterface[] = [];
  private nextGlobalId = 0;

  constructor(private readonly sink: PacketSink) {}

  step(bytes: Uint8Array, view: DataView, pos: number, end: number, fileOffset: number): number {
    const avail = end - pos;
    if (avail < 12) {
      this.need = 12;
      return NEED_MORE;
    }
    const type = view.getUint32(pos, this.little);
    let little = this.little;
    if (type === BlockType.SHB) {
      const magic = view.getUint32(pos + 8, true);
      if (magic === BYTE_ORDER_MAGIC) little = true;
      else if (magic === 0x4d3c2b1a) little = false;
      else if (this.header === undefined) {
        throw new CaptureFormatError(
          'not-a-capture',
          'The file starts like a pcapng file but its section header has no valid byte-order magic: it is not a capture file, or it is damaged.',
          fileOffset + 8,
        );
      } else return this.fail('bad-magic', fileOffset, 'a Section Header Block has no valid byte-order magic');
    }
    const total = view.getUint32(pos + 4, little);
    this.pendingUnit = blockName(type);
    if (total < 12 || total % 4 !== 0 || total > MAX_BLOCK_LEN) {
      return this.fail('bad-block-length', fileOffset, `${blockName(type)} has an invalid total length of ${total} bytes`);
    }
    if (avail < total) {
      this.need = total;
      return NEED_MORE;
    }
    const trailer = view.getUint32(pos + total - 4, little);
    if (trailer !== total) {
      return this.fail(
        'block-length-mismatch',
        fileOffset,
        `${blockName(type)}: total length ${total} at its start and ${trailer} at its end do not match`,
      );
    }
    switch (type) {
      case BlockType.EPB:
        return this.readPacketBlock(view, pos, total, fileOffset, false);
      case BlockType.SHB:
        this.little = little;
        return this.readShb(view, pos, total, fileOffset);
      case BlockType.IDB:
        return this.readIdb(view, pos, total, fileOffset);
      case BlockType.SPB:
        return this.readSpb(view, pos, total, fileOffset);
      case BlockType.PB:
        return this.readPacketBlock(view, pos, total, fileOffset, true);
      default:
        return total;
    }
  }

  private fail(code: string, offset: number, reason: string): number {
    // Before the first section header is read there is no capture to open.
    if (this.header === undefined) throw new CaptureFormatError(code, `Cannot read this pcapng file: ${reason}.`, offset);
    this.problem = { code, record: this.packets + 1, offset, reason };
    return STOPPED;
  }

  private iface(id: number, offset: number, block: string): SectionInterface | undefined {
    const i = this.sectionIfaces[id];
    if (i === undefined) {
      this.fail(
        'bad-interface',
        offset,
        `${block} names interface ${id}, but its section has ${this.sectionIfaces.length} interface${this.sectionIfaces.length === 1 ? '' : 's'}`,
      );
    }
    return i;
  }

  /**
   * An Enhanced Packet Block, or the obsolete Packet Block: the same layout after the interface id,
   * which the EPB holds in 32 bits and the PB in 16 (followed by a 16-bit drop count).
   */
  private readPacketBlock(view: DataView, pos: number, total: number, fileOffset: number, obsolete: boolean): number {
    const label = obsolete ? 'Packet Block' : 'Enhanced Packet Block';
    if (total < 32) return this.fail('bad-block-length', fileOffset, `${label} of ${total} bytes is too short`);
    const le = this.little;
    const id = obsolete ? view.getUint16(pos + 8, le) : view.getUint32(pos + 8, le);
    const iface = this.iface(id, fileOffset, label);
    if (iface === undefined) return STOPPED;
    const caplen = view.getUint32(pos + 20, le);
    if (caplen > total - 32 || caplen > iface.maxCaplen) {
      return this.fail('bad-caplen', fileOffset, `${label} claims ${caplen} captured bytes, more than the block holds`);
    }
    const ts = iface.ts;
    ts.convert(view.getUint32(pos + 12, le), view.getUint32(pos + 16, le));
    this.packets++;
    this.sink.packet(fileOffset, fileOffset + 28, caplen, view.getUint32(pos + 24, le), ts.sec, ts.nsec, iface.globalId);
    return total;
  }

  private readSpb(view: DataView, pos: number, total: number, fileOffset: number): number {
    if (total < 16) return this.fail('bad-block-length', fileOffset, `Simple Packet Block of ${total} bytes is too short`);
    const iface = this.iface(0, fileOffset, 'Simple Packet Block');
    if (iface === undefined) return STOPPED;
    const origlen = view.getUint32(pos + 8, this.little);
    let caplen = Math.min(origlen, total - 16);
    if (iface.snapLen !== 0) caplen = Math.min(caplen, iface.snapLen);
    this.packets++;
    this.timelessPackets++;
    // A Simple Packet Block has no timestamp; Wireshark shows it as 0.
    this.sink.packet(fileOffset, fileOffset + 12, caplen, origlen, 0, 0, iface.globalId);
    return total;
  }

  private readShb(view: DataView, pos: number, total: number, fileOffset: number): number {
    const le = this.little;
    if (total < 28) return this.fail('bad-block-length', fileOffset, `Section Header Block of ${total} bytes is too short`);
    const versionMajor = view.getUint16(pos + 12, le);
    const versionMinor = view.getUint16(pos + 14, le);
    if (versionMajor !== 1) {
      return this.fail('unsupported-version', fileOffset, `section version ${versionMajor}.${versionMinor} is not supported (only 1.x)`);
    }
    const { options, error } = readOptions(view, pos + 24, pos + total - 4, le);
    if (error) return this.fail('bad-option', fileOffset, `Section Header Block: ${error}`);
    const section: SectionInfo = { offset: fileOffset, byteOrder: le ? 'little' : 'big', versionMajor, versionMinor, comments: [] };
    for (const o of options) {
      if (o.code === OptionCode.comment) section.comments.push(optionString(view, o));
      else if (o.code === OptionCode.shbHardware) section.hardware = optionString(view, o);
      else if (o.code === OptionCode.shbOs) section.os = optionString(view, o);
      else if (o.code === OptionCode.shbUserAppl) section.application = optionString(view, o);
    }
    if (this.header === undefined) {
      this.header = { format: 'pcapng', byteOrder: section.byteOrder, versionMajor, versionMinor, sections: [] };
    }
    this.header.sections.push(section);
    this.sectionIfaces = [];
    return total;
  }

  private readIdb(view: DataView, pos: number, total: number, fileOffset: number): number {
    const le = this.little;
    if (total < 20) return this.fail('bad-block-length', fileOffset, `Interface Description Block of ${total} bytes is too short`);
    const linkType = view.getUint16(pos + 8, le);
    const snapLen = view.getUint32(pos + 12, le);
    const { options, error } = readOptions(view, pos + 16, pos + total - 4, le);
    if (error) return this.fail('bad-option', fileOffset, `Interface Description Block: ${error}`);
    const info: InterfaceInfo = { id: this.nextGlobalId, linkType, linkTypeName: linkTypeName(linkType), snapLen, tsDigits: 6, pcapng: true };
    let unitsPerSecond = 1e6;
    let offsetSec = 0;
    for (const o of options) {
      if (o.code === OptionCode.ifName) info.name = optionString(view, o);
      else if (o.code === OptionCode.ifDescription) info.description = optionString(view, o);
      else if (o.code === OptionCode.ifTsResol && o.length >= 1) {
        const res = decodeTsResol(view.getUint8(o.offset));
        if (!res) return this.fail('bad-option', fileOffset, `Interface Description Block: if_tsresol ${view.getUint8(o.offset)} is out of range`);
        unitsPerSecond = res.unitsPerSecond;
        info.tsDigits = res.digits;
      } else if (o.code === OptionCode.ifTsOffset && o.length >= 8) {
        offsetSec = Number(view.getBigInt64(o.offset, le));
      }
    }
    this.sectionIfaces.push({
      globalId: this.nextGlobalId++,
      snapLen,
      maxCaplen: Math.max(maxCaplenFor(linkType), snapLen),
      ts: new TimestampConverter(unitsPerSecond, offsetSec),
    });
    this.sink.interface(info);
    return total;
  }
}
