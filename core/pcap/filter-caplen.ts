/**
 * How many bytes of a packet a capture filter sees. libpcap's file readers cut a record longer than
 * the file's (or interface's) snapshot length down to it before filtering (a snap length of 0 or above
 * 262144 counts as 262144), so a program loading past the snapshot length rejects the packet even if
 * the record holds more bytes. Trawl's display filter does the same, so it keeps exactly what tcpdump
 * keeps; the packet list and detail still show every byte the file holds, as Wireshark does.
 */
export const MAX_SNAPLEN = 262144;

export function filterCaplen(caplen: number, snapLen: number): number {
  const snapshot = snapLen <= 0 || snapLen > MAX_SNAPLEN ? MAX_SNAPLEN : snapLen;
  return caplen > snapshot ? snapshot : caplen;
}
