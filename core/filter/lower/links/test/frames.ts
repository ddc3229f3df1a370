/**
 * Randomised frames of the special link types, biased towards the values the filters test: 802.11
 * frame-control types/subtypes/DS bits, addresses from a small pool, LLC/SNAP EtherTypes at every
 * offset the header-length logic can produce, radiotap DATAPAD/TSFT/EXT flags, Prism-or-AVS cookies,
 * PPI DLTs; MTP2 LIs and routing labels; SunATM VPI/VCI/protocol and LANE control markers; pflog
 * header lengths, families and names; ARCnet addresses and protocol ids. Some frames are truncated.
 */
export const LT_NUM: Record<string, number> = {
  IEEE802_11: 105, IEEE802_11_RADIO: 127, PRISM_HEADER: 119, IEEE802_11_RADIO_AVS: 163, PPI: 192,
  MTP2: 140, MTP2_WITH_PHDR: 139, SUNATM: 123, PFLOG: 117, ARCNET: 7, ARCNET_LINUX: 129,
};

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[r() % xs.length]!;
const bytes = (r: Rand, n: number): number[] => Array.from({ length: n }, () => r() & 0xff);
const MACS = [[0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x01, 0, 0x5e, 0, 0, 1],
  [0x00, 0x02, 0x03, 0x04, 0x05, 0x06]];
const ETHERTYPES = [0x0800, 0x86dd, 0x0806, 0x809b, 0x8035, 0x8137];

function llc(r: Rand): number[] {
  switch (r() % 7) {
    case 0: return [0x06, 0x06, 0x03];
    case 5: // an 802.1Q tag after SNAP: TCI (VLAN 100 or 8), then the inner EtherType
      return [0xaa, 0xaa, 0x03, 0, 0, 0, 0x81, 0x00, pick(r, [0x00, 0x20]), pick(r, [0x64, 0x08]), 0x08, 0x00, ...bytes(r, 20)];
    case 1: return [0xe0, 0xe0, 0x03];
    case 2: return [pick(r, [0xf0, 0xfe, 0x42]), pick(r, [0xf0, 0xfe, 0x42]), 0x03];
    case 3: return [0xaa, 0xaa, 0x03, 0x08, 0x00, 0x07, 0x80, 0x9b];
    default: {
      const t = pick(r, ETHERTYPES);
      const ip = t === 0x0800 ? [0x45, 0, 0, 40, 0, 0, 0, 0, 64, pick(r, [6, 17, 1]), 0, 0, ...bytes(r, 8), 0, 80, 0, 80]
        : t === 0x86dd ? [0x60, 0, 0, 0, 0, 20, pick(r, [6, 17, 58]), 64, ...bytes(r, 32), 0, 80, 0, 80] : bytes(r, 8);
      return [0xaa, 0xaa, 0x03, 0, 0, 0, t >> 8, t & 0xff, ...ip];
    }
  }
}

function wlanFrame(r: Rand): number[] {
  const fc0 = pick(r, [0x00, 0x80, 0x40, 0xb4, 0xc4, 0xd4, 0xa4, 0x08, 0x88, 0x48, 0xc8, 0x0c, r() & 0xff]);
  const fc1 = r() & 0xff;
  const f = [fc0, fc1, 0, 0];
  for (let i = 0; i < 4; i++) f.push(...pick(r, MACS));
  f.length = 24; // addr1..3 at 4, 10, 16; seq at 22
  f[22] = 0; f[23] = 0;
  const extra = pick(r, [0, 0, 2, 4, 6, 8]); // QoS, padding, addr4
  const body = [...pick(r, MACS), 0, 0].slice(0, extra);
  if (extra > 0 && r() % 3 === 0) body.splice(0, body.length, ...pick(r, MACS).slice(0, extra), 0, 0);
  return [...f, ...body.slice(0, extra), ...llc(r), ...bytes(r, r() % 8)];
}

function radioHeader(lt: string, r: Rand): number[] {
  switch (lt) {
    case 'IEEE802_11_RADIO': {
      const len = pick(r, [8, 12, 16, 18, 20, 24, 26, 32]);
      const present = pick(r, [0, 1, 2, 3, 0x80000002, 0x80000003, 2 | 0x10]);
      const h = [0, 0, len & 0xff, len >> 8, present & 0xff, (present >>> 8) & 0xff, (present >>> 16) & 0xff, present >>> 24];
      while (h.length < len) h.push(pick(r, [0, 0x20, 0x10, r() & 0xff]));
      return h;
    }
    case 'PRISM_HEADER': {
      if (r() % 3 === 0) {
        const len = pick(r, [64, 24]);
        return [0x80, 0x21, 0x10, 0x01, 0, 0, 0, len, ...bytes(r, len - 8)];
      }
      return [0x44, 0, 0, 0, ...bytes(r, 140)];
    }
    case 'IEEE802_11_RADIO_AVS': {
      const len = pick(r, [64, 32, 8]);
      return [0x80, 0x21, 0x10, 0x01, 0, 0, 0, len, ...bytes(r, len - 8)];
    }
    case 'PPI': {
      const len = pick(r, [8, 20, 12]);
      return [0, 0, len, 0, pick(r, [105, 105, 1, 127]), 0, 0, 0, ...bytes(r, len - 8)];
    }
    default: return [];
  }
}

function mtp(r: Rand): number[] {
  const li = pick(r, [0, 1, 2, 3, 0x3f, 0x40, 0xc2, r() & 0xff]);
  return [r() & 0xff, r() & 0xff, li, ...bytes(r, 12)];
}

function sunatm(r: Rand): number[] {
  const proto = pick(r, [0x01, 0x02, 0x11, 0x00, 0x05]);
  const vpi = pick(r, [0, 0, 3, 5, r() & 0xff]);
  const vci = pick(r, [1, 2, 3, 4, 5, 16, 20, 100, r() & 0xffff]);
  const head = [proto, vpi, vci >> 8, vci & 0xff];
  if (r() % 2 === 0) {
    const marker = pick(r, [[0xff, 0x00], [0x00, 0x01]]);
    const eth = [...pick(r, MACS), ...pick(r, MACS)];
    const t = pick(r, [...ETHERTYPES, 0x0040]);
    return [...head, ...marker, ...eth, t >> 8, t & 0xff, ...llc(r).slice(8), ...bytes(r, 20)];
  }
  return [...head, ...llc(r), pick(r, [0x5a, 0x4d, 0x0f, 0x07, 0x05, 0x02, 0x33]), ...bytes(r, 10)];
}

function pflog(r: Rand): number[] {
  const hlen = pick(r, [61, 64, 45, 68]);
  const h = new Array<number>(Math.max(64, hlen + 3 & ~3)).fill(0);
  h[0] = hlen; h[1] = pick(r, [2, 10, 24, 0]); h[2] = r() % 12; h[3] = r() % 12;
  const name = pick(r, ['eth0', 'testname1', 'et', 'xl0']);
  [...name].forEach((c, i) => { h[4 + i] = c.charCodeAt(0); });
  const rs = pick(r, ['testruleset2', 'r', 'rules']);
  [...rs].forEach((c, i) => { h[20 + i] = c.charCodeAt(0); });
  const rnr = pick(r, [0x456789, 3, 5, r()]);
  h[36] = rnr >>> 24; h[37] = (rnr >>> 16) & 0xff; h[38] = (rnr >>> 8) & 0xff; h[39] = rnr & 0xff;
  h[43] = pick(r, [3, 5, 0]); h[60] = pick(r, [1, 2]);
  const ip = h[1] === 10 ? [0x60, 0, 0, 0, 0, 20, pick(r, [6, 17]), 64, ...bytes(r, 32), 0, 80, 0, 80]
    : [0x45, 0, 0, 40, 0, 0, 0, 0, 64, pick(r, [6, 17]), 0, 0, ...bytes(r, 8), 0, 80, 0, 80];
  return [...h, ...ip];
}

function arcnet(lt: string, r: Rand): number[] {
  const addr = (): number => pick(r, [0, 0xd0, 0xd8, 0xd1, 0xde, 0x0e, r() & 0xff]);
  const head = [addr(), addr()];
  if (lt === 'ARCNET_LINUX') head.push(0, 0);
  head.push(pick(r, [212, 213, 214, 221, 240, 241, 0xc4, r() & 0xff]));
  return [...head, ...bytes(r, 24)];
}

/** One random frame of link type `lt` (by tcpdump's name), sometimes truncated. */
export function framesFor(lt: string, r: Rand): Uint8Array {
  let f: number[];
  if (lt in { IEEE802_11: 1, IEEE802_11_RADIO: 1, PRISM_HEADER: 1, IEEE802_11_RADIO_AVS: 1, PPI: 1 }) {
    f = [...radioHeader(lt, r), ...wlanFrame(r)];
  } else if (lt.startsWith('MTP2')) {
    f = lt === 'MTP2' ? mtp(r) : [...bytes(r, 4), ...mtp(r)];
  } else if (lt === 'SUNATM') f = sunatm(r);
  else if (lt === 'PFLOG') f = pflog(r);
  else f = arcnet(lt, r);
  if (r() % 8 === 0) f = f.slice(0, r() % (f.length + 1));
  return Uint8Array.from(f.map((b) => b & 0xff));
}
