/**
 * A hand-written fast path for the flow pass's extraction (flow-extract.ts): it reads the common packet
 * shapes straight from the bytes and writes the same FlowRecords columns the generic path (the dissector
 * chain through `observeFlows` and flow-extract.ts's RecordObserver) writes for them, without the chain.
 *
 * It takes: link types Ethernet II (with up to MAX_TAGS 802.1Q / 802.1ad tags after the header), Linux
 * cooked v1, raw IP, raw IPv4, raw IPv6, NULL and LOOP; then IPv4 that is no fragment, with its whole
 * datagram captured, or IPv6 whose next header is TCP or UDP, with its whole payload captured; then a TCP
 * header (options included) or a UDP header that lie inside that payload, on ports no tunnel is registered
 * on. Everything else is declined before anything is written, and the generic path takes the packet:
 * other link types and EtherTypes, ICMP, fragments, IPv6 extension headers, tunnels (GRE, IP in IP, and
 * FLOW_SCOPE.tunnels: the driver goes on past a transport only into the protocol its port table names,
 * so the ports come from the registry's tables, and a tunnel heuristic on a table would rule out every
 * port), anything cut short or with a length field that disagrees, and TCP options the dissector treats
 * specially (a bad length, a kind seen twice).
 *
 * What it takes carries no error and no fragment, so the packet is never malformed: every read the
 * dissectors would make lies inside the captured bytes, no length check of theirs fails, and the chain
 * stops after the transport header. flow-fast-path.test.ts proves the equality: over every corpus
 * capture, and over bit flips and truncations of packets it takes, both paths must write the same batch.
 */
import { FLOW_SCOPE, type TcpHeaderFact, type UdpHeaderFact } from '../dissect/flow-observer';
import { defaultRegistry, LinkType } from '../dissect/index';
import { HeaderKind, MAX_SACK_BLOCKS, type FlowRecordWriter } from './flow-record';

const ETHERTYPE = { IPV4: 0x0800, IPV6: 0x86dd, VLAN: 0x8100, VLAN_OLD_QINQ: 0x9100, IEEE8021AD: 0x88a8 } as const;
const IP_PROTO = { TCP: 6, UDP: 17 } as const;
const TCP_OPTION = { EOL: 0, NOP: 1, MSS: 2, WINDOW_SCALE: 3, SACK_PERMITTED: 4, SACK: 5, TIMESTAMPS: 8, MPTCP: 30 } as const;
/** By option kind: the length the dissector requires of the kinds whose values the flow pass keeps, else 0. */
const OPTION_LENGTH = new Uint8Array(256);
OPTION_LENGTH[TCP_OPTION.MSS] = 4;
OPTION_LENGTH[TCP_OPTION.WINDOW_SCALE] = 3;
OPTION_LENGTH[TCP_OPTION.SACK_PERMITTED] = 2;
OPTION_LENGTH[TCP_OPTION.TIMESTAMPS] = 10;
const ETH_HEADER = 14;
const VLAN_TAG = 4;
const MAX_TAGS = 4;
const SLL_HEADER = 16;
/** ARPHRD_IPGRE: a cooked capture of a GRE device, whose protocol field is a GRE type (sll.ts). */
const SLL_HATYPE_IPGRE = 778;
const NULL_HEADER = 4;
const NULL_AF_INET = 2;
/** AF_INET6 on Linux and the BSDs (null.ts). */
const NULL_AF_INET6: ReadonlySet<number> = new Set([10, 24, 28, 30]);
const IPV4_MIN_HEADER = 20;
const IPV4_FRAGMENT_BITS = 0x3fff; // MF and the fragment offset
const IPV6_HEADER = 40;
const TCP_MIN_HEADER = 20;
const UDP_HEADER = 8;

/**
 * The dispatch this file follows, as [table, key, protocol]. Should the registry dispatch otherwise, every
 * packet goes the generic way (and the test, which wants most of the corpus taken, fails).
 */
const ASSUMED_DISPATCH: readonly (readonly [string, number, string])[] = [
  ['link', LinkType.ETHERNET, 'eth'], ['link', LinkType.LINUX_SLL, 'sll'], ['link', LinkType.RAW, 'raw'], ['link', LinkType.IPV4, 'ip'],
  ['link', LinkType.IPV6, 'ipv6'], ['link', LinkType.NULL, 'null'], ['link', LinkType.LOOP, 'null'],
  ['ethertype', ETHERTYPE.IPV4, 'ip'], ['ethertype', ETHERTYPE.IPV6, 'ipv6'], ['ethertype', ETHERTYPE.VLAN, 'vlan'],
  ['ethertype', ETHERTYPE.VLAN_OLD_QINQ, 'vlan'], ['ethertype', ETHERTYPE.IEEE8021AD, 'ieee8021ad'],
  ['ip.proto', IP_PROTO.TCP, 'tcp'], ['ip.proto', IP_PROTO.UDP, 'udp'],
];

/**
 * 1 for each port a tunnel is registered on in a transport's port table (the chain goes on into a tunnel
 * there). Every port when a tunnel has a heuristic on the table: it could claim any payload.
 */
function tunnelPorts(table: 'tcp.port' | 'udp.port'): Uint8Array {
  const ports = new Uint8Array(65536);
  for (const [port, p] of defaultRegistry.tables.get(table) ?? []) if (FLOW_SCOPE.tunnels.has(p.abbrev)) ports[port] = 1;
  if ((defaultRegistry.heuristics.get(table) ?? []).some((p) => FLOW_SCOPE.tunnels.has(p.abbrev))) ports.fill(1);
  return ports;
}

const ENABLED = ASSUMED_DISPATCH.every(([table, key, abbrev]) => defaultRegistry.tables.get(table)?.get(key)?.abbrev === abbrev);
const TCP_TUNNEL_PORTS = tunnelPorts('tcp.port');
const UDP_TUNNEL_PORTS = tunnelPorts('udp.port');
/** SACK edge lists by block count, reused: the writer reads `sack.length` (a SACK option holds at most 4 blocks). */
const SACK_LISTS: number[][] = Array.from({ length: MAX_SACK_BLOCKS + 1 }, (_, n) => new Array<number>(2 * n).fill(0));

const u16 = (b: Uint8Array, at: number): number => (b[at] << 8) | b[at + 1];
const u32 = (b: Uint8Array, at: number): number => ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);

/** Parses one packet and writes it through a FlowRecordWriter, or declines it having written nothing. */
export class FlowFastPath {
  /** What `parse` found: an Ethernet header at 0 (−1: none), the IP header and version, the transport protocol. */
  private ethAt = -1;
  private ipAt = 0;
  private ipVersion: 4 | 6 = 4;
  private transport = 0;
  // Scratch reused for every packet: the addresses (copied out of the frame) and the transport facts.
  private readonly mac = [new Uint8Array(6), new Uint8Array(6)];
  private readonly ipv4 = [new Uint8Array(4), new Uint8Array(4)];
  private readonly ipv6 = [new Uint8Array(16), new Uint8Array(16)];
  private readonly tcp: TcpHeaderFact = { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, window: 0, headerLength: 0, headerOffset: 0, payloadOffset: 0, payloadLength: 0, capturedLength: 0, mss: -1, windowScale: -1, sackPermitted: false, sack: SACK_LISTS[0], tsval: -1, tsecr: -1, inError: false };
  private readonly udp: UdpHeaderFact = { srcPort: 0, dstPort: 0, length: 0, headerOffset: 0, payloadOffset: 0, payloadLength: 0, capturedLength: 0, inError: false };

  constructor(private readonly w: FlowRecordWriter) {}

  /** Writes packet `k` (captured `bytes`, original length `origlen`) and returns true, or returns false and writes nothing. */
  add(k: number, bytes: Uint8Array, linkType: number, sec: number, nsec: number, origlen: number): boolean {
    if (!ENABLED || !this.parse(bytes, linkType)) return false;
    const w = this.w;
    w.beginPacket(k, sec, nsec, bytes.length, origlen);
    if (this.ethAt >= 0) w.pushAddressed(HeaderKind.eth, false, copy(this.mac[0], bytes, this.ethAt + 6), copy(this.mac[1], bytes, this.ethAt));
    const ip =
      this.ipVersion === 4
        ? w.pushAddressed(HeaderKind.ipv4, false, copy(this.ipv4[0], bytes, this.ipAt + 12), copy(this.ipv4[1], bytes, this.ipAt + 16))
        : w.pushAddressed(HeaderKind.ipv6, false, copy(this.ipv6[0], bytes, this.ipAt + 8), copy(this.ipv6[1], bytes, this.ipAt + 24));
    if (this.transport === IP_PROTO.TCP) {
      const t = this.tcp;
      w.setTcp(k, w.pushTransport(HeaderKind.tcp, false, ip, t.srcPort, t.dstPort), t, true);
    } else {
      const u = this.udp;
      w.setUdp(k, w.pushTransport(HeaderKind.udp, false, ip, u.srcPort, u.dstPort), u);
    }
    w.endPacket(k, false, false);
    return true;
  }

  /** Whether the packet has a shape this path takes; fills the fields `add` writes from. */
  private parse(b: Uint8Array, linkType: number): boolean {
    const caplen = b.length;
    let at = 0;
    let version = 0;
    let ethertype = -1;
    this.ethAt = -1;
    switch (linkType) {
      case LinkType.ETHERNET:
        if (caplen < ETH_HEADER) return false;
        this.ethAt = 0;
        ethertype = u16(b, 12);
        at = ETH_HEADER;
        break;
      case LinkType.LINUX_SLL:
        if (caplen < SLL_HEADER || u16(b, 2) === SLL_HATYPE_IPGRE) return false;
        ethertype = u16(b, 14);
        at = SLL_HEADER;
        break;
      case LinkType.RAW:
        // The version nibble picks the dissector; any other version is "Raw packet data".
        version = caplen === 0 ? 0 : b[0] >> 4;
        if (version !== 4 && version !== 6) return false;
        break;
      case LinkType.IPV4:
        version = 4;
        break;
      case LinkType.IPV6:
        version = 6;
        break;
      case LinkType.NULL:
      case LinkType.LOOP: {
        if (caplen < NULL_HEADER) return false;
        const be = u32(b, 0);
        // The family is small: whichever byte order gives a value < 0x10000 is the capturing host's (null.ts).
        const family = be < 0x10000 ? be : (((b[3] << 24) >>> 0) + ((b[2] << 16) | (b[1] << 8) | b[0]));
        version = family === NULL_AF_INET ? 4 : NULL_AF_INET6.has(family) ? 6 : 0;
        at = NULL_HEADER;
        break;
      }
      default:
        return false;
    }
    if (ethertype >= 0) {
      for (let tags = 0; ethertype === ETHERTYPE.VLAN || ethertype === ETHERTYPE.VLAN_OLD_QINQ || ethertype === ETHERTYPE.IEEE8021AD; tags++) {
        if (tags === MAX_TAGS || at + VLAN_TAG > caplen) return false;
        ethertype = u16(b, at + 2);
        at += VLAN_TAG;
      }
      version = ethertype === ETHERTYPE.IPV4 ? 4 : ethertype === ETHERTYPE.IPV6 ? 6 : 0;
    }
    // The IP dissector the link named must find its own version there.
    if (version === 0 || at >= caplen || b[at] >> 4 !== version) return false;
    this.ipAt = at;
    let l4: number;
    let l4Len: number;
    if (version === 4) {
      const hl = (b[at] & 0x0f) * 4;
      if (hl < IPV4_MIN_HEADER || at + IPV4_MIN_HEADER > caplen) return false;
      const total = u16(b, at + 2);
      if (total < hl || at + total > caplen || (u16(b, at + 6) & IPV4_FRAGMENT_BITS) !== 0) return false;
      this.transport = b[at + 9];
      this.ipVersion = 4;
      l4 = at + hl;
      l4Len = total - hl;
    } else {
      if (at + IPV6_HEADER > caplen) return false;
      l4Len = u16(b, at + 4);
      if (l4Len === 0 || at + IPV6_HEADER + l4Len > caplen) return false;
      this.transport = b[at + 6];
      this.ipVersion = 6;
      l4 = at + IPV6_HEADER;
    }
    if (this.transport === IP_PROTO.TCP) return this.parseTcp(b, l4, l4Len);
    if (this.transport === IP_PROTO.UDP) return this.parseUdp(b, l4, l4Len);
    return false;
  }

  /** A TCP header at `at` in an IP payload of `len` bytes, all captured. */
  private parseTcp(b: Uint8Array, at: number, len: number): boolean {
    if (len < TCP_MIN_HEADER) return false;
    const hl = (b[at + 12] >> 4) * 4;
    const sport = u16(b, at);
    const dport = u16(b, at + 2);
    if (hl < TCP_MIN_HEADER || hl > len || TCP_TUNNEL_PORTS[sport] === 1 || TCP_TUNNEL_PORTS[dport] === 1) return false;
    const t = this.tcp;
    t.mss = -1;
    t.windowScale = -1;
    t.sackPermitted = false;
    t.sack = SACK_LISTS[0];
    t.tsval = -1;
    t.tsecr = -1;
    // Options as tcp-options.ts reads them (EOL does not end the walk there); a kind seen twice is declined.
    let seen = 0;
    for (let o = TCP_MIN_HEADER; o < hl; ) {
      const kind = b[at + o];
      if (kind === TCP_OPTION.EOL || kind === TCP_OPTION.NOP) {
        o++;
        continue;
      }
      const olen = o + 1 < hl ? b[at + o + 1] : 0;
      const required = OPTION_LENGTH[kind];
      // The MPTCP option's subtype byte is read even when the option has none.
      if (olen < 2 || o + olen > hl || (required !== 0 && olen !== required) || (kind === TCP_OPTION.MPTCP && olen < 3)) return false;
      if (kind < 32) {
        if (seen & (1 << kind)) return false;
        seen |= 1 << kind;
      }
      const v = at + o + 2;
      if (kind === TCP_OPTION.MSS) t.mss = u16(b, v);
      else if (kind === TCP_OPTION.WINDOW_SCALE) t.windowScale = b[v];
      else if (kind === TCP_OPTION.SACK_PERMITTED) t.sackPermitted = true;
      else if (kind === TCP_OPTION.TIMESTAMPS) {
        t.tsval = u32(b, v);
        t.tsecr = u32(b, v + 4);
      } else if (kind === TCP_OPTION.SACK) {
        const blocks = (olen - 2) >> 3;
        if (blocks > MAX_SACK_BLOCKS) return false;
        const edges = SACK_LISTS[blocks];
        for (let i = 0; i < 2 * blocks; i++) edges[i] = u32(b, v + 4 * i);
        t.sack = edges;
      }
      o += olen;
    }
    t.srcPort = sport;
    t.dstPort = dport;
    t.seq = u32(b, at + 4);
    t.ack = u32(b, at + 8);
    t.flags = u16(b, at + 12) & 0x0fff;
    t.window = u16(b, at + 14);
    t.headerLength = hl;
    t.headerOffset = at;
    t.payloadOffset = at + hl;
    t.payloadLength = len - hl;
    t.capturedLength = len - hl;
    return true;
  }

  /** A UDP header at `at` in an IP payload of `len` bytes, all captured. */
  private parseUdp(b: Uint8Array, at: number, len: number): boolean {
    if (len < UDP_HEADER) return false;
    const sport = u16(b, at);
    const dport = u16(b, at + 2);
    const length = u16(b, at + 4);
    // Under 8 is malformed (0 under IPv6 a jumbogram); past the IP payload the dissector clips it.
    if (length < UDP_HEADER || length > len || UDP_TUNNEL_PORTS[sport] === 1 || UDP_TUNNEL_PORTS[dport] === 1) return false;
    const u = this.udp;
    u.srcPort = sport;
    u.dstPort = dport;
    u.length = length;
    u.headerOffset = at;
    u.payloadOffset = at + UDP_HEADER;
    u.payloadLength = length - UDP_HEADER;
    u.capturedLength = length - UDP_HEADER;
    return true;
  }
}

/** `n = out.length` bytes of `b` at `at` into `out` (the writer copies them again; this saves a subarray per address). */
function copy(out: Uint8Array, b: Uint8Array, at: number): Uint8Array {
  for (let i = 0; i < out.length; i++) out[i] = b[at + i];
  return out;
}
