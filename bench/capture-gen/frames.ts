/**
 * Frame builders: Ethernet (optionally 802.1Q-tagged) carrying ARP, or IPv4/IPv6 carrying TCP, UDP,
 * ICMP or ICMPv6. Lengths and every checksum (IPv4 header, TCP, UDP, ICMP, ICMPv6) are filled in, so
 * tshark dissects the frames cleanly.
 */
import { checksum, finish, pseudoHeaderSum, sum16 } from './checksum';

export const EtherType = { ipv4: 0x0800, arp: 0x0806, vlan: 0x8100, ipv6: 0x86dd } as const;
export const IpProto = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58 } as const;
export const TcpFlag = { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10 } as const;

export interface Link {
  src: Uint8Array;
  dst: Uint8Array;
  /** 802.1Q VLAN id, when the frame is tagged. */
  vlan?: number;
}

export interface IpPath {
  link: Link;
  v6: boolean;
  src: Uint8Array;
  dst: Uint8Array;
  /** IPv4 identification (ignored for IPv6). */
  id: number;
  ttl: number;
}

const ETH = 14;
const VLAN_TAG = 4;
const IPV4 = 20;
const IPV6 = 40;

function linkHeaderLength(link: Link): number {
  return ETH + (link.vlan === undefined ? 0 : VLAN_TAG);
}

/** Writes the Ethernet (+ 802.1Q) header; returns where the payload starts. */
function writeLink(frame: Uint8Array, link: Link, etherType: number): number {
  frame.set(link.dst, 0);
  frame.set(link.src, 6);
  let p = 12;
  if (link.vlan !== undefined) {
    frame[p] = EtherType.vlan >>> 8;
    frame[p + 1] = EtherType.vlan & 0xff;
    frame[p + 2] = (link.vlan >>> 8) & 0x0f;
    frame[p + 3] = link.vlan & 0xff;
    p += 4;
  }
  frame[p] = etherType >>> 8;
  frame[p + 1] = etherType & 0xff;
  return p + 2;
}

/**
 * Wraps an upper-layer message (`l4`, checksum field zero) in IP and Ethernet. When `checksumAt` is
 * given, the pseudo-header checksum is computed and written at that offset inside `l4`; `udp` turns a
 * zero result into 0xffff as RFC 768 requires.
 */
export function ipFrame(path: IpPath, protocol: number, l4: Uint8Array, checksumAt?: number, udp = false): Uint8Array {
  const l2 = linkHeaderLength(path.link);
  const l3 = path.v6 ? IPV6 : IPV4;
  const frame = new Uint8Array(l2 + l3 + l4.length);
  const ip = writeLink(frame, path.link, path.v6 ? EtherType.ipv6 : EtherType.ipv4);
  const dv = new DataView(frame.buffer);
  if (path.v6) {
    dv.setUint32(ip, 0x60000000);
    dv.setUint16(ip + 4, l4.length);
    frame[ip + 6] = protocol;
    frame[ip + 7] = path.ttl;
    frame.set(path.src, ip + 8);
    frame.set(path.dst, ip + 24);
  } else {
    frame[ip] = 0x45;
    dv.setUint16(ip + 2, IPV4 + l4.length);
    dv.setUint16(ip + 4, path.id & 0xffff);
    dv.setUint16(ip + 6, protocol === IpProto.tcp ? 0x4000 : 0); // DF for TCP
    frame[ip + 8] = path.ttl;
    frame[ip + 9] = protocol;
    frame.set(path.src, ip + 12);
    frame.set(path.dst, ip + 16);
    dv.setUint16(ip + 10, checksum(frame, ip, ip + IPV4));
  }
  const at = ip + l3;
  frame.set(l4, at);
  if (checksumAt !== undefined) {
    let c = finish(sum16(frame, at, frame.length, pseudoHeaderSum(path.src, path.dst, protocol, l4.length)));
    if (udp && c === 0) c = 0xffff;
    dv.setUint16(at + checksumAt, c);
  }
  return frame;
}

export interface TcpSegment {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /** Options, already padded to a multiple of 4 bytes. */
  options?: Uint8Array;
  payload?: Uint8Array;
}

export function tcpFrame(path: IpPath, s: TcpSegment): Uint8Array {
  const opts = s.options?.length ?? 0;
  const hl = 20 + opts;
  const payload = s.payload ?? new Uint8Array(0);
  const l4 = new Uint8Array(hl + payload.length);
  const dv = new DataView(l4.buffer);
  dv.setUint16(0, s.sport);
  dv.setUint16(2, s.dport);
  dv.setUint32(4, s.seq >>> 0);
  dv.setUint32(8, s.flags & TcpFlag.ack ? s.ack >>> 0 : 0);
  l4[12] = (hl / 4) << 4;
  l4[13] = s.flags;
  dv.setUint16(14, s.window);
  if (s.options) l4.set(s.options, 20);
  l4.set(payload, hl);
  return ipFrame(path, IpProto.tcp, l4, 16);
}

export function udpFrame(path: IpPath, sport: number, dport: number, payload: Uint8Array): Uint8Array {
  const l4 = new Uint8Array(8 + payload.length);
  const dv = new DataView(l4.buffer);
  dv.setUint16(0, sport);
  dv.setUint16(2, dport);
  dv.setUint16(4, l4.length);
  l4.set(payload, 8);
  return ipFrame(path, IpProto.udp, l4, 6, true);
}

/** ICMP (IPv4) or ICMPv6 echo request/reply. */
export function echoFrame(path: IpPath, reply: boolean, id: number, seq: number, data: Uint8Array): Uint8Array {
  const l4 = new Uint8Array(8 + data.length);
  const dv = new DataView(l4.buffer);
  l4[0] = path.v6 ? (reply ? 129 : 128) : reply ? 0 : 8;
  dv.setUint16(4, id);
  dv.setUint16(6, seq);
  l4.set(data, 8);
  if (path.v6) return ipFrame(path, IpProto.icmpv6, l4, 2);
  dv.setUint16(2, checksum(l4, 0, l4.length));
  return ipFrame(path, IpProto.icmp, l4);
}

export interface ArpMessage {
  reply: boolean;
  senderMac: Uint8Array;
  senderIp: Uint8Array;
  targetMac: Uint8Array;
  targetIp: Uint8Array;
}

export function arpFrame(link: Link, m: ArpMessage): Uint8Array {
  const l2 = linkHeaderLength(link);
  const frame = new Uint8Array(l2 + 28);
  const p = writeLink(frame, link, EtherType.arp);
  const dv = new DataView(frame.buffer);
  dv.setUint16(p, 1); // Ethernet
  dv.setUint16(p + 2, EtherType.ipv4);
  frame[p + 4] = 6;
  frame[p + 5] = 4;
  dv.setUint16(p + 6, m.reply ? 2 : 1);
  frame.set(m.senderMac, p + 8);
  frame.set(m.senderIp, p + 14);
  frame.set(m.targetMac, p + 18);
  frame.set(m.targetIp, p + 24);
  return frame;
}
