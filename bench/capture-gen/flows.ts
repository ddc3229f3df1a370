/**
 * The kinds of traffic in a generated capture, each a generator of Ethernet frames: HTTP/1.1 and TLS
 * sessions over TCP, DNS over UDP, ICMP echo, ARP. A flow picks its hosts, IP version and VLAN tag.
 */
import { dnsQuery, dnsResponse, DnsType } from './dns';
import { arpFrame, echoFrame, udpFrame, type IpPath, type Link } from './frames';
import type { Host, Network } from './hosts';
import { httpRequest, httpResponse } from './http';
import type { Rng } from './prng';
import { tcpSession, type TcpMessage } from './tcp-session';
import { applicationData, changeCipherSpec, clientHello, serverHello } from './tls';

export type Flow = Generator<Uint8Array, void, void>;

export interface FlowContext {
  rng: Rng;
  net: Network;
  /** `n` bytes of printable text (HTTP bodies). */
  text(n: number): Uint8Array;
  /** `n` random bytes (ciphertext). */
  noise(n: number): Uint8Array;
}

/** Shares of new flows, by kind. */
export const FLOW_MIX = { http: 22, tls: 33, dns: 30, icmp: 8, arp: 7 } as const;
export type FlowKind = keyof typeof FLOW_MIX;
const KINDS = Object.keys(FLOW_MIX) as FlowKind[];
const WEIGHTS = KINDS.map((k) => FLOW_MIX[k]);

const VLAN_SHARE = 0.05;
const IPV6_SHARE = 0.25;
const RETRANSMIT_RATE = 0.01;
const BROADCAST = new Uint8Array(6).fill(0xff);
const VLANS = [10, 20, 30] as const;

export function startFlow(ctx: FlowContext): Flow {
  const kind = KINDS[ctx.rng.weighted(WEIGHTS)];
  switch (kind) {
    case 'http':
      return httpFlow(ctx);
    case 'tls':
      return tlsFlow(ctx);
    case 'dns':
      return dnsFlow(ctx);
    case 'icmp':
      return icmpFlow(ctx);
    case 'arp':
      return arpFlow(ctx);
  }
}

interface Paths {
  out: IpPath;
  back: IpPath;
}

/** Both directions between a local client and `peer` (reached through the gateway unless `local`). */
function paths(ctx: FlowContext, client: Host, peer: Host, local: boolean): Paths {
  const { rng } = ctx;
  const v6 = rng.chance(IPV6_SHARE);
  const vlan = rng.chance(VLAN_SHARE) ? rng.pick(VLANS) : undefined;
  const peerMac = local ? peer.mac : ctx.net.gateway.mac;
  const out: Link = { src: client.mac, dst: peerMac, vlan };
  const back: Link = { src: peerMac, dst: client.mac, vlan };
  const [cs, ps] = v6 ? [client.ip6, peer.ip6] : [client.ip4, peer.ip4];
  return {
    out: { link: out, v6, src: cs, dst: ps, id: rng.int(0, 0xffff), ttl: 64 },
    back: { link: back, v6, src: ps, dst: cs, id: rng.int(0, 0xffff), ttl: local ? 64 : rng.int(40, 58) },
  };
}

function ephemeralPort(rng: Rng): number {
  return rng.int(32768, 60999);
}

function tcpFlow(ctx: FlowContext, port: number, messages: (server: Host) => TcpMessage[]): Flow {
  const { rng } = ctx;
  const client = rng.pick(ctx.net.clients);
  const server = rng.pick(ctx.net.servers);
  const p = paths(ctx, client, server, false);
  return tcpSession(
    { rng, toServer: p.out, toClient: p.back, clientPort: ephemeralPort(rng), serverPort: port, retransmitRate: RETRANSMIT_RATE },
    messages(server),
  );
}

const PATHS = ['/', '/index.html', '/api/v1/items', '/static/app.js', '/img/logo.png', '/search?q=trawl', '/login'];

function httpFlow(ctx: FlowContext): Flow {
  const { rng } = ctx;
  return tcpFlow(ctx, 80, (server) => {
    const messages: TcpMessage[] = [];
    const requests = rng.int(1, 4);
    for (let i = 0; i < requests; i++) {
      const post = rng.chance(0.15);
      messages.push({ fromClient: true, data: httpRequest(post ? 'POST' : 'GET', server.name, rng.pick(PATHS), post ? ctx.text(rng.int(20, 2000)) : undefined) });
      const status = ([200, 200, 200, 200, 200, 200, 200, 200, 404, 301] as const)[rng.int(0, 9)];
      const body = status === 200 ? ctx.text(rng.logUniform(100, 60000)) : ctx.text(rng.int(50, 300));
      messages.push({ fromClient: false, data: httpResponse(status, body) });
    }
    return messages;
  });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function tlsFlow(ctx: FlowContext): Flow {
  const { rng } = ctx;
  return tcpFlow(ctx, 443, (server) => {
    const sessionId = rng.bytes(32);
    const appData = (n: number) => applicationData(ctx.noise, n);
    const messages: TcpMessage[] = [
      { fromClient: true, data: clientHello(rng, server.name, sessionId) },
      { fromClient: false, data: concat([serverHello(rng, sessionId), changeCipherSpec(), ...appData(rng.int(2000, 5000))]) },
      { fromClient: true, data: concat([changeCipherSpec(), ...appData(74)]) },
    ];
    const exchanges = rng.int(1, 6);
    for (let i = 0; i < exchanges; i++) {
      messages.push({ fromClient: true, data: concat(appData(rng.int(100, 2000))) });
      messages.push({ fromClient: false, data: concat(appData(rng.logUniform(300, 80000))) });
    }
    return messages;
  });
}

function* dnsFlow(ctx: FlowContext): Flow {
  const { rng, net } = ctx;
  const client = rng.pick(net.clients);
  const p = paths(ctx, client, net.resolver, true);
  const name = rng.pick(net.servers).name;
  const types = rng.chance(0.5) ? [DnsType.a, DnsType.aaaa] : [rng.chance(0.7) ? DnsType.a : DnsType.aaaa];
  const sport = ephemeralPort(rng);
  for (const type of types) {
    const id = rng.int(0, 0xffff);
    p.out.id = (p.out.id + 1) & 0xffff;
    yield udpFrame(p.out, sport, 53, dnsQuery(id, name, type));
    const addresses = Array.from({ length: rng.int(1, 4) }, () => rng.bytes(type === DnsType.a ? 4 : 16));
    const cname = rng.chance(0.3) ? `edge-${rng.int(1, 40)}.cdn.example.net` : undefined;
    p.back.id = (p.back.id + 1) & 0xffff;
    yield udpFrame(p.back, 53, sport, dnsResponse(id, name, type, { cname, addresses, ttl: rng.int(30, 86400) }));
  }
}

function* icmpFlow(ctx: FlowContext): Flow {
  const { rng, net } = ctx;
  const client = rng.pick(net.clients);
  const local = rng.chance(0.3);
  const p = paths(ctx, client, local ? net.gateway : rng.pick(net.servers), local);
  const id = rng.int(1, 0xffff);
  const data = Uint8Array.from({ length: 56 }, (_, i) => (i < 8 ? rng.int(0, 255) : i));
  const pings = rng.int(1, 5);
  for (let seq = 1; seq <= pings; seq++) {
    p.out.id = (p.out.id + 1) & 0xffff;
    yield echoFrame(p.out, false, id, seq, data);
    p.back.id = (p.back.id + 1) & 0xffff;
    yield echoFrame(p.back, true, id, seq, data);
  }
}

function* arpFlow(ctx: FlowContext): Flow {
  const { rng, net } = ctx;
  const client = rng.pick(net.clients);
  const target = rng.chance(0.7) ? net.gateway : net.resolver;
  const vlan = rng.chance(VLAN_SHARE) ? rng.pick(VLANS) : undefined;
  yield arpFrame({ src: client.mac, dst: BROADCAST, vlan }, { reply: false, senderMac: client.mac, senderIp: client.ip4, targetMac: new Uint8Array(6), targetIp: target.ip4 });
  yield arpFrame({ src: target.mac, dst: client.mac, vlan }, { reply: true, senderMac: target.mac, senderIp: target.ip4, targetMac: client.mac, targetIp: client.ip4 });
}
