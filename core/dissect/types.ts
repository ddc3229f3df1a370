/**
 * The dissection entry points' contract (implemented in core/dissect, used by the engine's workers and
 * the CLI). Two paths, after gopacket's DecodingLayerParser: `summarize` fills the list columns cheaply;
 * `dissectTree` builds the whole tree only for the packet a user selects.
 */
import type { PacketDetail } from '../api';
import type { PacketFlowInfo } from './flow-info';

export interface Summary {
  source: string;
  destination: string;
  /** Protocol column: the top-most protocol, as Wireshark names it (e.g. `TCP`, `DNS`, `ARP`). */
  protocol: string;
  /** Info column, as Wireshark writes it. */
  info: string;
  malformed: boolean;
}

/** What the Frame node shows: the part of a packet's detail that comes from the index, not the bytes. */
export type FrameMeta = Pick<PacketDetail, 'number' | 'timestamp' | 'relTime' | 'caplen' | 'origlen' | 'interface'> & {
  /**
   * The first packet's timestamp, when known: frame.time_relative is then exact to the nanosecond (a
   * double `relTime` is not, once a capture spans more than about 10^7 seconds).
   */
  firstTimestamp?: { sec: number; nsec: number };
  /** What the flow engine knows of this packet (stream numbers, TCP analysis, reassembly), once its pass has run. */
  flow?: PacketFlowInfo;
};
