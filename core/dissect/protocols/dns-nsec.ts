/**
 * DNSSEC denial-of-existence records: NSEC (RFC 4034 §4) and NSEC3 (RFC 5155 §3). Their type bit maps
 * list RR types, which Wireshark adds as `dns.resp.type` items (`RR type in bit map: NS …`), so
 * `-e dns.resp.type` shows them too.
 */
import type { Item } from '../context';
import { readDnsName } from './dns-name';
import type { DnsMessage } from './dns-rr';
import { DNS_TYPE_DESCRIPTIONS } from './dns-types';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** NSEC: the next owner name and the bit map. Returns the Info text (the next name). */
export function dissectNsec(m: DnsMessage, rel: number, len: number, rr: Item): string {
  if (len === 0) return '';
  const next = readDnsName(m.msg, rel);
  if (m.ctx.building) {
    rr.add('dns.nsec.next_domain_name', m.base + rel, next.used, next.text);
    dissectTypeBitmap(m, rel + next.used, rel + len, rr);
  }
  return next.text;
}

/** NSEC3: hash parameters, the next hashed owner (base32hex, as Wireshark shows it) and the bit map. */
export function dissectNsec3(m: DnsMessage, rel: number, len: number, rr: Item): void {
  if (!m.ctx.building) return;
  const { msg } = m;
  const b = m.base;
  const flags = msg.u8(rel + 1);
  rr.add('dns.nsec3.algo', b + rel, 1, msg.u8(rel));
  rr.add('dns.nsec3.flags', b + rel + 1, 1, flags).add('dns.nsec3.flags.opt_out', b + rel + 1, 1, (flags & 1) !== 0, undefined, flags);
  rr.add('dns.nsec3.iterations', b + rel + 2, 2, msg.u16(rel + 2));
  const saltLen = msg.u8(rel + 4);
  rr.add('dns.nsec3.salt_length', b + rel + 4, 1, saltLen);
  const salt = msg.slice(rel + 5, saltLen);
  rr.add('dns.nsec3.salt_value', b + rel + 5, saltLen, salt, saltLen === 0 ? 'Salt value: <MISSING>' : undefined);
  const hashAt = rel + 5 + saltLen;
  const hashLen = msg.u8(hashAt);
  rr.add('dns.nsec3.hash_length', b + hashAt, 1, hashLen);
  rr.add('dns.nsec3.hash_value', b + hashAt + 1, hashLen, base32hex(msg.slice(hashAt + 1, hashLen)));
  dissectTypeBitmap(m, hashAt + 1 + hashLen, rel + len, rr);
}

function dissectTypeBitmap(m: DnsMessage, from: number, end: number, rr: Item): void {
  const { msg } = m;
  let at = from;
  while (at < end) {
    const window = msg.u8(at);
    const blen = msg.u8(at + 1);
    const bits = msg.slice(at + 2, blen);
    for (let i = 0; i < blen; i++) {
      for (let bit = 0; bit < 8; bit++) {
        if ((bits[i] & (0x80 >> bit)) === 0) continue;
        const type = window * 256 + i * 8 + bit;
        const name = DNS_TYPE_DESCRIPTIONS[type] ?? `Unknown (${type})`;
        rr.add('dns.resp.type', m.base + at + 2 + i, 1, type, `RR type in bit map: ${name}`);
      }
    }
    at += 2 + blen;
  }
}

function base32hex(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let n = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    n += 8;
    while (n >= 5) {
      out += BASE32HEX[(acc >> (n - 5)) & 31];
      n -= 5;
    }
    acc &= (1 << n) - 1;
  }
  if (n > 0) out += BASE32HEX[(acc << (5 - n)) & 31];
  return out;
}
