/**
 * The streaming capture reader's contract (implemented in core/pcap, used by the engine's index worker,
 * the CLI and tests). A capture is never loaded whole: bytes are pushed in chunks of any size, records
 * may span chunks, and every packet is reported with the absolute byte offset of its data so that the
 * engine can read it again later with one pread.
 */
import type { CaptureFormat, CaptureProblem, InterfaceInfo } from '../api';

export interface PacketSink {
  /**
   * One packet record, in file order. Positional arguments so the hot path allocates nothing.
   * `recordOffset`: offset of the record/block header; `dataOffset`: offset of the first packet byte;
   * `tsSec`/`tsNsec`: absolute time (pcapng if_tsresol and if_tsoffset applied); `interfaceId`: global
   * interface index (pcap: 0; pcapng: ids run on across sections, in order of appearance).
   */
  packet(
    recordOffset: number,
    dataOffset: number,
    caplen: number,
    origlen: number,
    tsSec: number,
    tsNsec: number,
    interfaceId: number,
  ): void;
  /** A new interface (pcap: once, from the file header; pcapng: for each IDB). */
  interface(info: InterfaceInfo): void;
}

export interface SectionInfo {
  /** Offset of the section header block. */
  offset: number;
  byteOrder: 'little' | 'big';
  versionMajor: number;
  versionMinor: number;
  hardware?: string;
  os?: string;
  application?: string;
  comments: string[];
}

export interface CaptureHeader {
  format: CaptureFormat;
  /** Byte order of the first section (pcap: of the file). */
  byteOrder: 'little' | 'big';
  versionMajor: number;
  versionMinor: number;
  /** pcap only: which magic ('usec', 'nsec', 'kuznetzov' for the modified format). */
  pcapVariant?: 'usec' | 'nsec' | 'kuznetzov';
  sections: SectionInfo[];
}

export interface CaptureParser {
  /** Feed the next bytes of the file, in order. Returns false once parsing has stopped on a problem. */
  push(chunk: Uint8Array): boolean;
  /** The file has no more bytes. Returns the problem if it ended inside a record, or the earlier problem. */
  finish(): CaptureProblem | undefined;
  readonly problem: CaptureProblem | undefined;
  /** Bytes of the file consumed by whole records so far (everything before this offset is valid). */
  readonly validBytes: number;
  readonly packets: number;
  /**
   * Packets that carry no timestamp (pcapng Simple Packet Blocks; reported with time 0). When there are
   * any, the capture's first/last times are unknown, as capinfos says ("n/a").
   */
  readonly timelessPackets: number;
  /** Known once the file header / first section header has been read. */
  readonly header: CaptureHeader | undefined;
  readonly interfaces: readonly InterfaceInfo[];
}

/** What the engine needs of one record beyond the index: its options (pcapng) for the detail view. */
export interface RecordDetail {
  comments: string[];
  /** pcapng epb_flags (direction in bits 0-1), when present. */
  flags?: number;
}
