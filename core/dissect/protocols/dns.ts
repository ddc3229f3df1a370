/**
 * Domain Name System (RFC 1035) on UDP and TCP port 53. Wireshark: packet-dns.c. The message itself is
 * dns-message.ts (shared with mDNS and LLMNR, which use these dns.* fields as Wireshark's do); records are
 * dns-rr.ts, names dns-name.ts, EDNS options dns-opt.ts.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import type { FieldDefs } from '../field';
import { defineProtocol } from '../protocol';
import { dissectDnsMessage } from './dns-message';
import { DNS_OPCODES, DNS_RCODES, DNS_TYPE_DESCRIPTIONS, EDNS_OPTION_CODES } from './dns-types';

const flag = (name: string, mask: number, tfs: readonly [string, string]) =>
  ({ name, type: 'bool', mask, bitWidth: 16, tfs, offset: 2 }) as const;
const u16 = (name: string) => ({ name, type: 'uint16' }) as const;
const u32 = (name: string) => ({ name, type: 'uint32' }) as const;
const str = (name: string) => ({ name, type: 'string' }) as const;

const DNS_FIELDS: FieldDefs = {
  'dns.length': u16('Length'),
  'dns.id': { name: 'Transaction ID', type: 'uint16', base: 'hex', offset: 0 },
  'dns.flags': { name: 'Flags', type: 'uint16', base: 'hex', offset: 2 },
  'dns.flags.response': flag('Response', 0x8000, ['Message is a response', 'Message is a query']),
  'dns.flags.opcode': { name: 'Opcode', type: 'uint16', mask: 0x7800, strings: DNS_OPCODES, offset: 2 },
  'dns.flags.authoritative': flag('Authoritative', 0x400, ['Server is an authority for domain', 'Server is not an authority for domain']),
  'dns.flags.conflict': flag('Conflict', 0x400, ['The name is not considered unique', 'None']),
  'dns.flags.truncated': flag('Truncated', 0x200, ['Message is truncated', 'Message is not truncated']),
  'dns.flags.recdesired': flag('Recursion desired', 0x100, ['Do query recursively', "Don't do query recursively"]),
  'dns.flags.tentative': flag('Tentative', 0x100, ['Tentative', 'Not tentative']),
  'dns.flags.recavail': flag('Recursion available', 0x80, ['Server can do recursive queries', "Server can't do recursive queries"]),
  'dns.flags.z': flag('Z', 0x40, ['reserved - incorrect!', 'reserved (0)']),
  'dns.flags.authenticated': flag('Answer authenticated', 0x20, [
    'Answer/authority portion was authenticated by the server',
    'Answer/authority portion was not authenticated by the server',
  ]),
  'dns.flags.checkdisable': flag('Non-authenticated data', 0x10, ['Acceptable', 'Unacceptable']),
  'dns.flags.rcode': { name: 'Reply code', type: 'uint16', mask: 0xf, strings: DNS_RCODES, offset: 2 },
  'dns.count.queries': { ...u16('Questions'), offset: 4 },
  'dns.count.zones': { ...u16('Zones'), offset: 4 },
  'dns.count.answers': { ...u16('Answer RRs'), offset: 6 },
  'dns.count.prerequisites': { ...u16('Prerequisites'), offset: 6 },
  'dns.count.auth_rr': { ...u16('Authority RRs'), offset: 8 },
  'dns.count.updates': { ...u16('Updates'), offset: 8 },
  'dns.count.add_rr': { ...u16('Additional RRs'), offset: 10 },
  'dns.qry.name': str('Name'),
  'dns.qry.name.len': u16('Name Length'),
  'dns.count.labels': u16('Label Count'),
  'dns.qry.type': { name: 'Type', type: 'uint16', strings: DNS_TYPE_DESCRIPTIONS },
  'dns.qry.class': { name: 'Class', type: 'uint16', base: 'hex' },
  'dns.qry.qu': { name: '"QU" question', type: 'bool', mask: 0x8000, bitWidth: 16, tfs: ['True', 'False'] },
  'dns.resp.name': str('Name'),
  'dns.resp.type': { name: 'Type', type: 'uint16', strings: DNS_TYPE_DESCRIPTIONS },
  'dns.resp.class': { name: 'Class', type: 'uint16', base: 'hex' },
  'dns.resp.cache_flush': { name: 'Cache flush', type: 'bool', mask: 0x8000, bitWidth: 16, tfs: ['True', 'False'] },
  'dns.resp.ttl': u32('Time to live'),
  'dns.resp.len': u16('Data length'),
  'dns.a': { name: 'Address', type: 'ipv4' },
  'dns.aaaa': { name: 'AAAA Address', type: 'ipv6' },
  'dns.ns': str('Name Server'),
  'dns.cname': str('CNAME'),
  'dns.dname': str('Dname'),
  'dns.ptr.domain_name': str('Domain Name'),
  'dns.mx.preference': u16('Preference'),
  'dns.mx.mail_exchange': str('Mail Exchange'),
  'dns.soa.mname': str('Primary name server'),
  'dns.soa.rname': str("Responsible authority's mailbox"),
  'dns.soa.serial_number': u32('Serial Number'),
  'dns.soa.refresh_interval': u32('Refresh Interval'),
  'dns.soa.retry_interval': u32('Retry Interval'),
  'dns.soa.expire_limit': u32('Expire limit'),
  'dns.soa.minimum_ttl': u32('Minimum TTL'),
  'dns.srv.service': str('Service'),
  'dns.srv.proto': str('Protocol'),
  'dns.srv.name': str('Name'),
  'dns.srv.priority': u16('Priority'),
  'dns.srv.weight': u16('Weight'),
  'dns.srv.port': u16('Port'),
  'dns.srv.target': str('Target'),
  'dns.nsec.next_domain_name': str('Next Domain Name'),
  'dns.nsec3.algo': { name: 'Hash algorithm', type: 'uint8' },
  'dns.nsec3.flags': { name: 'NSEC3 flags', type: 'uint8' },
  'dns.nsec3.flags.opt_out': { name: 'NSEC3 Opt-out flag', type: 'bool', mask: 0x1, bitWidth: 8 },
  'dns.nsec3.iterations': u16('NSEC3 iterations'),
  'dns.nsec3.salt_length': { name: 'Salt length', type: 'uint8' },
  'dns.nsec3.salt_value': { name: 'Salt value', type: 'bytes' },
  'dns.nsec3.hash_length': { name: 'Hash length', type: 'uint8' },
  'dns.nsec3.hash_value': str('Next hashed owner'),
  'dns.txt.length': { name: 'TXT Length', type: 'uint8' },
  'dns.txt': str('TXT'),
  'dns.spf.length': { name: 'SPF Length', type: 'uint8' },
  'dns.spf': str('SPF'),
  'dns.rr.udp_payload_size': u16('UDP payload size'),
  'dns.resp.ext_rcode': { name: 'Higher bits in extended RCODE', type: 'uint8', base: 'hex' },
  'dns.resp.edns0_version': { name: 'EDNS0 version', type: 'uint8' },
  'dns.resp.z': { name: 'Z', type: 'uint16', base: 'hex' },
  'dns.resp.z.do': { name: 'DO bit', type: 'bool', mask: 0x8000, bitWidth: 16, tfs: ['Accepts DNSSEC security RRs', 'Cannot handle DNSSEC security RRs'] },
  'dns.resp.z.reserved': { name: 'Reserved', type: 'uint16', base: 'hex', mask: 0x7fff },
  'dns.opt': { name: 'Option', type: 'none' },
  'dns.opt.code': { name: 'Option Code', type: 'uint16', strings: EDNS_OPTION_CODES },
  'dns.opt.len': u16('Option Length'),
  'dns.opt.data': { name: 'Option Data', type: 'bytes' },
  'dns.opt.dau': { name: 'DAU', type: 'uint8' },
  'dns.opt.dhu': { name: 'DHU', type: 'uint8' },
  'dns.opt.n3u': { name: 'N3U', type: 'uint8' },
  'dns.opt.client.family': u16('Family'),
  'dns.opt.client.netmask': { name: 'Source Netmask', type: 'uint8' },
  'dns.opt.client.scope': { name: 'Scope Netmask', type: 'uint8' },
  'dns.opt.client.addr': { name: 'Client Subnet', type: 'bytes' },
  'dns.opt.client.addr4': { name: 'Client Subnet', type: 'ipv4' },
  'dns.opt.client.addr6': { name: 'Client Subnet', type: 'ipv6' },
  'dns.opt.cookie.client': { name: 'Client Cookie', type: 'bytes' },
  'dns.opt.cookie.server': { name: 'Server Cookie', type: 'bytes' },
  'dns.opt.edns_tcp_keepalive.timeout': u16('Timeout'),
  'dns.opt.padding': { name: 'Padding', type: 'bytes' },
};

/** UDP ports of protocols with DNS's message shape that Wireshark dissects as themselves (NBNS). */
const NOT_DNS_PORTS: ReadonlySet<number> = new Set([137]);
/** Most answer, authority and additional records a message claimed by the heuristic may announce. */
const HEUR_MAX = { answers: 100, authority: 10, additional: 10 } as const;

/**
 * Wireshark's UDP heuristic for DNS on other ports (on by default in tshark 4.0): a standard-opcode
 * message with more than a header, one question and nothing else in a query, at most one question and a
 * few records in a response. tshark 4.0 does not check that the bytes can hold what the counts announce.
 */
function looksLikeDns(view: ByteView, ctx: DissectContext): boolean {
  if (view.reportedLength <= 12 || !view.has(0, 12)) return false;
  // NetBIOS Name Service has DNS's shape; tshark gives its port to NBNS (packet-nbns.c), which Trawl lacks.
  if (NOT_DNS_PORTS.has(ctx.facts.srcPort) || NOT_DNS_PORTS.has(ctx.facts.dstPort)) return false;
  const flags = view.u16(2);
  if ((flags & 0x7800) !== 0) return false;
  const [quest, ans, auth, add] = [view.u16(4), view.u16(6), view.u16(8), view.u16(10)];
  if ((flags & 0x8000) === 0) {
    if (quest !== 1 || ans !== 0 || auth !== 0) return false;
  } else if (quest > 1 || ans > HEUR_MAX.answers || auth > HEUR_MAX.authority) {
    return false;
  }
  return add <= HEUR_MAX.additional && quest + ans !== 0;
}

export const dns = defineProtocol({
  abbrev: 'dns',
  name: 'Domain Name System',
  short: 'DNS',
  registersIn: [
    ['udp.port', 53],
    ['tcp.port', 53],
  ],
  fields: DNS_FIELDS,
  heuristicIn: ['udp.port'],
  heuristic: looksLikeDns,
  dissect: (view, ctx) => dissectDnsMessage(view, ctx, 'dns'),
});
