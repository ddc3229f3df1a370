/**
 * Test helper: seeded random pcap-filter expressions (or/and/not of host, net, port, proto, len and
 * packet-data terms, on Ethernet) with values taken from real packets, a packet set built from real
 * captures (as they are, with header bytes changed, and cut short), and a comparison of Trawl's
 * programs with libpcap's (`tcpdump -ddd`) on it: verdicts on every packet, and sizes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createVm } from '../../../bpf/vm';
import type { RawInsn } from '../../../bpf/opcodes';
import { FilterError } from '../../../errors';
import { createCaptureParser } from '../../../pcap/capture-parser';
import { filterCaplen } from '../../../pcap/filter-caplen';
import { check } from '../../check';
import { codegen } from '../../codegen';
import { lower } from '../../lower/index';
import { parse } from '../../parser';
import { NO_NAMES } from '../../resolver';
import { optimize } from '../index';
import type { Pass } from '../pass';
import { libpcapProgram, packetsFor, rng } from './tcpdump';

export interface Packet {
  readonly data: Uint8Array;
  readonly wireLen: number;
  /** Where it came from (when it is not a real packet): 'changed', 'cut', 'aimed', 'aimed-cut'. */
  readonly kind?: string;
}

/** Ethernet (LINKTYPE 1) capture files libpcap reads, from the shared corpus manifest. */
export function ethernetCaptures(capturesDir: string): string[] {
  const [header, ...rows] = readFileSync(join(capturesDir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const cols = header!.split('\t');
  const ip = cols.indexOf('path');
  const il = cols.indexOf('linktype');
  const ir = cols.indexOf('libpcap_1.10.3_read');
  return rows.map((r) => r.split('\t')).filter((f) => f[il] === 'EN10MB(1)' && f[ir] === 'ok').map((f) => join(capturesDir, f[ip]!));
}

/** Every `step`-th packet of the files, as the filter sees it (cut at the snapshot length). */
export function readPackets(files: readonly string[], step: number): Packet[] {
  const out: Packet[] = [];
  let n = 0;
  for (const path of files) {
    const bytes = new Uint8Array(readFileSync(path));
    const snaps: number[] = [];
    const parser = createCaptureParser({
      interface: (info) => void snaps.push(info.snapLen),
      packet: (_r, off, caplen, origlen, _s, _n, iface) => {
        if (n++ % step !== 0) return;
        const seen = filterCaplen(caplen, snaps[iface] ?? 0);
        out.push({ data: bytes.slice(off, off + seen), wireLen: origlen });
      },
    });
    try {
      parser.push(bytes);
      parser.finish();
    } catch {
      // a file Trawl's parser refuses is not this test's concern
    }
  }
  return out;
}

/** Values seen in the packets (IPv4 addresses, TCP/UDP ports), to aim terms at. */
export interface Pools {
  readonly hosts: string[];
  readonly ports: number[];
}

export function pools(packets: readonly Packet[]): Pools {
  const hosts = new Map<string, number>();
  const ports = new Map<number, number>();
  const bump = <K>(m: Map<K, number>, k: K): void => void m.set(k, (m.get(k) ?? 0) + 1);
  for (const { data: d } of packets) {
    if (d.length < 34 || d[12] !== 0x08 || d[13] !== 0x00) continue;
    bump(hosts, `${d[26]}.${d[27]}.${d[28]}.${d[29]}`);
    bump(hosts, `${d[30]}.${d[31]}.${d[32]}.${d[33]}`);
    const ihl = (d[14]! & 0xf) * 4;
    if ((d[23] === 6 || d[23] === 17) && d.length >= 14 + ihl + 4) {
      bump(ports, (d[14 + ihl]! << 8) | d[15 + ihl]!);
      bump(ports, (d[16 + ihl]! << 8) | d[17 + ihl]!);
    }
  }
  const top = <K>(m: Map<K, number>, n: number): K[] => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k]) => k);
  return { hosts: [...top(hosts, 40), '10.0.0.1', '192.168.1.1'], ports: [...top(ports, 40), 53, 80, 123, 443, 22] };
}

/** A seeded generator of expressions, biased towards chains of similar terms joined by or/and. */
export function filterGenerator(seed: number, p: Pools): () => string {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const dir = (): string => pick(['', '', '', 'src ', 'dst ']);
  const host = (): string => pick(p.hosts);
  const port = (): number => pick(p.ports);
  const kinds: (() => string)[] = [
    () => `${dir()}host ${host()}`,
    () => `${dir()}net ${host().split('.').slice(0, 2).join('.')}.0.0/16`,
    () => `${pick(['', '', 'tcp ', 'udp '])}${dir()}port ${port()}`,
    () => { const a = port(); return `${dir()}portrange ${Math.min(a, 60000)}-${Math.min(a, 60000) + Math.floor(rand() * 2000)}`; },
    () => pick(['tcp', 'udp', 'icmp', 'arp', 'ip', 'ip6', 'ip proto 47', 'icmp6']),
    () => pick(['len >= ', 'len <= ', 'greater ', 'less ', 'len = ']) + String(40 + Math.floor(rand() * 1500)),
    () => pick([
      `ip[${Math.floor(rand() * 20)}] = ${Math.floor(rand() * 256)}`, `tcp[13] & ${1 << Math.floor(rand() * 6)} != 0`,
      `udp[8:2] = ${Math.floor(rand() * 65536)}`, `ether[12:2] = 0x${pick(['800', '86dd', '806'])}`,
      `ip[2:2] > ${Math.floor(rand() * 1500)}`, `tcp[0:2] = ${port()}`, `ether[${Math.floor(rand() * 60)}] & 0x${Math.floor(rand() * 256).toString(16)} = 0`,
    ]),
  ];
  const term = (kind: () => string): string => (rand() < 0.15 ? `not ${kind()}` : kind());
  /** An or/and chain of 2–5 terms, mostly of one kind (what the pull-ups are for). */
  const chain = (depth: number): string => {
    const op = rand() < 0.6 ? 'or' : 'and';
    const n = 2 + Math.floor(rand() * 4);
    const main = pick(kinds);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (depth > 0 && rand() < 0.25) parts.push(`(${chain(depth - 1)})`);
      else parts.push(term(rand() < 0.75 ? main : pick(kinds)));
    }
    const s = parts.join(` ${op} `);
    return rand() < 0.15 ? `not (${s})` : s;
  };
  return () => (rand() < 0.3 ? `${term(pick(kinds))} and (${chain(2)})` : chain(2));
}

/** The real packets, copies with a header byte changed, and copies cut short (with a few aimed at `progs`). */
export function packetSet(real: readonly Packet[], seed: number, extra: number): Packet[] {
  const rand = rng(seed);
  const out: Packet[] = [...real];
  for (let i = 0; i < extra; i++) {
    const src = real[Math.floor(rand() * real.length)]!;
    const data = src.data.slice();
    for (let j = 0, n = 1 + Math.floor(rand() * 3); j < n && data.length > 0; j++) {
      data[Math.floor(rand() * Math.min(data.length, 80))] = Math.floor(rand() * 256);
    }
    out.push({ data, wireLen: src.wireLen, kind: 'changed' });
    const cut = Math.floor(rand() * Math.min(src.data.length, 90));
    out.push({ data: src.data.slice(0, cut), wireLen: src.wireLen, kind: 'cut' });
  }
  return out;
}

/** Trawl's program for `expr` on Ethernet, optimised with `passes` (the default list when omitted). */
export function trawlProgram(expr: string, passes?: readonly Pass[]): RawInsn[] {
  const checked = check(parse(expr), { linkType: 1, resolver: NO_NAMES });
  const { cfg, entry, optimizerDisabled } = lower(checked, { linkType: 1, snaplen: 262144 });
  if (optimizerDisabled !== null) return codegen(entry);
  return codegen(optimize(cfg, entry, passes ? { passes } : {}));
}

export interface Comparison {
  readonly expr: string;
  /** Trawl's size, libpcap's size, and Trawl's size with `baseline` passes (if asked). */
  readonly ours: number;
  readonly theirs: number;
  readonly before?: number;
  /** Packets (of the set, plus some aimed at the programs' tests) on which the verdicts differ. */
  readonly differ: number;
  /** The same by packet kind ('real' for a packet as captured). */
  readonly differBy: Record<string, number>;
  /** The same with the `baseline` passes. */
  readonly differBefore?: number;
  readonly packets: number;
  readonly accepted: number;
  readonly firstDiff?: Packet;
}

/**
 * Compare Trawl with libpcap on `expr`: null when libpcap rejects it (or rejects all packets).
 * Throws when Trawl rejects what libpcap compiles.
 */
export function compare(expr: string, packets: readonly Packet[], seed: number, baseline?: readonly Pass[]): Comparison | null {
  const theirs = libpcapProgram('EN10MB', expr, false);
  if (!theirs) return null;
  let ours: RawInsn[];
  try {
    ours = trawlProgram(expr);
  } catch (e) {
    if (e instanceof FilterError) throw new Error(`Trawl rejects ${expr} (libpcap does not): ${e.message}`);
    throw e;
  }
  const aimed = packetsFor([theirs, ours], 150, seed).map((p) => ({ data: p.data, wireLen: p.wireLen, kind: 'aimed' }));
  const cut = aimed.map((p, i) => ({ data: p.data.slice(0, (i * 7) % Math.max(1, p.data.length)), wireLen: p.wireLen, kind: 'aimed-cut' }));
  const all = [...packets, ...aimed, ...cut];
  const a = createVm(ours);
  const b = createVm(theirs);
  const before = baseline ? trawlProgram(expr, baseline) : undefined;
  const c = before ? createVm(before) : undefined;
  let differ = 0;
  let differBefore = 0;
  const differBy: Record<string, number> = {};
  let accepted = 0;
  let firstDiff: Packet | undefined;
  for (const p of all) {
    const want = b(p.data, p.wireLen);
    if (want !== 0) accepted++;
    if (c && c(p.data, p.wireLen) !== want) differBefore++;
    if (a(p.data, p.wireLen) !== want) {
      differ++;
      differBy[p.kind ?? 'real'] = (differBy[p.kind ?? 'real'] ?? 0) + 1;
      firstDiff ??= p;
    }
  }
  return {
    expr, ours: ours.length, theirs: theirs.length, ...(before ? { before: before.length, differBefore } : {}), differ, differBy, packets: all.length, accepted, ...(firstDiff ? { firstDiff } : {}),
  };
}
