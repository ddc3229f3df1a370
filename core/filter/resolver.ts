/**
 * Name lookups the filter language needs (libpcap's pcap_nametoaddrinfo, pcap_nametoport,
 * pcap_nametoproto, pcap_ether_hostton, pcap_nametonetaddr). core/ cannot read files, so the caller
 * passes a resolver: workers/name-resolver.ts reads the system's /etc files; tests pass tables.
 * Each method returns null when the name is unknown; the checker turns that into a FilterError
 * with the name's span.
 */
export interface NameResolver {
  /** /etc/hosts: every address of a host name (IPv4 as unsigned 32-bit, IPv6 as 16 bytes). */
  host(name: string): { readonly v4: readonly number[]; readonly v6: readonly Uint8Array[] } | null;
  /** /etc/networks: a network number (host order, unshifted as getnetbyname returns it). */
  network(name: string): number | null;
  /** /etc/ethers: a MAC address. */
  ether(name: string): Uint8Array | null;
  /** /etc/services: the port of a service name for one transport protocol. */
  service(name: string, proto: 'tcp' | 'udp' | 'sctp'): number | null;
  /** /etc/protocols: an IP protocol number. */
  protocol(name: string): number | null;
}

/** Knows no names: every lookup fails (used where no system files are available, e.g. the renderer). */
export const NO_NAMES: NameResolver = {
  host: () => null,
  network: () => null,
  ether: () => null,
  service: () => null,
  protocol: () => null,
};
