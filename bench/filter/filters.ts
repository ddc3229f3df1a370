/** The capture filters the "filter" benchmark times: different shapes, from one port test to packet arithmetic. */
export const BENCH_FILTERS: readonly { readonly expr: string; readonly shape: string }[] = [
  { expr: 'tcp port 443', shape: 'port (IPv4 and IPv6, fragment check)' },
  { expr: 'host 10.1.0.108', shape: 'host: ip, arp and rarp addresses' },
  { expr: 'udp port 53 and not ip6', shape: 'protocol, port and negation' },
  { expr: 'tcp[tcpflags] & (tcp-syn|tcp-fin) != 0', shape: 'packet data with transport offset' },
  { expr: 'net 10.0.0.0/8 and greater 1000', shape: 'network mask and length' },
];

/** The raw JIT rate is measured on this one (the "simple port filter"). */
export const JIT_RATE_FILTER = 'tcp port 80';
