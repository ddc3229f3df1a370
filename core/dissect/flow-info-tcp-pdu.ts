/**
 * TCP desegmentation as seen from one packet: core/flow/tcp-pdu.ts finds the PDUs (HTTP messages, TLS
 * records) that span segments, tcp.ts shows it as Wireshark does: `tcp.reassembled_in` and "[TCP segment of
 * a reassembled PDU]" on the earlier segments; on the packet that completes the PDU, `tcp.segments` and the
 * whole PDU handed to the upper dissector as a new byte source, "Reassembled TCP (N bytes)".
 */

/** One segment's part of a PDU, in the order tshark lists them (by offset in the PDU, then arrival). */
export interface TcpPduSegmentRef {
  /** 1-based packet number. */
  number: number;
  /** Offset of its bytes in the PDU, and how many. */
  offset: number;
  length: number;
  /** Where those bytes start in the packet's TCP payload. */
  from: number;
}

export interface TcpPduInfo {
  /** Set on a segment of a PDU that a later packet completes: that packet. */
  reassembledIn?: number;
  /**
   * Set on a segment of a PDU not completed in this packet (with `reassembledIn`, or alone when the PDU never
   * completes): where that PDU's bytes start in the packet's TCP payload (what comes before is whole PDUs).
   */
  startsAt?: number;
  /** Set on the packet that completes a PDU. */
  pdu?: {
    segments: TcpPduSegmentRef[];
    /** Reassembled length. */
    length: number;
    /**
     * Where this packet's own bytes of the PDU end in its TCP payload: what follows (whole PDUs, or the next
     * PDU's start, `startsAt`) is dissected from the frame after the PDU, as Wireshark does.
     */
    end?: number;
    /**
     * The PDU's bytes, when the flow engine put them together for this dissection (they are not kept: they
     * are read again from the segments); absent, the packet shows the segment list only.
     */
    bytes?: Uint8Array;
  };
}
