/**
 * Reading unquoted literals as Wireshark 4.0 reads them for a field of a given type: integers (decimal,
 * 0x hex, 0b binary, leading-0 octal), IPv4 and IPv6 addresses with an optional CIDR prefix, MAC
 * addresses (`:`, `-`, `.` separated or 12 hex digits) and byte strings (`aa:bb:cc`, `aabbcc`, one or two
 * hex digits for one byte). Each returns undefined when the text is not that kind of literal.
 */

/** An integer literal, or undefined. Negative values are allowed (the checker decides what they mean). */
export function parseInteger(text: string): bigint | undefined {
  const m = /^(-?)(0[xX][0-9A-Fa-f]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (m === null) return undefined;
  const body = m[2];
  let v: bigint;
  if (/^0[bB]/.test(body)) v = BigInt('0b' + body.slice(2));
  else if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body.startsWith('0')) v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

/** A decimal number (integer or fraction, optional exponent), or undefined. */
export function parseDecimal(text: string): number | undefined {
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    const i = parseInteger(text);
    return i === undefined ? undefined : Number(i);
  }
  return Number(text);
}

export interface Ipv4Literal {
  /** The address as an unsigned 32-bit integer, already masked to the prefix. */
  readonly addr: number;
  readonly bits: number;
}

/** `a.b.c.d` or `a.b.c.d/n`; `error` says why a text that looks like one is not. */
export function parseIpv4(text: string): Ipv4Literal | { error: string } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d+))?$/.exec(text);
  if (m === null) return undefined;
  const parts = m.slice(1, 5).map(Number);
  if (parts.some((p) => p > 255)) return { error: `"${text}" is not a valid IPv4 address: each part must be 0 to 255.` };
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return { error: `Netmask bits in a CIDR IPv4 address should be <= 32, not ${bits}.` };
  const addr = (((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) & ipv4Mask(bits)) >>> 0;
  return { addr, bits };
}

export function ipv4Mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

export interface Ipv6Literal {
  readonly bytes: Uint8Array;
  readonly bits: number;
}

/** An IPv6 address (with `::`, an embedded IPv4 tail, an optional `/n`), or undefined. */
export function parseIpv6(text: string): Ipv6Literal | { error: string } | undefined {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  if (!addr.includes(':')) return undefined;
  const bits = slash < 0 ? 128 : Number(text.slice(slash + 1));
  const bytes = ipv6Bytes(addr);
  if (bytes === undefined) return undefined;
  if (!Number.isInteger(bits) || bits > 128) return { error: `Prefix in a CIDR IPv6 address should be <= 128, not ${text.slice(slash + 1)}.` };
  return { bytes: maskBytes(bytes, bits), bits };
}

function ipv6Bytes(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (v4 === undefined || 'error' in v4 || v4.bits !== 32) return undefined;
        out.push(v4.addr >>> 16, v4.addr & 0xffff);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) {
        out.push(parseInt(p, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

export function maskBytes(bytes: Uint8Array, bits: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    out[i] &= (0xff << (8 - keep)) & 0xff;
  }
  return out;
}

/**
 * A byte string: hex pairs separated by `:`, `-` or `.` (one separator kind), or a run of hex digits of
 * even length; a single one- or two-digit hex byte (`0`, `ff`, `0x1f`).
 */
export function parseBytes(text: string): Uint8Array | undefined {
  if (/^[0-9A-Fa-f]{1,2}$/.test(text)) return Uint8Array.of(parseInt(text, 16));
  if (/^0[xX][0-9A-Fa-f]{1,2}$/.test(text)) return Uint8Array.of(parseInt(text.slice(2), 16));
  for (const sep of [':', '-', '.']) {
    const parts = text.split(sep);
    if (parts.length > 1 && parts.every((p) => /^[0-9A-Fa-f]{2}$/.test(p))) return Uint8Array.from(parts, (p) => parseInt(p, 16));
  }
  // Cisco's dotted groups of four (0011.2233.4455) and plain runs of hex digits.
  const compact = /^[0-9A-Fa-f]{4}(\.[0-9A-Fa-f]{4})+$/.test(text) ? text.replace(/\./g, '') : text;
  if (/^([0-9A-Fa-f]{2})+$/.test(compact)) return Uint8Array.from(compact.match(/../g) as string[], (p) => parseInt(p, 16));
  return undefined;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
