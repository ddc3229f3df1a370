/**
 * The simulated network: local clients on one LAN (10.1.0.0/16, fd00:1::/64) behind a gateway, a local
 * DNS resolver, and remote servers in the documentation ranges (RFC 5737, RFC 3849), each with a name.
 */
import type { Rng } from './prng';

export interface Host {
  mac: Uint8Array;
  ip4: Uint8Array;
  ip6: Uint8Array;
  name: string;
}

function mac(a: number, b: number): Uint8Array {
  return Uint8Array.of(0x02, 0x00, 0x5e, 0x10, a & 0xff, b & 0xff);
}

function ip6(prefix: readonly number[], a: number, b: number): Uint8Array {
  const out = new Uint8Array(16);
  prefix.forEach((w, i) => {
    out[i * 2] = w >>> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  out[12] = a >>> 8;
  out[13] = a & 0xff;
  out[14] = b >>> 8;
  out[15] = b & 0xff;
  return out;
}

const SITES = ['example', 'shop', 'news', 'mail', 'cdn', 'api', 'video', 'docs', 'status', 'static'];
const TLDS = ['com', 'net', 'org', 'io'];
const REMOTE_V4 = [
  [192, 0, 2],
  [198, 51, 100],
  [203, 0, 113],
] as const;

export interface Network {
  gateway: Host;
  resolver: Host;
  clients: Host[];
  servers: Host[];
}

export function buildNetwork(rng: Rng, clientCount = 64, serverCount = 96): Network {
  const local = (i: number, name: string): Host => ({
    mac: mac(i >>> 8, i),
    ip4: Uint8Array.of(10, 1, i >>> 8, i & 0xff),
    ip6: ip6([0xfd00, 0x1, 0, 0, 0, 0], 0, i),
    name,
  });
  const clients = Array.from({ length: clientCount }, (_, i) => local(100 + i, `client-${i}.lan`));
  const servers = Array.from({ length: serverCount }, (_, i): Host => {
    const net = REMOTE_V4[i % REMOTE_V4.length];
    return {
      mac: mac(0xff, 0x01), // remote hosts are reached through the gateway
      ip4: Uint8Array.of(net[0], net[1], net[2], 10 + Math.floor(i / REMOTE_V4.length)),
      ip6: ip6([0x2001, 0xdb8, 0x100 + (i % 7), 0, 0, 0], 0, 0x10 + i),
      name: `${rng.pick(['www', 'api', 'static', 'img', 'app'])}.${rng.pick(SITES)}${i}.${rng.pick(TLDS)}`,
    };
  });
  return { gateway: local(1, 'gateway.lan'), resolver: local(53, 'resolver.lan'), clients, servers };
}
