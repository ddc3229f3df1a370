/**
 * The machine's network interfaces as the capture start page and `trawl interfaces` list them: read from
 * /sys/class/net/<name>/ (index, ARPHRD type, flags, packet counters, driver, device type) with the
 * addresses from os.networkInterfaces(). Cheap enough to call once a second for sparklines: a handful of
 * small sysfs reads per interface.
 *
 * Two gaps are filled by `ip -j -d addr show`, run only when one of them is on the list: sysfs does not say
 * what kind of virtual device an Ethernet-type interface without a driver is (veth, dummy, ifb, macvlan…;
 * only netlink's IFLA_INFO_KIND does, and it is remembered per device), and os.networkInterfaces() leaves
 * out the addresses of a device that is not up and running. Without iproute2, a guess from sysfs
 * (`iflink` ≠ `ifindex` and no lower device: a veth) and the addresses libuv sees stand in.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { basename, join } from 'node:path';
import type { NetworkInterface } from '../core/api';
import { linkTypeName } from '../core/pcap/link-types';

const SYS_NET = '/sys/class/net';

/**
 * net_device flags (include/uapi/linux/if.h). sysfs `flags` is dev->flags, which never holds IFF_RUNNING
 * (0x40): the kernel adds that in dev_get_flags() when the device is up and its operstate is `up` or
 * `unknown` (netif_oper_up), so `running` is computed the same way from `operstate`.
 */
const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;
/** tun_flags: a TAP (Ethernet) device rather than a TUN (IP) one. */
const IFF_TAP = 0x2;

/** ARPHRD_* hardware types (include/uapi/linux/if_arp.h) that this file names. */
export const Arphrd = {
  ETHER: 1,
  IEEE802: 6,
  INFINIBAND: 32,
  CAN: 280,
  PPP: 512,
  RAWIP: 519,
  TUNNEL: 768,
  TUNNEL6: 769,
  LOOPBACK: 772,
  SIT: 776,
  IPGRE: 778,
  IEEE80211_RADIOTAP: 803,
  IP6GRE: 823,
  NETLINK: 824,
  NONE: 0xfffe,
} as const;

/**
 * What trawl-capture records for each hardware type it accepts: helper/iface.c's `link_type_of`, mirrored
 * exactly (net-interfaces.test.ts checks every interface against the helper). A type not listed here is
 * one the helper refuses (exit 6).
 */
const HELPER_LINK_TYPES: ReadonlyMap<number, number> = new Map([
  [Arphrd.ETHER, 1], // LINKTYPE_ETHERNET
  [Arphrd.LOOPBACK, 1],
  [Arphrd.IEEE802, 6], // LINKTYPE_IEEE802_5
  [Arphrd.IEEE80211_RADIOTAP, 127], // LINKTYPE_IEEE802_11_RADIOTAP
  [Arphrd.NONE, 101], // LINKTYPE_RAW
  [Arphrd.RAWIP, 101],
  [Arphrd.TUNNEL, 101],
  [Arphrd.TUNNEL6, 101],
  [Arphrd.SIT, 101],
]);

/** The LINKTYPE_ number trawl-capture records for an ARPHRD_ type, or undefined where it refuses to capture. */
export function helperLinkTypeFor(arphrd: number): number | undefined {
  return HELPER_LINK_TYPES.get(arphrd);
}

/** Hardware types that describe themselves, whatever the driver or kind. */
const TYPE_WORDS: ReadonlyMap<number, string> = new Map([
  [Arphrd.IEEE802, 'Token ring'],
  [Arphrd.INFINIBAND, 'InfiniBand'],
  [Arphrd.CAN, 'CAN bus'],
  [Arphrd.PPP, 'PPP'],
  [Arphrd.TUNNEL, 'Tunnel (ipip)'],
  [Arphrd.TUNNEL6, 'Tunnel (ip6tnl)'],
  [Arphrd.SIT, 'Tunnel (sit)'],
  [Arphrd.IPGRE, 'Tunnel (gre)'],
  [Arphrd.IP6GRE, 'Tunnel (ip6gre)'],
  [Arphrd.NETLINK, 'Netlink monitor'],
]);

/** uevent DEVTYPE values (SET_NETDEV_DEVTYPE) in words. */
const DEVTYPE_WORDS: Readonly<Record<string, string>> = {
  wlan: 'Wireless',
  bridge: 'Bridge',
  bond: 'Bond',
  vlan: 'VLAN',
  wwan: 'Mobile broadband',
  wireguard: 'WireGuard',
  vxlan: 'VXLAN',
  geneve: 'Geneve',
  dsa: 'Switch port (DSA)',
  gadget: 'USB gadget',
};

/** IFLA_INFO_KIND values (`ip -d link`'s `linkinfo.info_kind`) in words. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  veth: 'veth pair',
  dummy: 'Dummy',
  ifb: 'IFB (intermediate functional block)',
  bridge: 'Bridge',
  bond: 'Bond',
  team: 'Team',
  vlan: 'VLAN',
  macvlan: 'macvlan',
  macvtap: 'macvtap',
  ipvlan: 'ipvlan',
  vxlan: 'VXLAN',
  geneve: 'Geneve',
  gretap: 'Tunnel (gretap)',
  ip6gretap: 'Tunnel (ip6gretap)',
  wireguard: 'WireGuard',
  tun: 'TUN',
  vrf: 'VRF',
  vcan: 'Virtual CAN bus',
  nlmon: 'Netlink monitor',
};

/** What sysfs says about one interface. */
export interface SysfsFacts {
  name: string;
  index: number;
  iflink: number;
  type: number;
  flags: number;
  /** sysfs `operstate`: up, down, unknown, dormant, lowerlayerdown, notpresent, testing. */
  operstate: string;
  packets: number;
  sampledAt: number;
  driver?: string;
  devtype?: string;
  bridge: boolean;
  bonding: boolean;
  wireless: boolean;
  tunFlags?: number;
  /** The device this one sits on (`lower_<name>` links: VLAN, macvlan…). */
  lower?: string;
}

/** Reads a sysfs attribute; rejects if it cannot (the interface vanished, or has no such attribute). */
async function attr(dir: string, file: string): Promise<string> {
  return (await readFile(join(dir, file), 'utf8')).trim();
}

/** Reads an attribute that only some interfaces have; undefined where absent. */
async function optionalAttr(dir: string, file: string): Promise<string | undefined> {
  try {
    return await attr(dir, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function driverOf(dir: string): Promise<string | undefined> {
  try {
    return basename(await readlink(join(dir, 'device', 'driver')));
  } catch (e) {
    // Virtual devices have no device/driver link (ENOENT); some buses give a device without a driver.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Everything sysfs says about `name`, or undefined if the interface vanished (or became unreadable) while read. */
async function readSysfs(sysNet: string, name: string): Promise<SysfsFacts | undefined> {
  const dir = join(sysNet, name);
  try {
    const [entries, index, iflink, type, flags, operstate, rx, tx, uevent, driver, tunFlags] = await Promise.all([
      readdir(dir),
      attr(dir, 'ifindex'),
      attr(dir, 'iflink'),
      attr(dir, 'type'),
      attr(dir, 'flags'),
      attr(dir, 'operstate'),
      attr(dir, 'statistics/rx_packets'),
      attr(dir, 'statistics/tx_packets'),
      attr(dir, 'uevent'),
      driverOf(dir),
      optionalAttr(dir, 'tun_flags'),
    ]);
    const sampledAt = Date.now();
    const devtype = /^DEVTYPE=(.*)$/m.exec(uevent)?.[1];
    const lower = entries.find((e) => e.startsWith('lower_'))?.slice('lower_'.length);
    return {
      name,
      index: Number(index),
      iflink: Number(iflink),
      type: Number(type),
      flags: Number(flags),
      operstate,
      packets: Number(rx) + Number(tx),
      sampledAt,
      driver,
      devtype,
      bridge: entries.includes('bridge'),
      bonding: entries.includes('bonding'),
      wireless: entries.includes('wireless') || entries.includes('phy80211'),
      tunFlags: tunFlags === undefined ? undefined : Number(tunFlags),
      lower,
    };
  } catch {
    // The interface went away between readdir and these reads (ENOENT, ENODEV), or one of its files cannot
    // be read: a listing never fails for one interface, it leaves that one out.
    return undefined;
  }
}

/** Whether sysfs leaves the kind of device open, so only IFLA_INFO_KIND can tell (veth, dummy, ifb, macvlan…). */
function needsKind(f: SysfsFacts): boolean {
  if (f.driver !== undefined || f.devtype !== undefined || f.bridge || f.bonding || f.wireless || f.tunFlags !== undefined) return false;
  return f.type === Arphrd.ETHER || f.type === Arphrd.NONE || f.type === Arphrd.CAN;
}

/**
 * IFLA_INFO_KIND of devices by `${ifindex}/${name}`: a device's kind never changes while it lives, so `ip`
 * need not run again for it. Entries of devices gone are dropped at each listing.
 */
const kindCache = new Map<string, string | null>();

const kindKey = (f: { index: number; name: string }): string => `${f.index}/${f.name}`;

/** What `ip -j -d addr show` says of one device. */
interface IpDetail {
  index: number;
  /** IFLA_INFO_KIND (`veth`, `bridge`…); null for a device without one (physical, loopback). */
  kind: string | null;
  addresses: string[];
}

/** `ip -j -d addr show` by device name; undefined when iproute2 is missing or fails. */
function ipDetails(): Promise<Map<string, IpDetail> | undefined> {
  return new Promise((resolve) => {
    execFile('ip', ['-j', '-d', 'addr', 'show'], { encoding: 'utf8', timeout: 2000, maxBuffer: 16 << 20 }, (error, stdout) => {
      if (error !== null) {
        // No iproute2 (or it failed): kinds fall back to the sysfs guess, addresses to os.networkInterfaces().
        resolve(undefined);
        return;
      }
      try {
        type Link = { ifindex: number; ifname: string; linkinfo?: { info_kind?: string }; addr_info?: { family: string; local: string; prefixlen: number }[] };
        const links = JSON.parse(stdout) as Link[];
        resolve(
          new Map(
            links.map((l) => {
              const addrs = l.addr_info ?? [];
              const text = (family: string) => addrs.filter((a) => a.family === family).map((a) => `${a.local}/${a.prefixlen}`);
              return [l.ifname, { index: l.ifindex, kind: l.linkinfo?.info_kind ?? null, addresses: [...text('inet'), ...text('inet6')] }];
            }),
          ),
        );
      } catch {
        // Output we cannot read is as good as no `ip`: the fallbacks stand in.
        resolve(undefined);
      }
    });
  });
}

/** Addresses by device from os.networkInterfaces(), IPv4 first. Aliases (`eth0:1`) go to their device. */
function osAddresses(): Map<string, string[]> {
  const v4 = new Map<string, string[]>();
  const v6 = new Map<string, string[]>();
  for (const [label, list] of Object.entries(networkInterfaces())) {
    const device = label.split(':')[0];
    for (const a of list ?? []) {
      const family = a.family === 'IPv4' ? v4 : v6;
      const text = a.cidr ?? a.address;
      const l = family.get(device) ?? [];
      if (!l.includes(text)) l.push(text);
      family.set(device, l);
    }
  }
  const out = new Map<string, string[]>();
  for (const device of new Set([...v4.keys(), ...v6.keys()])) out.set(device, [...(v4.get(device) ?? []), ...(v6.get(device) ?? [])]);
  return out;
}

const upAndRunning = (f: SysfsFacts): boolean => (f.flags & IFF_UP) !== 0 && (f.operstate === 'up' || f.operstate === 'unknown');

/**
 * Kinds and addresses for every interface. os.networkInterfaces() is cheap but blind to a device that is not
 * up and running (libuv leaves those out), and sysfs cannot name a virtual device's kind; `ip` runs only when
 * one of those is on the list.
 */
async function kindsAndAddresses(facts: readonly SysfsFacts[]): Promise<{ kinds: Map<string, string | null>; addresses: Map<string, string[]> }> {
  const needIp = facts.some((f) => !upAndRunning(f) || (needsKind(f) && !kindCache.has(kindKey(f))));
  const ip = needIp ? await ipDetails() : undefined;
  if (ip !== undefined) for (const [name, d] of ip) kindCache.set(kindKey({ index: d.index, name }), d.kind);
  const live = new Set(facts.map(kindKey));
  for (const k of kindCache.keys()) if (!live.has(k)) kindCache.delete(k);
  const kinds = new Map<string, string | null>();
  for (const f of facts) {
    const k = kindCache.get(kindKey(f));
    if (k !== undefined) kinds.set(f.name, k);
  }
  const addresses = ip === undefined ? osAddresses() : new Map([...ip].map(([name, d]) => [name, d.addresses]));
  return { kinds, addresses };
}

/** The interface in words a user understands, with its driver where known. */
export function describeInterface(f: SysfsFacts, kind: string | null | undefined): string {
  const withDriver = (words: string) => (f.driver ? `${words} (${f.driver})` : words);
  const on = (words: string) => (f.lower ? `${words} on ${f.lower}` : words);
  if (f.type === Arphrd.LOOPBACK || f.flags & IFF_LOOPBACK) return 'Loopback';
  if (f.type === Arphrd.IEEE80211_RADIOTAP) return withDriver('Wireless, monitor mode');
  if (f.wireless || f.devtype === 'wlan') return withDriver('Wireless');
  if (f.bridge || f.devtype === 'bridge') return 'Bridge';
  if (f.bonding || f.devtype === 'bond') return 'Bond';
  if (f.devtype === 'vlan') return on('VLAN');
  if (f.tunFlags !== undefined) return f.tunFlags & IFF_TAP ? 'TAP' : 'TUN';
  const byType = TYPE_WORDS.get(f.type);
  if (byType !== undefined) return withDriver(byType);
  if (f.devtype !== undefined) return withDriver(DEVTYPE_WORDS[f.devtype] ?? f.devtype);
  if (kind) {
    const words = KIND_WORDS[kind];
    if (words === undefined) return on(`Virtual (${kind})`);
    return kind === 'macvlan' || kind === 'macvtap' || kind === 'ipvlan' || kind === 'vlan' ? on(words) : words;
  }
  switch (f.type) {
    case Arphrd.ETHER:
      if (f.driver) return `Ethernet (${f.driver})`;
      // No kind from netlink: a veth's peer is its iflink; a device on a lower one (macvlan) names it.
      if (kind === undefined && f.iflink !== f.index && f.lower === undefined) return 'veth pair';
      return on('Virtual Ethernet');
    case Arphrd.RAWIP:
      return withDriver('Raw IP');
    case Arphrd.NONE:
      return withDriver('IP, no link layer');
    default:
      return withDriver(`Hardware type ${f.type}`);
  }
}

export interface ListInterfacesOptions {
  /** The sysfs net class folder; default /sys/class/net (tests point it at a copy). */
  sysNet?: string;
}

/** The machine's network interfaces (of this process's network namespace), sorted by ifindex. Never rejects for one interface. */
export async function listNetworkInterfaces(o: ListInterfacesOptions = {}): Promise<NetworkInterface[]> {
  const sysNet = o.sysNet ?? SYS_NET;
  const names = await readdir(sysNet);
  const facts = (await Promise.all(names.map((n) => readSysfs(sysNet, n)))).filter((f): f is SysfsFacts => f !== undefined);
  const { kinds, addresses } = await kindsAndAddresses(facts);
  return facts
    .sort((a, b) => a.index - b.index)
    .map((f): NetworkInterface => {
      const linkType = helperLinkTypeFor(f.type);
      return {
        name: f.name,
        index: f.index,
        description: describeInterface(f, kinds.get(f.name)),
        addresses: addresses.get(f.name) ?? [],
        up: (f.flags & IFF_UP) !== 0,
        running: upAndRunning(f),
        loopback: (f.flags & IFF_LOOPBACK) !== 0,
        ...(linkType === undefined ? {} : { linkType, linkTypeName: linkTypeName(linkType) }),
        packets: f.packets,
        sampledAt: f.sampledAt,
      };
    });
}
