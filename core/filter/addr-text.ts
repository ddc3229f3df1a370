/**
 * Address spellings of the filter language, read the way libpcap reads them (nametoaddr.c:
 * __pcap_atoin, __pcap_atodn, pcap_ether_aton; and the scanner's getaddrinfo check of an IPv6
 * address). Each returns null for text libpcap would refuse; the checker turns that into a
 * FilterError with the user's span.
 */

/** A dotted IPv4 address or prefix of 1–4 decimal parts: the value and how many bits were given. */
export interface Ipv4Text {
  /** The parts packed left to right into the low `bits` bits (`10.1` → 0x0a01). */
  readonly value: number;
  readonly bits: 8 | 16 | 24 | 32;
}

/** libpcap __pcap_atoin: decimal parts of at most 255 each. */
export function parseIpv4(text: string): Ipv4Text | null {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^[0-9]+$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value * 256 + n) >>> 0;
  }
  return { value, bits: (parts.length * 8) as Ipv4Text['bits'] };
}

/** An IPv6 address in any RFC 4291 text form (`::`, embedded IPv4 tail); null when malformed. */
export function parseIpv6(text: string): Uint8Array | null {
  let t = text;
  const lastColon = t.lastIndexOf(':');
  if (lastColon < 0) return null;
  const tail = t.slice(lastColon + 1);
  if (tail.includes('.')) {
    // An embedded IPv4 tail becomes two hex groups.
    const v4 = tail.split('.');
    if (v4.length !== 4 || v4.some((p) => !/^[0-9]{1,3}$/.test(p) || Number(p) > 255)) return null;
    const [a, b, c, d] = v4.map(Number) as [number, number, number, number];
    t = `${t.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const words = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = words(halves[0] ?? '');
  const right = halves.length === 2 ? words(halves[1] ?? '') : [];
  if (left === null || right === null) return null;
  let all = left;
  if (halves.length === 2) {
    const fill = 8 - left.length - right.length;
    if (fill < 1) return null;
    all = [...left, ...new Array<number>(fill).fill(0), ...right];
  }
  if (all.length !== 8) return null;
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

/** libpcap pcap_ether_aton: hex digits in pairs, `:`, `-` or `.` between groups. */
export function parseMac(text: string): Uint8Array | null {
  const out: number[] = [];
  let i = 0;
  const hex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
  while (i < text.length) {
    if (text[i] === ':' || text[i] === '-' || text[i] === '.') i++;
    if (!hex(text[i])) return null;
    let d = parseInt(text[i++]!, 16);
    if (hex(text[i])) d = (d << 4) | parseInt(text[i++]!, 16);
    out.push(d);
  }
  return out.length === 6 ? Uint8Array.from(out) : null;
}

/** libpcap __pcap_atodn: `area.node` packed as area << 10 | node (sscanf "%hu.%hu"); null unless both parse. */
export function parseDecnet(text: string): number | null {
  const m = /^([0-9]+)\.([0-9]+)/.exec(text);
  if (!m) return null;
  const area = Number(m[1]) & 0xffff;
  const node = Number(m[2]) & 0xffff;
  return (((area << 10) & 0xfc00) | (node & 0x3ff)) >>> 0;
}

/** The IPv6 mask of a prefix length (≤ 128). */
export function ipv6Mask(prefixLength: number): Uint8Array {
  const m = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, prefixLength - i * 8));
    m[i] = (0xff << (8 - bits)) & 0xff;
  }
  return m;
}
