/**
 * The streaming push parser: detects pcap or pcapng from the first bytes, then hands whole units (file
 * header, record, block) to the format's reader. Records are read in place from the chunk they arrive in;
 * only a unit that spans chunks is copied, into one carry buffer that never holds more than that unit.
 */
import type { CaptureProblem, InterfaceInfo } from '../api';
import { NEED_MORE, STOPPED, type FormatReader } from './format-reader';
import { describeNonCapture } from './file-kind';
import { PcapReader, pcapMagicOf } from './pcap-reader';
import { BlockType, PcapngReader } from './pcapng-reader';
import type { CaptureHeader, CaptureParser, PacketSink } from './types';

const MAGIC_LEN = 4;

class StreamingCaptureParser implements CaptureParser {
  private reader: FormatReader | undefined;
  private readonly interfaceList: InterfaceInfo[] = [];
  private readonly recordingSink: PacketSink;
  /** Bytes of the unit that spans chunks; the unit starts at file offset `validBytes`. */
  private carry = new Uint8Array(0);
  private carryView = new DataView(this.carry.buffer);
  private carryLen = 0;
  private consumed = 0;
  private stopped = false;
  private finalProblem: CaptureProblem | undefined;

  constructor(sink: PacketSink) {
    const list = this.interfaceList;
    this.recordingSink = {
      // Bound, not wrapped: the hot path calls the caller's sink directly.
      packet: sink.packet.bind(sink),
      interface(info) {
        list.push(info);
        sink.interface(info);
      },
    };
  }

  get problem(): CaptureProblem | undefined {
    return this.finalProblem ?? this.reader?.problem;
  }
  get validBytes(): number {
    return this.consumed;
  }
  get packets(): number {
    return this.reader?.packets ?? 0;
  }
  get timelessPackets(): number {
    return this.reader?.timelessPackets ?? 0;
  }
  get header(): CaptureHeader | undefined {
    return this.reader?.header;
  }
  get interfaces(): readonly InterfaceInfo[] {
    return this.interfaceList;
  }

  push(chunk: Uint8Array): boolean {
    if (this.stopped) return false;
    let i = 0;
    if (this.carryLen > 0 || this.reader === undefined) {
      // Complete the unit in the carry buffer first, one needed piece at a time.
      for (;;) {
        const need = this.reader === undefined ? MAGIC_LEN : this.reader.need;
        const take = Math.min(need - this.carryLen, chunk.length - i);
        if (take > 0) {
          this.appendCarry(chunk, i, take);
          i += take;
        }
        if (this.carryLen < need) return true;
        if (this.reader === undefined) {
          this.reader = this.detect(chunk.subarray(i, i + 60));
          continue;
        }
        const r = this.reader.step(this.carry, this.carryView, 0, this.carryLen, this.consumed);
        if (r === STOPPED) return this.stop();
        if (r === NEED_MORE) continue;
        this.consumed += r;
        this.carryLen = 0;
        break;
      }
    }
    const reader = this.reader;
    if (reader === undefined) return true;
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const end = chunk.length;
    while (i < end) {
      const r = reader.step(chunk, view, i, end, this.consumed);
      if (r > 0) {
        this.consumed += r;
        i += r;
      } else if (r === NEED_MORE) {
        this.appendCarry(chunk, i, end - i);
        return true;
      } else return this.stop();
    }
    return true;
  }

  finish(): CaptureProblem | undefined {
    if (this.problem) return this.problem;
    if (this.reader === undefined) {
      // Fewer bytes than a magic number: nothing to open.
      throw describeNonCapture(this.carry.subarray(0, this.carryLen), this.carryLen);
    }
    if (this.carryLen > 0) {
      const unit = this.reader.pendingUnit;
      this.finalProblem = {
        code: 'truncated',
        record: this.reader.packets + 1,
        offset: this.consumed,
        reason: `the file ends inside a ${unit}: ${this.carryLen} of its ${this.reader.need} bytes are present (the capture was cut short)`,
      };
      this.stopped = true;
    }
    return this.finalProblem;
  }

  private stop(): false {
    this.stopped = true;
    this.carryLen = 0;
    return false;
  }

  private detect(more: Uint8Array): FormatReader {
    const first = this.carry;
    const pcap = pcapMagicOf(first[0], first[1], first[2], first[3]);
    if (pcap) return new PcapReader(this.recordingSink, pcap);
    const type = ((first[0] << 24) | (first[1] << 16) | (first[2] << 8) | first[3]) >>> 0;
    if (type === BlockType.SHB) return new PcapngReader(this.recordingSink);
    const sample = new Uint8Array(MAGIC_LEN + more.length);
    sample.set(first.subarray(0, MAGIC_LEN));
    sample.set(more, MAGIC_LEN);
    throw describeNonCapture(sample, sample.length);
  }

  private appendCarry(src: Uint8Array, from: number, count: number): void {
    const needed = this.carryLen + count;
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.carry.length * 2, 64));
      grown.set(this.carry.subarray(0, this.carryLen));
      this.carry = grown;
      this.carryView = new DataView(grown.buffer);
    }
    this.carry.set(src.subarray(from, from + count), this.carryLen);
    this.carryLen = needed;
  }
}

/** A parser that reads a capture pushed in chunks of any size and reports its packets to `sink`. */
export function createCaptureParser(sink: PacketSink): CaptureParser {
  return new StreamingCaptureParser(sink);
}
