/** IP protocol numbers as Wireshark names them (`Protocol: UDP (17)`), shared by ip.proto and ipv6.nxt. */
export const IP_PROTO_NAMES: Readonly<Record<number, string>> = {
  0: 'IPv6 Hop-by-Hop Option',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPIP',
  6: 'TCP',
  8: 'EGP',
  9: 'IGRP',
  17: 'UDP',
  27: 'RDP',
  33: 'DCCP',
  41: 'IPv6',
  43: 'Routing Header for IPv6',
  44: 'Fragment Header for IPv6',
  46: 'RSVP',
  47: 'Generic Routing Encapsulation',
  50: 'Encap Security Payload',
  51: 'Authentication Header',
  58: 'ICMPv6',
  59: 'IPv6 No Next Header',
  60: 'Destination Options for IPv6',
  88: 'EIGRP',
  89: 'OSPF IGP',
  97: 'Ethernet in IP',
  103: 'PIM',
  112: 'Virtual Router Redundancy Protocol',
  115: 'Layer 2 Tunneling Protocol',
  132: 'SCTP',
  135: 'Mobile IPv6',
  136: 'UDPLite',
  137: 'MPLS in IP',
};

/** Internet checksum (RFC 1071) of `bytes[from, to)`, folded, not complemented, plus `initial`. */
export function onesComplementSum(bytes: Uint8Array, from: number, to: number, initial = 0): number {
  let sum = initial;
  let i = from;
  for (; i + 1 < to; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (i < to) sum += bytes[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}
