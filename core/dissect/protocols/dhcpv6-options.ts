/**
 * DHCPv6 options (RFC 8415 §21, RFC 3646 DNS): each is a subtree named for the option with
 * `dhcpv6.option.type` and `dhcpv6.option.length`, then the decoded fields of the common ones (DUIDs,
 * IA_NA / IA_TA / IA_PD and their addresses and prefixes, ORO, elapsed time, status, DNS servers, domain
 * search list). IAs and relay messages nest; nesting is bounded by the option lengths.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDefs } from '../field';
import { formatEther, formatIpv6, hexBytes } from '../format';
import { DHCPV6_OPTIONS } from './dhcpv6-names';

/** Seconds from 1970 to 2000, the DUID-LLT epoch (RFC 8415 §11.2). */
const DUID_EPOCH = 946684800;
const DUID_TYPES: Readonly<Record<number, string>> = {
  1: 'link-layer address plus time', 2: 'assigned by vendor based on Enterprise number', 3: 'link-layer address',
  4: 'Universally Unique IDentifier (UUID)',
};
const STATUS: Readonly<Record<number, string>> = {
  0: 'Success', 1: 'UnspecFail', 2: 'NoAddrAvail', 3: 'NoBinding', 4: 'NotOnLink', 5: 'UseMulticast', 6: 'NoPrefixAvail',
};
const u16 = (name: string) => ({ name, type: 'uint16' }) as const;
const u32 = (name: string) => ({ name, type: 'uint32' }) as const;
const ipv6 = (name: string) => ({ name, type: 'ipv6' }) as const;
const str = (name: string) => ({ name, type: 'string' }) as const;

export const DHCPV6_OPTION_FIELDS: FieldDefs = {
  'dhcpv6.option.type': { name: 'Option', type: 'uint16', strings: DHCPV6_OPTIONS },
  'dhcpv6.option.length': u16('Length'),
  'dhcpv6.duid.bytes': { name: 'DUID', type: 'bytes' },
  'dhcpv6.duid.type': { name: 'DUID Type', type: 'uint16', strings: DUID_TYPES },
  'dhcpv6.duidllt.hwtype': u16('Hardware type'),
  'dhcpv6.duidllt.time': { name: 'DUID Time', type: 'time' },
  'dhcpv6.duidllt.link_layer_addr': str('Link-layer address'),
  'dhcpv6.duidll.hwtype': u16('Hardware type'),
  'dhcpv6.duidll.link_layer_addr': str('Link-layer address'),
  'dhcpv6.duiden.enterprise': u32('Enterprise ID'),
  'dhcpv6.duiden.identifier': { name: 'Identifier', type: 'bytes' },
  'dhcpv6.duiduuid.bytes': { name: 'UUID', type: 'bytes' },
  'dhcpv6.iaid': str('IAID'),
  'dhcpv6.iaid.t1': u32('T1'),
  'dhcpv6.iaid.t2': u32('T2'),
  'dhcpv6.iata': str('IATA'),
  'dhcpv6.iaaddr.ip': ipv6('IPv6 address'),
  'dhcpv6.iaaddr.pref_lifetime': u32('Preferred lifetime'),
  'dhcpv6.iaaddr.valid_lifetime': u32('Valid lifetime'),
  'dhcpv6.iaprefix.pref_lifetime': u32('Preferred lifetime'),
  'dhcpv6.iaprefix.valid_lifetime': u32('Valid lifetime'),
  'dhcpv6.iaprefix.pref_len': { name: 'Prefix length', type: 'uint8' },
  'dhcpv6.iaprefix.pref_addr': ipv6('Prefix address'),
  'dhcpv6.requested_option_code': { name: 'Requested Option code', type: 'uint16', strings: DHCPV6_OPTIONS },
  'dhcpv6.option_preference': { name: 'Pref-value', type: 'uint8' },
  'dhcpv6.elapsed_time': u16('Elapsed time'),
  'dhcpv6.unicast': ipv6('IPv6 address'),
  'dhcpv6.status_code': { name: 'Status Code', type: 'uint16', strings: STATUS },
  'dhcpv6.status_msg': str('Status Message'),
  'dhcpv6.dns_server': ipv6('DNS server address'),
  'dhcpv6.search_list_entry': str('List entry'),
  'dhcpv6.interface_id': { name: 'Interface-ID', type: 'bytes' },
};

/** Dissects a nested DHCPv6 message in [from, end) (a Relay Message option's data); supplied by dhcpv6.ts. */
export type NestedMessage = (view: ByteView, ctx: DissectContext, parent: Item, depth: number, from: number, end: number) => void;

/** The options in [rel, end) of `view`, under `parent`. */
export function dissectDhcpv6Options(view: ByteView, ctx: DissectContext, rel: number, end: number, parent: Item, nested: NestedMessage, depth: number): void {
  let at = rel;
  while (at < end) {
    const code = view.u16(at);
    const len = view.u16(at + 2);
    view.check(at + 4, len);
    const v = at + 4;
    const name = DHCPV6_OPTIONS[code] ?? 'Unknown';
    const opt = ctx.building ? parent.text(name, at, 4 + len) : parent;
    if (ctx.building) {
      opt.add('dhcpv6.option.type', at, 2, code);
      opt.add('dhcpv6.option.length', at + 2, 2, len);
    }
    if (v + len > end) {
      ctx.expert('error', `Option ${name}: length ${len} runs past the end of its container`, at + 2, 2);
      ctx.malformed(`DHCPv6 option length ${len} runs past the end of its container`);
      return;
    }
    dissectOption(view, ctx, code, v, len, opt, nested, depth);
    at = v + len;
  }
}

function dissectOption(view: ByteView, ctx: DissectContext, code: number, v: number, len: number, opt: Item, nested: NestedMessage, depth: number): void {
  const b = ctx.building;
  const sub = (from: number) => dissectDhcpv6Options(view, ctx, from, v + len, opt, nested, depth);
  switch (code) {
    case 1:
    case 2:
      if (code === 1) ctx.cols.info += `CID: ${hexBytes(view.slice(v, len))} `;
      if (b) addDuid(view, v, len, opt);
      return;
    case 3:
    case 25:
      if (len < 12) return;
      if (b) {
        opt.add('dhcpv6.iaid', v, 4, hexBytes(view.slice(v, 4)));
        opt.add('dhcpv6.iaid.t1', v + 4, 4, view.u32(v + 4));
        opt.add('dhcpv6.iaid.t2', v + 8, 4, view.u32(v + 8));
      }
      sub(v + 12);
      return;
    case 4:
      if (len < 4) return;
      if (b) opt.add('dhcpv6.iata', v, 4, hexBytes(view.slice(v, 4)));
      sub(v + 4);
      return;
    case 5: {
      if (len < 24) return;
      const addr = view.slice(v, 16);
      ctx.cols.info += `IAA: ${formatIpv6(addr, 0)} `;
      if (b) {
        opt.add('dhcpv6.iaaddr.ip', v, 16, addr);
        opt.add('dhcpv6.iaaddr.pref_lifetime', v + 16, 4, view.u32(v + 16));
        opt.add('dhcpv6.iaaddr.valid_lifetime', v + 20, 4, view.u32(v + 20));
      }
      sub(v + 24);
      return;
    }
    case 26:
      if (len < 25) return;
      if (b) {
        opt.add('dhcpv6.iaprefix.pref_lifetime', v, 4, view.u32(v));
        opt.add('dhcpv6.iaprefix.valid_lifetime', v + 4, 4, view.u32(v + 4));
        opt.add('dhcpv6.iaprefix.pref_len', v + 8, 1, view.u8(v + 8));
        opt.add('dhcpv6.iaprefix.pref_addr', v + 9, 16, view.slice(v + 9, 16));
      }
      sub(v + 25);
      return;
    case 9:
      if (depth < 32) nested(view, ctx, opt, depth + 1, v, v + len);
      return;
    default:
      if (b) addSimple(view, code, v, len, opt);
  }
}

/** Options whose fields need only this packet's bytes and no Info text. */
function addSimple(view: ByteView, code: number, v: number, len: number, opt: Item): void {
  switch (code) {
    case 6:
      for (let i = 0; i + 2 <= len; i += 2) opt.add('dhcpv6.requested_option_code', v + i, 2, view.u16(v + i));
      return;
    case 7:
      if (len >= 1) opt.add('dhcpv6.option_preference', v, 1, view.u8(v));
      return;
    case 8:
      // Wireshark shows the hundredths of a second as milliseconds.
      if (len >= 2) opt.add('dhcpv6.elapsed_time', v, 2, view.u16(v) * 10, `Elapsed time: ${view.u16(v) * 10}ms`);
      return;
    case 12:
      if (len >= 16) opt.add('dhcpv6.unicast', v, 16, view.slice(v, 16));
      return;
    case 13:
      if (len < 2) return;
      opt.add('dhcpv6.status_code', v, 2, view.u16(v));
      if (len > 2) opt.add('dhcpv6.status_msg', v + 2, len - 2, String.fromCharCode(...view.slice(v + 2, len - 2)));
      return;
    case 18:
      opt.add('dhcpv6.interface_id', v, len, view.slice(v, len));
      return;
    case 23:
      for (let i = 0; i + 16 <= len; i += 16) opt.add('dhcpv6.dns_server', v + i, 16, view.slice(v + i, 16));
      return;
    case 24:
      addDomainList(view, v, len, opt);
      return;
    default:
      return;
  }
}

/** A DUID (RFC 8415 §11): its bytes, type, and the type's fields. */
function addDuid(view: ByteView, v: number, len: number, opt: Item): void {
  opt.add('dhcpv6.duid.bytes', v, len, view.slice(v, len));
  if (len < 2) return;
  const type = view.u16(v);
  opt.add('dhcpv6.duid.type', v, 2, type);
  const lla = (from: number) => {
    const bytes = view.slice(from, v + len - from);
    return bytes.length === 6 ? formatEther(bytes, 0) : Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(':');
  };
  if (type === 1 && len >= 8) {
    opt.add('dhcpv6.duidllt.hwtype', v + 2, 2, view.u16(v + 2));
    opt.add('dhcpv6.duidllt.time', v + 4, 4, { sec: view.u32(v + 4) + DUID_EPOCH, nsec: 0 });
    opt.add('dhcpv6.duidllt.link_layer_addr', v + 8, len - 8, lla(v + 8));
  } else if (type === 3 && len >= 4) {
    opt.add('dhcpv6.duidll.hwtype', v + 2, 2, view.u16(v + 2));
    opt.add('dhcpv6.duidll.link_layer_addr', v + 4, len - 4, lla(v + 4));
  } else if (type === 2 && len >= 6) {
    opt.add('dhcpv6.duiden.enterprise', v + 2, 4, view.u32(v + 2));
    opt.add('dhcpv6.duiden.identifier', v + 6, len - 6, view.slice(v + 6, len - 6));
  } else if (type === 4 && len >= 18) {
    opt.add('dhcpv6.duiduuid.bytes', v + 2, 16, view.slice(v + 2, 16));
  }
}

/** RFC 3646 domain search list: uncompressed DNS names, one entry each. */
function addDomainList(view: ByteView, v: number, len: number, opt: Item): void {
  let at = v;
  const end = v + len;
  while (at < end) {
    const start = at;
    const labels: string[] = [];
    while (at < end) {
      const n = view.u8(at);
      at++;
      if (n === 0) break;
      labels.push(String.fromCharCode(...view.slice(at, Math.min(n, end - at))) + '.');
      at += n;
    }
    opt.add('dhcpv6.search_list_entry', start, at - start, labels.join(''));
  }
}
