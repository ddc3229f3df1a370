/**
 * Classic libpcap files: a 24-byte file header, then records of a 16-byte header (24 bytes in the modified
 * "Kuznetzov" format) and the captured bytes. Both byte orders, microsecond and nanosecond magics.
 *
 * Like libpcap and Wireshark: the link-type field keeps only its low 16 bits (the rest holds FCS
 * information or junk, LT_LINKTYPE); versions from 2.0 up are accepted (Wireshark reads 2.5); a record
 * whose captured length is beyond what any reader accepts stops the file there.
 */
import type { CaptureProblem, InterfaceInfo } from '../api';
import { CaptureFormatError } from '../errors';
import { NEED_MORE, STOPPED, type FormatReader } from './format-reader';
import { linkTypeName, maxCaplenFor } from './link-types';
import type { CaptureHeader, PacketSink } from './types';

export const PCAP_FILE_HEADER_LEN = 24;

export const PcapMagic = {
  usec: 0xa1b2c3d4,
  nsec: 0xa1b23c4d,
  kuznetzov: 0xa1b2cd34,
} as const;
export type PcapVariant = keyof typeof PcapMagic;

/** The pcap variant and byte order of a file's first four bytes, or undefined if not a pcap magic. */
export function pcapMagicOf(b0: number, b1: number, b2: number, b3: number): { variant: PcapVariant; little: boolean } | undefined {
  const be = ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
  const le = ((b3 << 24) | (b2 << 16) | (b1 << 8) | b0) >>> 0;
  for (const variant of Object.keys(PcapMagic) as PcapVariant[]) {
    if (PcapMagic[variant] === be) return { variant, little: false };
    if (PcapMagic[variant] === le) return { variant, little: true };
  }
  return undefined;
}

export class PcapReader implements FormatReader {
  need = PCAP_FILE_HEADER_LEN;
  problem: CaptureProblem | undefined;
  packets = 0;
  readonly timelessPackets = 0;
  header: CaptureHeader | undefined;
  pendingUnit = 'file header';
  private readonly little: boolean;
  private readonly variant: PcapVariant;
  private readonly recordHeaderLen: number;
  private readonly fracToNsec: number;
  private maxCaplen = 262144;

  constructor(
    private readonly sink: PacketSink,
    magic: { variant: PcapVariant; little: boolean },
  ) {
    this.little = magic.little;
    this.variant = magic.variant;
    this.recordHeaderLen = magic.variant === 'kuznetzov' ? 24 : 16;
    this.fracToNsec = magic.variant === 'nsec' ? 1 : 1000;
  }

  step(bytes: Uint8Array, view: DataView, pos: number, end: number, fileOffset: number): number {
    if (this.header === undefined) return this.readFileHeader(view, pos, end, fileOffset);
    const avail = end - pos;
    const hl = this.recordHeaderLen;
    if (avail < hl) {
      this.need = hl;
      return NEED_MORE;
    }
    const le = this.little;
    const caplen = view.getUint32(pos + 8, le);
    const origlen = view.getUint32(pos + 12, le);
    if (caplen > this.maxCaplen) {
      this.problem = {
        code: 'bad-caplen',
        record: this.packets + 1,
        offset: fileOffset,
        reason: `packet record ${this.packets + 1} claims ${caplen} captured bytes, more than the maximum of ${this.maxCaplen}: the file is corrupt from here`,
      };
      return STOPPED;
    }
    const total = hl + caplen;
    if (avail < total) {
      this.need = total;
      return NEED_MORE;
    }
    let sec = view.getUint32(pos, le);
    // As Wireshark: the fraction in nanoseconds is computed in 32-bit arithmetic and stored in an int, so
    // an out-of-range fraction (fuzzed files) wraps exactly as it does there; then it is normalised.
    let nsec = (view.getUint32(pos + 4, le) * this.fracToNsec) | 0;
    if (nsec < 0 || nsec >= 1e9) {
      const carry = Math.floor(nsec / 1e9);
      sec += carry;
      nsec -= carry * 1e9;
    }
    this.packets++;
    this.sink.packet(fileOffset, fileOffset + hl, caplen, origlen, sec, nsec, 0);
    return total;
  }

  private readFileHeader(view: DataView, pos: number, end: number, fileOffset: number): number {
    if (end - pos < PCAP_FILE_HEADER_LEN) {
      this.need = PCAP_FILE_HEADER_LEN;
      return NEED_MORE;
    }
    const le = this.little;
    const versionMajor = view.getUint16(pos + 4, le);
    const versionMinor = view.getUint16(pos + 6, le);
    if (versionMajor < 2) {
      throw new CaptureFormatError(
        'unsupported-version',
        `This pcap file says it is version ${versionMajor}.${versionMinor}; only version 2.x files can be read (it may be an archaic or damaged file).`,
        fileOffset + 4,
      );
    }
    const snapLen = view.getUint32(pos + 16, le);
    const linkType = view.getUint32(pos + 20, le) & 0xffff;
    this.maxCaplen = maxCaplenFor(linkType);
    this.header = {
      format: 'pcap',
      byteOrder: le ? 'little' : 'big',
      versionMajor,
      versionMinor,
      pcapVariant: this.variant,
      sections: [],
    };
    const info: InterfaceInfo = {
      id: 0,
      linkType,
      linkTypeName: linkTypeName(linkType),
      snapLen,
      tsDigits: this.variant === 'nsec' ? 9 : 6,
    };
    this.sink.interface(info);
    this.pendingUnit = 'packet record';
    return PCAP_FILE_HEADER_LEN;
  }
}
