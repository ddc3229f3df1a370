/**
 * The link types with small specs — RFC 2625 IP over Fibre Channel, Frame Relay, LocalTalk, Apple IP
 * over FireWire, the DSA switch tags — and SLIP's direction byte, end to end (compileFilter) against
 * libpcap (`tcpdump -y LT -ddd`): where libpcap compiles an expression, ours keeps the same packets
 * of the link type's captures and of randomised frames biased towards the fields the filters test;
 * where libpcap refuses it, ours throws a FilterError with the same message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FilterError } from '../../../errors';
import { compileFilter } from '../../compile';
import { capturesByLinkType } from '../../test/corpus';
import { loadPackets } from '../../test/packets';
import { LT } from './link-types';
import { libpcap, rng, runBpf, type Insn } from './test/oracle';

const haveTcpdump = ((): boolean => {
  try { execFileSync('tcpdump', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
})();

const COMMON = ['ip', 'ip6', 'arp', 'rarp', 'atalk', 'aarp', 'iso', 'stp', 'ipx', 'netbeui', 'decnet', 'link proto \\ip',
  'link proto 1500', 'llc', 'vlan', 'mpls', 'tcp port 80', 'udp', 'host 10.0.0.1', 'net 10.0.0.0/8', 'ip6 host ::1',
  'ether host 12:34:56:78:9a:bc', 'ether src 12:34:56:78:9a:bc', 'ether dst 12:34:56:78:9a:bc',
  'ether src and dst 12:34:56:78:9a:bc', 'ether addr1 12:34:56:78:9a:bc', 'ether ra 12:34:56:78:9a:bc',
  'ether broadcast', 'ether multicast', 'ip broadcast', 'ip multicast', 'iso proto \\clnp', 'isis', 'esis',
  'less 60', 'link[3] == 0xcc', 'ip[0] = 0x45', 'arp host 10.0.0.1', 'ip proto 17', 'atalk and link[3] = 1', 'not atalk'];

const LINKS: [name: string, lt: number, extra: string[]][] = [
  ['IP_OVER_FC', LT.IP_OVER_FC, ['dst net 10.0.0.0/8', 'src and dst net 172.16/12', 'net fe80::/10']],
  ['FRELAY', LT.FRELAY, ['clnp', 'l1', 'ip6 and udp']],
  ['LTALK', LT.LTALK, []],
  ['APPLE_IP_OVER_IEEE1394', LT.APPLE_IP_OVER_IEEE1394, ['rarp host 10.0.0.1']],
  ['DSA_TAG_BRCM', LT.DSA_TAG_BRCM, ['link[0xab] == 0xcd']],
  ['DSA_TAG_DSA', LT.DSA_TAG_DSA, []],
  ['SLIP', LT.SLIP, ['inbound', 'outbound', 'not outbound', 'outbound and ip']],
];

const MAC = [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc];
const IPV4 = [0x45, 0, 0, 40, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0, 80, 0, 80];

/** Random frames with the fields these link types are tested on set to interesting values. */
function frame(r: () => number): Uint8Array {
  const n = 8 + (r() % 56);
  const d = Uint8Array.from({ length: n }, () => r() & 0xff);
  const put = (off: number, bytes: readonly number[]): void => {
    for (let i = 0; i < bytes.length && off + i < n; i++) d[off + i] = bytes[i]!;
  };
  const at = (xs: readonly number[]): number => xs[r() % xs.length]!;
  if (r() % 2) put(at([0, 2, 10]), MAC);
  if (r() % 3 === 0) put(at([2, 10]), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  // Frame Relay UI + NLPID; SNAP headers at 16 (IP over FC); EtherTypes at 16 (FireWire); SLIP direction.
  if (r() % 2) put(2, [0x03, at([0xcc, 0x8e, 0x81, 0x82, 0x83, 0x80])]);
  if (r() % 2) put(16, at([0, 1]) ? [0xaa, 0xaa, 0x03, 0, 0, 0, at([0x08, 0x86, 0x80]), at([0x00, 0xdd, 0x35, 0x06])]
    : [at([0xfe, 0x06, 0xe0, 0x42, 0xf0]), at([0xfe, 0x06, 0xe0, 0x42, 0xf0]), 0x03]);
  if (r() % 2) put(16, [at([0x08, 0x86, 0x80]), at([0x00, 0x06, 0xdd, 0x9b, 0x35])]);
  if (r() % 2) put(at([0, 18, 24]), IPV4);
  if (r() % 3 === 0) d[0] = at([0, 1, 2]);
  return d;
}

function ours(expr: string, lt: number): Insn[] | FilterError {
  try {
    return compileFilter(expr, { linkType: lt }).map((i) => ({ ...i }));
  } catch (err) {
    if (err instanceof FilterError) return err;
    throw err;
  }
}

const byLt = capturesByLinkType();

for (const [name, lt, extra] of LINKS) {
  test(`${name}: programs keep the packets libpcap keeps, and refuse what it refuses`, { skip: !haveTcpdump && 'tcpdump not installed' }, () => {
    const files = (byLt.get(lt) ?? []).filter((f) => existsSync(f));
    const real = files.flatMap((f) => loadPackets(f).packets.filter((p) => p.linkType === lt).map((p) => p.data));
    const r = rng(lt);
    const packets = [...real, ...Array.from({ length: 2000 }, () => frame(r))];
    const failures: string[] = [];
    for (const expr of [...COMMON, ...extra]) {
      const theirs = libpcap(name, expr);
      const mine = ours(expr, lt);
      if (typeof theirs === 'string') {
        const message = theirs.replace(/^tcpdump: /, '');
        if (!(mine instanceof FilterError)) failures.push(`'${expr}': libpcap refuses it (${message}), Trawl compiles it`);
        else if (!mine.message.startsWith(message)) failures.push(`'${expr}': libpcap says "${message}", Trawl "${mine.message}"`);
        continue;
      }
      if (mine instanceof FilterError) {
        failures.push(`'${expr}': libpcap compiles it, Trawl says ${mine.message}`);
        continue;
      }
      const bad = packets.find((p) => (runBpf(theirs, p) !== 0) !== (runBpf(mine, p) !== 0));
      if (bad) failures.push(`'${expr}' on ${Buffer.from(bad).toString('hex')}: libpcap ${runBpf(theirs, bad)}, Trawl ${runBpf(mine, bad)}`);
    }
    assert.deepEqual(failures, []);
  });
}
