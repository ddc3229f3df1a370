/**
 * The dissection entry points' contract (implemented in core/dissect, used by the engine's workers and
 * the CLI). Two paths, after gopacket's DecodingLayerParser: `summarize` fills the list columns cheaply;
 * `dissectTree` builds the whole tree only for the packet a user selects.
 */
import type { InterfaceInfo, Timestamp } from '../api';

export interface Summary {
  source: string;
  destination: string;
  /** Protocol column: the top-most protocol, as Wireshark names it (e.g. `TCP`, `DNS`, `ARP`). */
  protocol: string;
  /** Info column, as Wireshark writes it. */
  info: string;
  malformed: boolean;
}

export interface FrameMeta {
  number: number;
  timestamp: Timestamp;
  /** Seconds since the first packet. */
  relTime: number;
  caplen: number;
  origlen: number;
  interface: InterfaceInfo;
}
