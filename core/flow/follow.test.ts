import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IpHeaderFact, TcpHeaderFact, UdpHeaderFact } from '../dissect/index';
import { followTcp, followUdp, type FollowPacketInput } from './follow';
import type { FlowPacket } from './flow-packet';

const ACK = 0x010;
const SYN = 0x002;

const A = new Uint8Array([10, 0, 0, 1]);
const B = new Uint8Array([10, 0, 0, 2]);

/** A frame that is an IPv4 header (20 bytes) and a TCP header (20 bytes) then the payload; facts as the dissectors report them. */
function tcpPacket(number: number, src: Uint8Array, sport: number, dst: Uint8Array, dport: number, seq: number, ack: number, flags: number, data: string, wireLength = data.length): FollowPacketInput {
  const payload = new TextEncoder().encode(data);
  const bytes = new Uint8Array(40 + payload.length);
  bytes.set(payload, 40);
  const ip: IpHeaderFact = { version: 4, src, dst, protocol: 6, ttl: 64, headerOffset: 0, payloadOffset: 20, payloadLength: 20 + wireLength, inError: false };
  const tcp: TcpHeaderFact = {
    srcPort: sport, dstPort: dport, seq, ack, flags, window: 1000, headerLength: 20, headerOffset: 20, payloadOffset: 40,
    payloadLength: wireLength, capturedLength: payload.length, mss: -1, windowScale: -1, sackPermitted: false, sack: [], tsval: -1, tsecr: -1, inError: false,
  };
  const packet: FlowPacket = { number, sec: 0, nsec: 0, caplen: bytes.length, origlen: bytes.length, malformed: false, links: [], ips: [ip], fragments: [], tcp: [tcp], udp: [] };
  return { packet, bytes };
}

function udpPacket(number: number, src: Uint8Array, sport: number, dst: Uint8Array, dport: number, data: string): FollowPacketInput {
  const payload = new TextEncoder().encode(data);
  const bytes = new Uint8Array(28 + payload.length);
  bytes.set(payload, 28);
  const ip: IpHeaderFact = { version: 4, src, dst, protocol: 17, ttl: 64, headerOffset: 0, payloadOffset: 20, payloadLength: 8 + payload.length, inError: false };
  const udp: UdpHeaderFact = { srcPort: sport, dstPort: dport, length: 8 + payload.length, headerOffset: 20, payloadOffset: 28, payloadLength: payload.length, capturedLength: payload.length, inError: false };
  const packet: FlowPacket = { number, sec: 0, nsec: 0, caplen: bytes.length, origlen: bytes.length, malformed: false, links: [], ips: [ip], fragments: [], tcp: [], udp: [udp] };
  return { packet, bytes };
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

test('TCP follow: client is the first sender, chunks in capture order with their packets, gaps marked', () => {
  const packets = [
    tcpPacket(1, A, 40000, B, 80, 100, 0, SYN, ''),
    tcpPacket(2, B, 80, A, 40000, 900, 101, SYN | ACK, ''),
    tcpPacket(3, A, 40000, B, 80, 101, 901, ACK, 'GET / HTTP/1.1\r\n\r\n'),
    tcpPacket(4, B, 80, A, 40000, 901, 119, ACK, 'HTTP/1.1 200 OK\r\n'),
    tcpPacket(5, B, 80, A, 40000, 930, 119, ACK, 'tail'), // 918..929 never captured
    tcpPacket(6, A, 40000, B, 80, 119, 934, ACK, ''), // the client had it all
    tcpPacket(7, B, 80, A, 40000, 901, 119, ACK, 'HTTP/1.1 200 OK\r\n'), // retransmission: nothing new
  ];
  const f = followTcp(3, packets);
  assert.equal(f.client, '10.0.0.1:40000');
  assert.equal(f.server, '10.0.0.2:80');
  assert.equal(f.filter, 'tcp.stream eq 3');
  assert.deepEqual(
    f.chunks.map((c) => [c.packet, c.from, c.gap, text(c.bytes)]),
    [
      [3, 'client', 0, 'GET / HTTP/1.1\r\n\r\n'],
      [4, 'server', 0, 'HTTP/1.1 200 OK\r\n'],
      [6, 'server', 12, ''],
      [5, 'server', 0, 'tail'],
    ],
  );
  assert.equal(f.clientBytes, 18);
  assert.equal(f.serverBytes, 21);
  assert.equal(f.tcpState?.client.synSeen, true);
  assert.equal(f.tcpState?.server.gapBytes, 12);
});

test('TCP follow: a server that speaks first is still the server if the client sent the first packet', () => {
  const f = followTcp(0, [tcpPacket(1, A, 5555, B, 21, 1, 1, SYN, ''), tcpPacket(2, B, 21, A, 5555, 7, 2, SYN | ACK, ''), tcpPacket(3, B, 21, A, 5555, 8, 2, ACK, '220 ready\r\n')]);
  assert.equal(f.client, '10.0.0.1:5555');
  assert.deepEqual(f.chunks.map((c) => c.from), ['server']);
});

test('TCP follow: a header cut by the snap length is skipped (tshark never sees it)', () => {
  const p = tcpPacket(1, A, 1, B, 2, 10, 0, ACK, 'abc');
  const cut = { packet: p.packet, bytes: p.bytes.subarray(0, 30) };
  const f = followTcp(0, [cut, tcpPacket(2, B, 2, A, 1, 50, 0, ACK, 'x')]);
  assert.equal(f.client, '10.0.0.2:2');
  assert.equal(f.chunks.length, 1);
});

test('TCP follow: the chunks kept are capped; the rest are counted and the byte totals cover all', () => {
  const packets: FollowPacketInput[] = [];
  for (let i = 0; i < 10; i++) packets.push(tcpPacket(i + 1, A, 1, B, 2, 100 + 4 * i, 0, ACK, 'abcd'));
  const f = followTcp(0, packets, { maxChunks: 3, maxBytes: 1 << 20 });
  assert.equal(f.chunks.length, 3);
  assert.equal(f.omittedChunks, 7);
  assert.equal(f.omittedBytes, 28);
  assert.equal(f.clientBytes, 40);
  const byBytes = followTcp(0, packets, { maxChunks: 100, maxBytes: 10 });
  assert.equal(byBytes.chunks.length, 2);
  assert.equal(byBytes.omittedChunks, 8);
});

test('UDP follow: each datagram is a chunk, empty ones too; IPv6 endpoints in brackets', () => {
  const f = followUdp(1, [udpPacket(1, A, 53000, B, 53, 'query'), udpPacket(2, B, 53, A, 53000, ''), udpPacket(3, B, 53, A, 53000, 'answer')]);
  assert.deepEqual(f.chunks.map((c) => [c.packet, c.from, text(c.bytes)]), [[1, 'client', 'query'], [2, 'server', ''], [3, 'server', 'answer']]);
  assert.equal(f.filter, 'udp.stream eq 1');
  const v6 = udpPacket(1, A, 1, B, 2, 'x');
  const ip = v6.packet.ips[0];
  v6.packet.ips[0] = { ...ip, version: 6, src: new Uint8Array(16).fill(0).map((_, i) => (i === 0 ? 0x20 : i === 15 ? 1 : 0)), dst: new Uint8Array(16).map((_, i) => (i === 15 ? 2 : 0)) };
  const g = followUdp(0, [v6]);
  assert.equal(g.client, '[2000::1]:1');
  assert.equal(g.server, '[::2]:2');
});
