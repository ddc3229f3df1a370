/** IP fragment reassembly as seen from one packet (core/flow/ip-defrag.ts computes it; ip.ts shows it). */
export interface IpReassemblyInfo {
  /** 1-based number of the packet whose dissection shows the whole datagram. */
  reassembledIn: number;
}
