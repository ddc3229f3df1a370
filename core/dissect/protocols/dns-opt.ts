/**
 * EDNS(0) options in an OPT record's data (RFC 6891): code, length and data for each, and the fields
 * Wireshark decodes for the common ones: client subnet (RFC 7871), cookie (RFC 7873), TCP keepalive
 * (RFC 7828), padding (RFC 7830), DAU/DHU/N3U (RFC 6975).
 */
import type { Item } from '../context';
import { EDNS_OPTION_CODES } from './dns-types';
import type { DnsMessage } from './dns-rr';

const OPT = { DAU: 5, DHU: 6, N3U: 7, CSUBNET: 8, COOKIE: 10, KEEPALIVE: 11, PADDING: 12 } as const;
const LIST_FIELDS: Readonly<Record<number, string>> = { [OPT.DAU]: 'dns.opt.dau', [OPT.DHU]: 'dns.opt.dhu', [OPT.N3U]: 'dns.opt.n3u' };

/** The options in `len` bytes at `rel` of the message, under the OPT record's item. */
export function dissectEdnsOptions(m: DnsMessage, rel: number, len: number, rr: Item): void {
  const { msg } = m;
  const b = m.base;
  const end = rel + len;
  let at = rel;
  while (at < end) {
    const code = msg.u16(at);
    const olen = msg.u16(at + 2);
    const name = EDNS_OPTION_CODES[code] ?? `Unknown (${code})`;
    const opt = rr.add('dns.opt', b + at, 4 + olen, '', `Option: ${name}`);
    opt.add('dns.opt.code', b + at, 2, code);
    opt.add('dns.opt.len', b + at + 2, 2, olen);
    const data = at + 4;
    const bytes = msg.slice(data, olen);
    opt.add('dns.opt.data', b + data, olen, bytes, olen === 0 ? 'Option Data: <MISSING>' : undefined);
    const list = LIST_FIELDS[code];
    if (list !== undefined) {
      for (let i = 0; i < olen; i++) opt.add(list, b + data + i, 1, bytes[i]);
    } else if (code === OPT.CSUBNET && olen >= 4) {
      const family = msg.u16(data);
      opt.add('dns.opt.client.family', b + data, 2, family);
      opt.add('dns.opt.client.netmask', b + data + 2, 1, bytes[2]);
      opt.add('dns.opt.client.scope', b + data + 3, 1, bytes[3]);
      const addr = bytes.subarray(4);
      if (family === 1 && addr.length <= 4) {
        const full = new Uint8Array(4);
        full.set(addr);
        opt.add('dns.opt.client.addr4', b + data + 4, addr.length, full);
      } else if (family === 2 && addr.length <= 16) {
        const full = new Uint8Array(16);
        full.set(addr);
        opt.add('dns.opt.client.addr6', b + data + 4, addr.length, full);
      } else {
        opt.add('dns.opt.client.addr', b + data + 4, addr.length, addr);
      }
    } else if (code === OPT.COOKIE && olen >= 8) {
      opt.add('dns.opt.cookie.client', b + data, 8, bytes.subarray(0, 8));
      opt.add('dns.opt.cookie.server', b + data + 8, olen - 8, bytes.subarray(8), olen === 8 ? 'Server Cookie: <MISSING>' : undefined);
    } else if (code === OPT.KEEPALIVE && olen === 2) {
      opt.add('dns.opt.edns_tcp_keepalive.timeout', b + data, 2, msg.u16(data));
    } else if (code === OPT.PADDING && olen > 0) {
      opt.add('dns.opt.padding', b + data, olen, bytes);
    }
    at = data + olen;
  }
}
