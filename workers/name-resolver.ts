/**
 * The filter compiler's NameResolver over the system's name files — /etc/hosts, /etc/networks,
 * /etc/ethers, /etc/services, /etc/protocols — and nothing else (no DNS, no NSS): a filter compiles
 * the same way offline and never waits on the network. A missing or unreadable file knows no names.
 * Each file is read and parsed once, on the first lookup that needs it, per resolver instance.
 */
import { readFileSync } from 'node:fs';
import { parseIpv4, parseIpv6, parseMac } from '../core/filter/addr-text';
import type { NameResolver } from '../core/filter/resolver';

export interface NameFiles {
  readonly hosts: string;
  readonly networks: string;
  readonly ethers: string;
  readonly services: string;
  readonly protocols: string;
}

export const SYSTEM_NAME_FILES: NameFiles = {
  hosts: '/etc/hosts',
  networks: '/etc/networks',
  ethers: '/etc/ethers',
  services: '/etc/services',
  protocols: '/etc/protocols',
};

type HostAddrs = { v4: number[]; v6: Uint8Array[] };

/** The file's lines without comments, split into fields; [] when it cannot be read. */
function records(path: string): string[][] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') return [];
    throw e;
  }
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/));
}

/** inet_network(3): dotted parts, each decimal, 0x hex or 0 octal, the last part unshifted. */
function inetNetwork(text: string): number | null {
  const parts = text.split('.');
  if (parts.length > 4) return null;
  let v = 0;
  for (const p of parts) {
    const n = /^0x[0-9a-f]+$/i.test(p) ? parseInt(p, 16) : /^0[0-7]*$/.test(p) ? parseInt(p, 8) : /^[0-9]+$/.test(p) ? Number(p) : NaN;
    if (!Number.isFinite(n) || n > 255) return null;
    v = v * 256 + n;
  }
  return v >>> 0;
}

/** Names are case-insensitive in the hosts and networks files (as glibc compares them). */
const key = (name: string): string => name.toLowerCase();

export class NodeNameResolver implements NameResolver {
  private hostTable: Map<string, HostAddrs> | null = null;
  private networkTable: Map<string, number> | null = null;
  private etherTable: Map<string, Uint8Array> | null = null;
  private serviceTable: Map<string, number> | null = null;
  private protocolTable: Map<string, number> | null = null;

  constructor(private readonly files: NameFiles = SYSTEM_NAME_FILES) {}

  host(name: string): { readonly v4: readonly number[]; readonly v6: readonly Uint8Array[] } | null {
    this.hostTable ??= this.loadHosts();
    return this.hostTable.get(key(name)) ?? null;
  }

  network(name: string): number | null {
    if (this.networkTable === null) {
      this.networkTable = new Map();
      // name number [aliases…]
      for (const [net, num, ...aliases] of records(this.files.networks)) {
        const v = inetNetwork(num ?? '');
        if (v === null || net === undefined) continue;
        for (const n of [net, ...aliases]) if (!this.networkTable.has(key(n))) this.networkTable.set(key(n), v);
      }
    }
    return this.networkTable.get(key(name)) ?? null;
  }

  ether(name: string): Uint8Array | null {
    if (this.etherTable === null) {
      this.etherTable = new Map();
      for (const [mac, host] of records(this.files.ethers)) {
        const m = mac === undefined ? null : parseMac(mac);
        if (m !== null && host !== undefined && !this.etherTable.has(key(host))) this.etherTable.set(key(host), m);
      }
    }
    return this.etherTable.get(key(name)) ?? null;
  }

  service(name: string, proto: 'tcp' | 'udp' | 'sctp'): number | null {
    if (this.serviceTable === null) {
      this.serviceTable = new Map();
      for (const [svc, portProto, ...aliases] of records(this.files.services)) {
        const m = /^(\d+)\/(\w+)$/.exec(portProto ?? '');
        if (!m || svc === undefined) continue;
        for (const n of [svc, ...aliases]) {
          const k = `${n}/${m[2]!.toLowerCase()}`;
          if (!this.serviceTable.has(k)) this.serviceTable.set(k, Number(m[1]));
        }
      }
    }
    return this.serviceTable.get(`${name}/${proto}`) ?? null;
  }

  protocol(name: string): number | null {
    if (this.protocolTable === null) {
      this.protocolTable = new Map();
      for (const [proto, num, ...aliases] of records(this.files.protocols)) {
        if (proto === undefined || !/^\d+$/.test(num ?? '')) continue;
        for (const n of [proto, ...aliases]) if (!this.protocolTable.has(n)) this.protocolTable.set(n, Number(num));
      }
    }
    return this.protocolTable.get(name) ?? null;
  }

  private loadHosts(): Map<string, HostAddrs> {
    const table = new Map<string, HostAddrs>();
    for (const [addr, ...names] of records(this.files.hosts)) {
      if (addr === undefined) continue;
      const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(addr) ? parseIpv4(addr) : null;
      const v6 = v4 === null && addr.includes(':') ? parseIpv6(addr.replace(/%.*$/, '')) : null;
      if (v4 === null && v6 === null) continue;
      for (const n of names) {
        const entry = table.get(key(n)) ?? { v4: [], v6: [] };
        if (v4 !== null && !entry.v4.includes(v4.value)) entry.v4.push(v4.value);
        if (v6 !== null && !entry.v6.some((a) => a.every((b, i) => b === v6[i]))) entry.v6.push(v6);
        table.set(key(n), entry);
      }
    }
    return table;
  }
}
