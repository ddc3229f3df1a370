/**
 * DNS questions and resource records (RFC 1035 §4.1.2-3, RFC 6891 OPT, RFC 2782 SRV), as Wireshark's
 * dissect_dns_query / dissect_dns_answer show them: the tree item per record, its fields in tree order, and
 * the Info column text each record appends (` A example.com`, ` A 93.184.216.34`). Shared by DNS, mDNS and
 * LLMNR. Offsets in the tree are relative to the DNS layer; `base` is where the message starts in it (2
 * over TCP, after the length).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { bitPattern } from '../field';
import { formatIpv4, formatIpv6, hex } from '../format';
import { nameLength, readDnsName, type DnsName } from './dns-name';
import { dissectNsec, dissectNsec3 } from './dns-nsec';
import { dissectEdnsOptions } from './dns-opt';
import { dnsClassName, dnsTypeShort, secondsText } from './dns-types';

const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35, DNAME: 39, OPT: 41, NSEC: 47, NSEC3: 50, SPF: 99 } as const;

/** One DNS message being dissected. */
/** Wireshark's COL_MAX_INFO_LEN. */
const COL_MAX_INFO_LEN = 4096;

export interface DnsMessage {
  readonly msg: ByteView;
  readonly ctx: DissectContext;
  /** Where the message starts within the layer. */
  readonly base: number;
  /** mDNS: the class's top bit is "QU" (questions) / "cache flush" (records). */
  readonly mdns: boolean;
}

/** `Class: IN (0x0001)`; in mDNS the class is the low 15 bits, shown with its bit pattern. */
function classLabel(cls: number, mdns: boolean, raw: number): string {
  const text = `Class: ${dnsClassName(cls)} (${hex(cls, 4)})`;
  return mdns ? `${bitPattern(0x7fff, raw, 16)} = ${text}` : text;
}

function nameItem(parent: Item, field: string, m: DnsMessage, rel: number, name: DnsName): void {
  const it = parent.add(field, m.base + rel, name.used, name.text);
  if (name.problem !== undefined) it.expert('warn', name.problem);
}

/** One question at `rel`; returns the offset after it. */
export function dissectQuestion(m: DnsMessage, rel: number, parent: Item): number {
  const { msg, ctx } = m;
  const name = readDnsName(msg, rel);
  const at = rel + name.used;
  const type = msg.u16(at);
  const rawClass = msg.u16(at + 2);
  const qu = m.mdns && (rawClass & 0x8000) !== 0;
  const cls = m.mdns ? rawClass & 0x7fff : rawClass;
  const typeName = dnsTypeShort(type);
  // Wireshark's Info column holds at most COL_MAX_INFO_LEN characters; a message of thousands of
  // questions would otherwise build a column of megabytes.
  if (ctx.cols.info.length < COL_MAX_INFO_LEN) {
    ctx.cols.info += ` ${typeName} ${name.text}`;
    if (m.mdns) ctx.cols.info += `, "${qu ? 'QU' : 'QM'}" question`;
  }
  if (ctx.building) {
    let label = `${name.text}: type ${typeName}, class ${dnsClassName(cls)}`;
    if (m.mdns) label += `, "${qu ? 'QU' : 'QM'}" question`;
    const q = parent.text(label, m.base + rel, name.used + 4);
    nameItem(q, 'dns.qry.name', m, rel, name);
    q.add('dns.qry.name.len', m.base + rel, name.used, nameLength(name), `[Name Length: ${nameLength(name)}]`);
    q.add('dns.count.labels', m.base + rel, name.used, name.labels, `[Label Count: ${name.labels}]`);
    q.add('dns.qry.type', m.base + at, 2, type);
    q.add('dns.qry.class', m.base + at + 2, 2, cls, classLabel(cls, m.mdns, rawClass));
    if (m.mdns) q.add('dns.qry.qu', m.base + at + 2, 2, qu, undefined, rawClass);
  }
  return at + 4;
}

/** One resource record at `rel`; returns the offset after it. */
export function dissectRecord(m: DnsMessage, rel: number, parent: Item): number {
  const { msg, ctx } = m;
  const name = readDnsName(msg, rel);
  const at = rel + name.used;
  const type = msg.u16(at);
  const rawClass = msg.u16(at + 2);
  const ttl = msg.u32(at + 4);
  const rdlen = msg.u16(at + 8);
  const data = at + 10;
  const flush = m.mdns && type !== T.OPT && (rawClass & 0x8000) !== 0;
  const cls = m.mdns && type !== T.OPT ? rawClass & 0x7fff : rawClass;
  const typeName = dnsTypeShort(type);
  ctx.cols.info += ` ${typeName}`;
  if (flush) ctx.cols.info += ', cache flush';
  // Wireshark's record item spans the data too: data past the end fails before any of the record's fields.
  msg.check(rel, name.used + 10 + rdlen);
  const b = m.base;
  const rr = ctx.building ? parent.text(`${name.text}: type ${typeName}`, b + rel, name.used + 10 + rdlen) : parent;
  if (ctx.building) {
    if (type === T.SRV && name.problem === undefined) addSrvOwner(rr, m, rel, name);
    else nameItem(rr, 'dns.resp.name', m, rel, name);
    rr.add('dns.resp.type', b + at, 2, type);
  }
  if (type === T.OPT) {
    if (ctx.building) {
      rr.add('dns.rr.udp_payload_size', b + at + 2, 2, rawClass);
      rr.add('dns.resp.ext_rcode', b + at + 4, 1, ttl >>> 24);
      rr.add('dns.resp.edns0_version', b + at + 5, 1, (ttl >>> 16) & 0xff);
      const z = ttl & 0xffff;
      const zi = rr.add('dns.resp.z', b + at + 6, 2, z);
      zi.add('dns.resp.z.do', b + at + 6, 2, (z & 0x8000) !== 0, undefined, z);
      zi.add('dns.resp.z.reserved', b + at + 6, 2, z & 0x7fff, undefined, z);
      rr.add('dns.resp.len', b + at + 8, 2, rdlen);
    }
    msg.check(data, rdlen);
    if (ctx.building) dissectEdnsOptions(m, data, rdlen, rr);
    return data + rdlen;
  }
  if (ctx.building) {
    rr.add('dns.resp.class', b + at + 2, 2, cls, classLabel(cls, m.mdns, rawClass));
    if (m.mdns) rr.add('dns.resp.cache_flush', b + at + 2, 2, flush, undefined, rawClass);
    rr.add('dns.resp.ttl', b + at + 4, 4, ttl, `Time to live: ${ttl} (${secondsText(ttl)})`);
    rr.add('dns.resp.len', b + at + 8, 2, rdlen);
  }
  msg.check(data, rdlen);
  const summary = dissectRdata(m, type, data, rdlen, rr);
  if (summary !== '') ctx.cols.info += ` ${summary}`;
  if (ctx.building) {
    let label = `${name.text}: type ${typeName}, class ${dnsClassName(cls)}`;
    if (flush) label += ', cache flush';
    const detail = recordDetail(type, summary);
    rr.setLabel(detail === '' ? label : `${label}, ${detail}`);
  }
  return data + rdlen;
}

/** An SRV owner (`_sip._tcp.example.com`) shows as service, protocol and name, not `dns.resp.name`. */
function addSrvOwner(rr: Item, m: DnsMessage, rel: number, name: DnsName): void {
  const first = name.text.indexOf('.');
  const second = first < 0 ? -1 : name.text.indexOf('.', first + 1);
  const at = m.base + rel;
  rr.add('dns.srv.service', at, name.used, first < 0 ? name.text : name.text.slice(0, first));
  if (first >= 0) rr.add('dns.srv.proto', at, name.used, second < 0 ? name.text.slice(first + 1) : name.text.slice(first + 1, second));
  if (second >= 0) rr.add('dns.srv.name', at, name.used, name.text.slice(second + 1));
}

/** The tree label's tail for a record: `addr 192.0.2.1`, `ns ns1.example.com`, … */
function recordDetail(type: number, summary: string): string {
  switch (type) {
    case T.A:
    case T.AAAA:
      return `addr ${summary}`;
    case T.NS:
      return `ns ${summary}`;
    case T.CNAME:
      return `cname ${summary}`;
    case T.SOA:
      return `mname ${summary}`;
    default:
      return summary;
  }
}

/**
 * The record's data fields; returns the text Wireshark appends to Info for it (empty for types it does not
 * summarise). Names inside the data may point anywhere in the message.
 */
function dissectRdata(m: DnsMessage, type: number, rel: number, len: number, rr: Item): string {
  const { msg, ctx } = m;
  const b = m.base;
  const build = ctx.building;
  switch (type) {
    case T.A: {
      if (len !== 4) return '';
      const addr = msg.slice(rel, 4);
      if (build) rr.add('dns.a', b + rel, 4, addr);
      return formatIpv4(addr, 0);
    }
    case T.AAAA: {
      if (len !== 16) return '';
      const addr = msg.slice(rel, 16);
      if (build) rr.add('dns.aaaa', b + rel, 16, addr);
      return formatIpv6(addr, 0);
    }
    case T.NS:
    case T.CNAME:
    case T.PTR:
    case T.DNAME: {
      const field = type === T.NS ? 'dns.ns' : type === T.CNAME ? 'dns.cname' : type === T.PTR ? 'dns.ptr.domain_name' : 'dns.dname';
      const n = readDnsName(msg, rel);
      if (build) nameItem(rr, field, m, rel, n);
      return n.text;
    }
    case T.MX: {
      const pref = msg.u16(rel);
      const n = readDnsName(msg, rel + 2);
      if (build) {
        rr.add('dns.mx.preference', b + rel, 2, pref);
        nameItem(rr, 'dns.mx.mail_exchange', m, rel + 2, n);
      }
      return `${pref} ${n.text}`;
    }
    case T.SOA:
      return dissectSoa(m, rel, rr);
    case T.SRV: {
      const priority = msg.u16(rel);
      const weight = msg.u16(rel + 2);
      const port = msg.u16(rel + 4);
      const target = readDnsName(msg, rel + 6);
      if (build) {
        rr.add('dns.srv.priority', b + rel, 2, priority);
        rr.add('dns.srv.weight', b + rel + 2, 2, weight);
        rr.add('dns.srv.port', b + rel + 4, 2, port);
        nameItem(rr, 'dns.srv.target', m, rel + 6, target);
      }
      return `${priority} ${weight} ${port} ${target.text}`;
    }
    case T.NAPTR: {
      const order = msg.u16(rel);
      const pref = msg.u16(rel + 2);
      const flagsLen = msg.u8(rel + 4);
      const flags = String.fromCharCode(...msg.slice(rel + 5, flagsLen));
      return `${order} ${pref} ${flags}`;
    }
    case T.NSEC:
      return dissectNsec(m, rel, len, rr);
    case T.NSEC3:
      dissectNsec3(m, rel, len, rr);
      return '';
    case T.TXT:
    case T.SPF:
      if (build) dissectStrings(m, rel, len, rr, type === T.TXT ? 'dns.txt' : 'dns.spf');
      return '';
    default:
      return '';
  }
}

function dissectSoa(m: DnsMessage, rel: number, rr: Item): string {
  const { msg, ctx } = m;
  const b = m.base;
  const mname = readDnsName(msg, rel);
  const rname = readDnsName(msg, rel + mname.used);
  const at = rel + mname.used + rname.used;
  const nums = [msg.u32(at), msg.u32(at + 4), msg.u32(at + 8), msg.u32(at + 12), msg.u32(at + 16)];
  if (ctx.building) {
    nameItem(rr, 'dns.soa.mname', m, rel, mname);
    nameItem(rr, 'dns.soa.rname', m, rel + mname.used, rname);
    rr.add('dns.soa.serial_number', b + at, 4, nums[0]);
    const timed = ['dns.soa.refresh_interval', 'dns.soa.retry_interval', 'dns.soa.expire_limit', 'dns.soa.minimum_ttl'];
    const words = ['Refresh Interval', 'Retry Interval', 'Expire limit', 'Minimum TTL'];
    timed.forEach((f, i) => rr.add(f, b + at + 4 + 4 * i, 4, nums[i + 1], `${words[i]}: ${nums[i + 1]} (${secondsText(nums[i + 1])})`));
  }
  return mname.text;
}

/** TXT / SPF: character-strings, each a length byte and its text. */
function dissectStrings(m: DnsMessage, rel: number, len: number, rr: Item, field: 'dns.txt' | 'dns.spf'): void {
  const { msg } = m;
  const end = rel + len;
  let at = rel;
  while (at < end) {
    const n = msg.u8(at);
    rr.add(`${field}.length`, m.base + at, 1, n);
    const text = String.fromCharCode(...msg.slice(at + 1, n));
    rr.add(field, m.base + at + 1, n, text);
    at += 1 + n;
  }
}
