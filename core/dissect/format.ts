/** Address and number formatting as Wireshark prints them (no name resolution). Pure and allocation-light. */

const HEX = '0123456789abcdef';

/** `0x` + at least `digits` lower-case hex digits. */
export function hex(value: number, digits: number): string {
  return '0x' + value.toString(16).padStart(digits, '0');
}

/** Each byte value as two lower-case hex digits (a table: the list formats two MACs per Ethernet frame). */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4] + HEX[i & 15]);

/** Bytes as contiguous lower-case hex, as Wireshark's bytes fields (`0a1b2c`). */
export function hexBytes(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += BYTE_HEX[b[i]];
  return s;
}

/**
 * Address texts are remembered in small direct-mapped tables (the last text of each of SLOTS buckets of
 * address values): a capture repeats a few addresses over and over, and the list formats two per layer per
 * packet. A hit gives back the same string, already flat with its hash computed, so the summary packer's
 * lookup of it is cheap too. Only pure results are kept: a table is a cache, not state.
 */
const SLOTS = 4096;
const SLOT_SHIFT = 20;
const slotOf = (x: number): number => Math.imul(x, 0x9e3779b1) >>> SLOT_SHIFT;

const etherKeys = new Int32Array(SLOTS * 2);
const etherTexts = new Array<string | undefined>(SLOTS);

export function formatEther(b: Uint8Array, at: number): string {
  const hi = (b[at] << 8) | b[at + 1];
  const lo = (b[at + 2] << 24) | (b[at + 3] << 16) | (b[at + 4] << 8) | b[at + 5];
  const slot = slotOf(lo ^ Math.imul(hi, 0x85ebca6b));
  const known = etherTexts[slot];
  if (known !== undefined && etherKeys[2 * slot] === hi && etherKeys[2 * slot + 1] === lo) return known;
  const text =
    BYTE_HEX[b[at]] + ':' + BYTE_HEX[b[at + 1]] + ':' + BYTE_HEX[b[at + 2]] + ':' +
    BYTE_HEX[b[at + 3]] + ':' + BYTE_HEX[b[at + 4]] + ':' + BYTE_HEX[b[at + 5]];
  etherKeys[2 * slot] = hi;
  etherKeys[2 * slot + 1] = lo;
  etherTexts[slot] = text;
  return text;
}

const ipv4Keys = new Int32Array(SLOTS);
const ipv4Texts = new Array<string | undefined>(SLOTS);

export function formatIpv4(b: Uint8Array, at: number): string {
  const v = (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
  const slot = slotOf(v);
  const known = ipv4Texts[slot];
  if (known !== undefined && ipv4Keys[slot] === v) return known;
  const text = `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
  ipv4Keys[slot] = v;
  ipv4Texts[slot] = text;
  return text;
}

const ipv6Keys = new Int32Array(SLOTS * 4);
const ipv6Texts = new Array<string | undefined>(SLOTS);

const word = (b: Uint8Array, at: number): number => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];

export function formatIpv6(b: Uint8Array, at: number): string {
  const w0 = word(b, at);
  const w1 = word(b, at + 4);
  const w2 = word(b, at + 8);
  const w3 = word(b, at + 12);
  const slot = slotOf(w0 ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w2, 0xc2b2ae35) ^ Math.imul(w3, 0x27d4eb2f));
  const k = 4 * slot;
  const known = ipv6Texts[slot];
  if (known !== undefined && ipv6Keys[k] === w0 && ipv6Keys[k + 1] === w1 && ipv6Keys[k + 2] === w2 && ipv6Keys[k + 3] === w3) return known;
  const text = ipv6Text(b, at);
  ipv6Keys[k] = w0;
  ipv6Keys[k + 1] = w1;
  ipv6Keys[k + 2] = w2;
  ipv6Keys[k + 3] = w3;
  ipv6Texts[slot] = text;
  return text;
}

/**
 * RFC 5952 text: lower case, leading zeros dropped, the longest run (>1) of zero groups as `::` (the first
 * of equal runs). Built in one pass without arrays.
 */
function ipv6Text(b: Uint8Array, at: number): string {
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    if ((b[at + 2 * i] | b[at + 2 * i + 1]) !== 0) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = i;
    if (i + 1 - runStart > bestLen) {
      bestStart = runStart;
      bestLen = i + 1 - runStart;
    }
  }
  // IPv4-mapped / compatible forms print the last 32 bits dotted, as inet_ntop does.
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && b[at + 10] === 0xff && b[at + 11] === 0xff))) {
    const g6 = (b[at + 12] << 8) | b[at + 13];
    const g7 = (b[at + 14] << 8) | b[at + 15];
    if (!(bestLen === 6 && g6 === 0 && g7 < 2)) return (bestLen === 5 ? '::ffff:' : '::') + formatIpv4(b, at + 12);
  }
  let s = '';
  let sep = false;
  for (let i = 0; i < 8; ) {
    if (i === bestStart) {
      s += '::';
      sep = false;
      i += bestLen;
      continue;
    }
    if (sep) s += ':';
    s += ((b[at + 2 * i] << 8) | b[at + 2 * i + 1]).toString(16);
    sep = true;
    i++;
  }
  return s;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Feb  1, 2015 22:04:33.817203000 UTC`, as Wireshark's frame.time in UTC. */
export function formatAbsTime(sec: number, nsec: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return `${sec}.${String(nsec).padStart(9, '0')} (out of range)`;
  const two = (n: number) => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return (
    `${MONTHS[d.getUTCMonth()]} ${day}, ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(nsec).padStart(9, '0')} UTC`
  );
}

/** Seconds with nine decimals, as Wireshark's relative and epoch times (`0.000000000`). */
export function formatSeconds(sec: number, nsec: number): string {
  const neg = sec < 0 || (sec === 0 && nsec < 0);
  const s = Math.abs(Math.trunc(sec));
  return `${neg ? '-' : ''}${s}.${String(Math.abs(nsec)).padStart(9, '0')}`;
}
