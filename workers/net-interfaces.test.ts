/**
 * listNetworkInterfaces against iproute2 (`ip -j -d link show`, `ip -j addr show`) and the real capture
 * helper (`trawl-capture --link-type`), on this machine's interfaces and in two network namespaces of our
 * own (unique names, removed afterwards) joined by a veth pair, with a bridge, a macvlan, a VXLAN, a TUN and
 * a TAP device beside it. Needs root and iproute2 (CI runs as root); without them the suite fails and says
 * why — it never skips silently.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { NetworkInterface } from '../core/api';
import { REPO_ROOT } from '../scripts/shared-captures';
import { HelperError, HelperExit, helperLinkType } from './capture-helper';
import { describeInterface, listNetworkInterfaces, type SysfsFacts } from './net-interfaces';

const HELPER = join(REPO_ROOT, 'dist', 'helper', 'trawl-capture');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

interface IpLink {
  ifindex: number;
  ifname: string;
  flags: string[];
  operstate: string;
  link_type: string;
  linkinfo?: { info_kind?: string };
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

function must(cmd: string, ...args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** `ip -j -d link show` merged with `ip -j addr show`, by name (in namespace `ns` if given). */
function ipLinks(ns?: string): Map<string, IpLink> {
  const pre = ns === undefined ? [] : ['-n', ns];
  const links = JSON.parse(must('ip', ...pre, '-j', '-d', 'link', 'show')) as IpLink[];
  const addrs = JSON.parse(must('ip', ...pre, '-j', 'addr', 'show')) as IpLink[];
  const byName = new Map(links.map((l) => [l.ifname, l]));
  for (const a of addrs) {
    const l = byName.get(a.ifname);
    if (l) l.addr_info = a.addr_info;
  }
  return byName;
}

/** The addresses as `ip addr` lists them, IPv4 first. */
function ipAddresses(l: IpLink): string[] {
  const all = (l.addr_info ?? []).map((a) => ({ family: a.family, text: `${a.local}/${a.prefixlen}` }));
  return [...all.filter((a) => a.family === 'inet'), ...all.filter((a) => a.family === 'inet6')].map((a) => a.text);
}

/** One of ours agrees with iproute2 on index, flags, state and every address. */
function assertSameAsIp(ours: NetworkInterface, ip: IpLink): void {
  const where = `${ours.name}`;
  assert.equal(ours.index, ip.ifindex, `${where}: index`);
  assert.equal(ours.up, ip.flags.includes('UP'), `${where}: up`);
  // iproute2 hides IFF_RUNNING; the kernel sets it when the device is up and its operstate is UP or UNKNOWN.
  assert.equal(ours.running, ip.flags.includes('UP') && (ip.operstate === 'UP' || ip.operstate === 'UNKNOWN'), `${where}: running`);
  assert.equal(ours.loopback, ip.flags.includes('LOOPBACK'), `${where}: loopback`);
  assert.deepEqual([...ours.addresses].sort(), ipAddresses(ip).sort(), `${where}: addresses`);
  const v4 = ours.addresses.filter((a) => !a.includes(':'));
  assert.deepEqual(ours.addresses.slice(0, v4.length), v4, `${where}: IPv4 first`);
}

/** The helper's link type for `name`, or undefined where it refuses the device (exit 6). */
async function helperSays(name: string, launcher?: string[]): Promise<number | undefined> {
  try {
    return await helperLinkType(name, { helperPath: HELPER, launcher });
  } catch (e) {
    if (e instanceof HelperError && e.exitCode === HelperExit.linkType) return undefined;
    throw e;
  }
}

async function assertLinkTypesAsHelper(list: readonly NetworkInterface[], launcher?: string[]): Promise<void> {
  for (const i of list) {
    const helper = await helperSays(i.name, launcher);
    assert.equal(i.linkType, helper, `${i.name}: link type as trawl-capture --link-type says`);
    if (helper !== undefined) assert.match(i.linkTypeName ?? '', /^[A-Z0-9_]+$/, `${i.name}: link type name`);
    else assert.equal(i.linkTypeName, undefined);
  }
}

describe('listNetworkInterfaces on this machine', () => {
  before(() => {
    const b = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-helper.mjs'), '--strict'], { encoding: 'utf8' });
    assert.equal(b.status, 0, `building the helper failed:\n${b.stdout}${b.stderr}`);
  });

  it('lists what `ip link` and `ip addr` list: names, indexes, up/running, loopback, every address; sorted by index', async () => {
    const before = ipLinks();
    const t0 = Date.now();
    const ours = await listNetworkInterfaces();
    const afterward = ipLinks();
    assert.ok(ours.length >= 1);
    assert.deepEqual(ours.map((i) => i.index), [...ours.map((i) => i.index)].sort((a, b) => a - b), 'sorted by ifindex');
    // Other suites create and delete devices at the same time; compare those present all along.
    const stable = [...before.keys()].filter((n) => afterward.get(n)?.ifindex === before.get(n)?.ifindex);
    for (const name of stable) {
      const mine = ours.find((i) => i.name === name);
      assert.ok(mine, `${name} is missing`);
      assertSameAsIp(mine, afterward.get(name)!);
      assert.ok(mine.sampledAt >= t0 && mine.sampledAt <= Date.now(), `${name}: sampledAt`);
      assert.ok(Number.isSafeInteger(mine.packets) && mine.packets >= 0, `${name}: packets`);
    }
    for (const i of ours) assert.ok(before.has(i.name) || afterward.has(i.name), `${i.name} is not an interface ip knows`);
  });

  it('describes each device as its kind and driver say', async () => {
    for (const i of await listNetworkInterfaces()) {
      const ip = ipLinks().get(i.name);
      if (ip === undefined) continue; // deleted by another suite since
      const kind = ip.linkinfo?.info_kind;
      if (i.loopback) assert.equal(i.description, 'Loopback');
      else if (kind === 'veth') assert.equal(i.description, 'veth pair');
      else if (kind === 'ifb') assert.equal(i.description, 'IFB (intermediate functional block)');
      else if (kind === undefined && ip.link_type === 'ether') assert.match(i.description, /^(Ethernet|Wireless) \(.+\)$/, `${i.name}: ${i.description}`);
      else assert.notEqual(i.description, '', i.name);
    }
  });

  it('gives the link type the helper records, and none where the helper refuses the device', async () => {
    await assertLinkTypesAsHelper(await listNetworkInterfaces());
  });

  it('without iproute2: the addresses libuv sees, kinds guessed from sysfs', async () => {
    const ip = ipLinks();
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'trawl-no-ip-')); // no `ip` on it
    try {
      const ours = await listNetworkInterfaces();
      for (const i of ours.filter((x) => x.up && x.running && ip.has(x.name))) {
        assert.deepEqual([...i.addresses].sort(), ipAddresses(ip.get(i.name)!).sort(), `${i.name}: addresses`);
      }
      assert.equal(ours.find((i) => i.loopback)?.description, 'Loopback');
    } finally {
      rmSync(process.env.PATH, { recursive: true, force: true });
      process.env.PATH = path;
    }
  });

  it('leaves out an interface that vanishes while it is read, and never throws for it', async () => {
    const sys = mkdtempSync(join(tmpdir(), 'trawl-sysnet-'));
    try {
      const dev = join(sys, 'keep0');
      mkdirSync(join(dev, 'statistics'), { recursive: true });
      const files: Record<string, string> = { ifindex: '7', iflink: '7', type: '1', flags: '0x1003', operstate: 'up', uevent: 'INTERFACE=keep0\nIFINDEX=7' };
      for (const [f, v] of Object.entries(files)) writeFileSync(join(dev, f), `${v}\n`);
      writeFileSync(join(dev, 'statistics', 'rx_packets'), '5\n');
      writeFileSync(join(dev, 'statistics', 'tx_packets'), '6\n');
      mkdirSync(join(sys, 'gone0')); // its files are gone: read mid-removal
      symlinkSync(join(sys, 'nowhere'), join(sys, 'gone1')); // sysfs link to a device already unregistered
      const list = await listNetworkInterfaces({ sysNet: sys });
      assert.deepEqual(list.map((i) => [i.name, i.index, i.packets, i.up, i.running, i.linkTypeName]), [['keep0', 7, 11, true, true, 'EN10MB']]);
    } finally {
      rmSync(sys, { recursive: true, force: true });
    }
  });
});

describe('describeInterface', () => {
  const base: SysfsFacts = { name: 'x', index: 3, iflink: 3, type: 1, flags: 0x1003, operstate: 'up', packets: 0, sampledAt: 0, bridge: false, bonding: false, wireless: false };
  const cases: [Partial<SysfsFacts>, string | null | undefined, string][] = [
    [{ driver: 'virtio_net' }, undefined, 'Ethernet (virtio_net)'],
    [{ type: 772, flags: 0x9 }, undefined, 'Loopback'],
    [{ driver: 'iwlwifi', devtype: 'wlan', wireless: true }, undefined, 'Wireless (iwlwifi)'],
    [{ driver: 'iwlwifi', type: 803 }, undefined, 'Wireless, monitor mode (iwlwifi)'],
    [{ devtype: 'bridge', bridge: true, lower: 'eth0' }, undefined, 'Bridge'],
    [{ bonding: true, devtype: 'bond' }, undefined, 'Bond'],
    [{ devtype: 'vlan', lower: 'eth0', iflink: 2 }, undefined, 'VLAN on eth0'],
    [{ type: 768, iflink: 0 }, 'ipip', 'Tunnel (ipip)'],
    [{ type: 776 }, 'sit', 'Tunnel (sit)'],
    [{ type: 65534, tunFlags: 0x1001 }, 'tun', 'TUN'],
    [{ tunFlags: 0x1002 }, 'tun', 'TAP'],
    [{ type: 65534, devtype: 'wireguard' }, 'wireguard', 'WireGuard'],
    [{ type: 519, driver: 'qmi_wwan', devtype: 'wwan' }, undefined, 'Mobile broadband (qmi_wwan)'],
    [{ type: 519, driver: 'rmnet' }, undefined, 'Raw IP (rmnet)'],
    [{ iflink: 9 }, 'veth', 'veth pair'],
    [{ iflink: 9 }, undefined, 'veth pair'], // no `ip`: the sysfs guess
    [{}, 'ifb', 'IFB (intermediate functional block)'],
    [{ lower: 'eth0', iflink: 2 }, 'macvlan', 'macvlan on eth0'],
    [{}, 'newkind', 'Virtual (newkind)'],
    [{}, null, 'Virtual Ethernet'],
    [{ type: 280 }, 'vcan', 'CAN bus'],
    [{ type: 4242 }, undefined, 'Hardware type 4242'],
  ];
  for (const [facts, kind, words] of cases) {
    it(`${JSON.stringify(facts)} kind=${kind} → ${words}`, () => {
      assert.equal(describeInterface({ ...base, ...facts }, kind), words);
    });
  }
});

describe('listNetworkInterfaces in a network namespace of our own', () => {
  const run = `${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
  const nsA = `trawl-ifl-a-${run}`;
  const nsB = `trawl-ifl-b-${run}`;
  const inA = ['ip', 'netns', 'exec', nsA];
  const destroy = () => {
    for (const ns of [nsA, nsB]) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  };

  /** listNetworkInterfaces() run inside namespace A (`ip netns exec` gives it that namespace's /sys). */
  function listInA(): NetworkInterface[] {
    const code = `import(${JSON.stringify(join(REPO_ROOT, 'workers', 'net-interfaces.ts'))}).then(async (m) => process.stdout.write(JSON.stringify(await m.listNetworkInterfaces())))`;
    return JSON.parse(must('ip', 'netns', 'exec', nsA, TSX, '-e', code)) as NetworkInterface[];
  }

  before(() => {
    if (process.getuid?.() !== 0) throw new Error('these tests need root to create network namespaces (CI runs them as root): sudo npx tsx --test workers/net-interfaces.test.ts');
    process.on('exit', destroy); // if the runner dies before `after`
    must('ip', 'netns', 'add', nsA);
    must('ip', 'netns', 'add', nsB);
    must('ip', '-n', nsA, 'link', 'add', 'vA', 'type', 'veth', 'peer', 'name', 'vB', 'netns', nsB);
    for (const [ns, dev, addr] of [[nsA, 'vA', '10.201.0.1'], [nsB, 'vB', '10.201.0.2']]) {
      // No IPv6 chatter; every datagram to a closed port gets its ICMP answer (no rate limit).
      must('ip', 'netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1',
        'net.ipv4.icmp_ratelimit=0', 'net.ipv4.icmp_msgs_per_sec=100000');
      must('ip', '-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev);
      must('ip', '-n', ns, 'link', 'set', dev, 'up');
      must('ip', '-n', ns, 'link', 'set', 'lo', 'up');
    }
    must('ip', '-n', nsA, 'addr', 'add', '10.201.0.9/24', 'dev', 'vA', 'label', 'vA:1'); // an alias: belongs to vA
    must('ip', '-n', nsA, 'link', 'add', 'name', 'br0', 'type', 'bridge');
    must('ip', '-n', nsA, 'addr', 'add', '10.202.0.1/16', 'dev', 'br0');
    must('ip', '-n', nsA, 'link', 'add', 'link', 'vA', 'name', 'mv', 'type', 'macvlan');
    must('ip', '-n', nsA, 'link', 'add', 'vx', 'type', 'vxlan', 'id', '42', 'dstport', '4789');
    must('ip', '-n', nsA, 'tuntap', 'add', 'mode', 'tun', 'name', 'tn');
    must('ip', '-n', nsA, 'tuntap', 'add', 'mode', 'tap', 'name', 'tp');
  });

  after(destroy);

  it('matches ip and the helper for every device; describes each kind', async () => {
    const list = listInA();
    const ip = ipLinks(nsA);
    assert.deepEqual(list.map((i) => i.name).sort(), [...ip.keys()].sort());
    for (const i of list) assertSameAsIp(i, ip.get(i.name)!);
    const described = Object.fromEntries(list.map((i) => [i.name, i.description]));
    assert.deepEqual(described, { lo: 'Loopback', vA: 'veth pair', br0: 'Bridge', mv: 'macvlan on vA', vx: 'VXLAN', tn: 'TUN', tp: 'TAP' });
    assert.deepEqual(list.find((i) => i.name === 'vA')?.addresses, ['10.201.0.1/24', '10.201.0.9/24']);
    await assertLinkTypesAsHelper(list, inA);
    assert.equal(list.find((i) => i.name === 'vA')?.linkTypeName, 'EN10MB');
    assert.equal(list.find((i) => i.name === 'tn')?.linkType, 101);
  });

  it('counts packets: 100 datagrams across the veth, each answered by ICMP (as pings would be), raise its counter by at least 200', () => {
    const first = listInA().find((i) => i.name === 'vA');
    assert.ok(first);
    assert.equal(first.up && first.running, true);
    // `ping` is not installed everywhere: 100 UDP datagrams to a closed port of B, each answered by ICMP.
    const send = `const s = require('node:dgram').createSocket('udp4'); let n = 0;
      const next = () => n++ < 100 ? s.send('trawl', 9, '10.201.0.2', () => setTimeout(next, 2)) : s.close(); next();`;
    must(...(inA as [string, ...string[]]), process.execPath, '-e', send);
    must(...(inA as [string, ...string[]]), 'sleep', '0.2'); // the last answers arrive
    const second = listInA().find((i) => i.name === 'vA');
    assert.ok(second);
    assert.ok(second.packets - first.packets >= 200, `vA counted ${second.packets - first.packets} packets for 100 datagrams and their answers`);
    assert.ok(second.sampledAt > first.sampledAt);
  });
});
