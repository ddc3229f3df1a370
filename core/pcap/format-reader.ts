/**
 * The shape shared by the pcap and pcapng record readers, driven by capture-parser.ts. A reader looks at
 * the bytes from `pos` to `end` and either consumes exactly one unit (file header, record or block),
 * asks for more bytes, or stops on a problem. It never keeps a reference to the bytes it is given.
 */
import type { CaptureProblem } from '../api';
import type { CaptureHeader, PacketSink } from './types';

/** `step()` result: the unit is not complete; `need` says how many bytes it takes from `pos`. */
export const NEED_MORE = -1;
/** `step()` result: parsing stopped; `problem` says why. */
export const STOPPED = -2;

export interface FormatReader {
  /** Bytes consumed (> 0), NEED_MORE or STOPPED. `fileOffset` is the file offset of `bytes[pos]`. */
  step(bytes: Uint8Array, view: DataView, pos: number, end: number, fileOffset: number): number;
  /** After NEED_MORE: the size of the unit at `pos` as far as known (always more than was available). */
  readonly need: number;
  readonly problem: CaptureProblem | undefined;
  readonly packets: number;
  readonly timelessPackets: number;
  readonly header: CaptureHeader | undefined;
  /** Name of the unit being read, for a truncation message ("packet record", "Enhanced Packet Block"). */
  readonly pendingUnit: string;
}

export interface ReaderDeps {
  sink: PacketSink;
}
