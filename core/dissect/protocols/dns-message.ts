/**
 * The DNS message (RFC 1035 §4.1) as DNS, mDNS and LLMNR share it: header, flags as Wireshark shows them
 * for each variant, the four sections, and the Info column (`Standard query response 0x1a2b A example.com
 * A 93.184.216.34`). Over TCP (RFC 1035 §4.2.2) the message follows a 2-byte length. Wireshark:
 * packet-dns.c dissect_dns_common.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { hex } from '../format';
import { dissectQuestion, dissectRecord, type DnsMessage } from './dns-rr';
import { DNS_OPCODES, DNS_RCODES } from './dns-types';

export type DnsVariant = 'dns' | 'mdns' | 'llmnr';

const OPCODE_UPDATE = 5;
const HEADER = 12;

const COUNTS = ['dns.count.queries', 'dns.count.answers', 'dns.count.auth_rr', 'dns.count.add_rr'] as const;
const UPDATE_COUNTS = ['dns.count.zones', 'dns.count.prerequisites', 'dns.count.updates', 'dns.count.add_rr'] as const;
const SECTIONS = ['Queries', 'Answers', 'Authoritative nameservers', 'Additional records'] as const;
const UPDATE_SECTIONS = ['Zone', 'Prerequisites', 'Updates', 'Additional records'] as const;

/**
 * Dissect one message at the start of `view`. Returns the bytes consumed, or 0 when a DNS-over-TCP
 * message does not fit in this segment (it needs reassembly, which is issue 6's; the bytes stay data).
 */
export function dissectDnsMessage(view: ByteView, ctx: DissectContext, variant: DnsVariant): number {
  let base = 0;
  let msg = view;
  if (ctx.facts.transport === 6) {
    const len = view.u16(0);
    if (!view.has(2, Math.max(len, HEADER))) {
      // The driver names the column before asking; "not mine" leaves it, so give TCP's name back.
      ctx.cols.protocol = 'TCP';
      return 0;
    }
    base = 2;
    msg = view.sub(2, len);
    if (ctx.building) ctx.layer.add('dns.length', 0, 2, len);
  }
  const id = msg.u16(0);
  const flags = msg.u16(2);
  const response = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0xf;
  const rcode = flags & 0xf;
  const opName = DNS_OPCODES[opcode] ?? `Unknown operation (${opcode})`;
  const rcodeName = DNS_RCODES[rcode] ?? `Unknown error (${rcode})`;
  ctx.cols.info = `${opName}${response ? ' response' : ''} ${hex(id, 4)}`;
  if (response && rcode !== 0) ctx.cols.info += ` ${rcodeName}`;

  const t = ctx.layer;
  const counts = [msg.u16(4), msg.u16(6), msg.u16(8), msg.u16(10)];
  const update = opcode === OPCODE_UPDATE;
  if (ctx.building) {
    t.setLabel(`${ctx.registry.protocols.get(variant)?.name ?? 'Domain Name System'} (${response ? 'response' : 'query'})`);
    t.add('dns.id', base, 2, id);
    const flagText = `${opName}${response ? ` response, ${rcodeName}` : ''}`;
    const f = t.add('dns.flags', base + 2, 2, flags, `Flags: ${hex(flags, 4)} ${flagText}`);
    addFlags(f, base + 2, flags, variant);
    const names = update ? UPDATE_COUNTS : COUNTS;
    names.forEach((name, i) => t.add(name, base + 4 + 2 * i, 2, counts[i]));
  }

  const m: DnsMessage = { msg, ctx, base, mdns: variant === 'mdns' };
  let at = HEADER;
  for (let s = 0; s < 4; s++) {
    if (counts[s] === 0) continue;
    const section: Item = ctx.building ? t.text((update ? UPDATE_SECTIONS : SECTIONS)[s], base + at, 0) : t;
    const from = at;
    for (let i = 0; i < counts[s]; i++) at = s === 0 ? dissectQuestion(m, at, section) : dissectRecord(m, at, section);
    section.setLength(at - from);
  }
  return base === 0 ? Math.max(at, view.length) : base + msg.reportedLength;
}

/** The flag bits under `dns.flags`, which depend on query/response and on the variant (Wireshark's order). */
function addFlags(f: Item, rel: number, flags: number, variant: DnsVariant): void {
  const response = (flags & 0x8000) !== 0;
  const bit = (field: string, mask: number) => f.add(field, rel, 2, (flags & mask) !== 0, undefined, flags);
  bit('dns.flags.response', 0x8000);
  f.add('dns.flags.opcode', rel, 2, (flags >> 11) & 0xf, undefined, flags);
  if (variant === 'llmnr') {
    bit('dns.flags.conflict', 0x400);
    bit('dns.flags.truncated', 0x200);
    bit('dns.flags.tentative', 0x100);
    if (response) f.add('dns.flags.rcode', rel, 2, flags & 0xf, undefined, flags);
    return;
  }
  if (response) bit('dns.flags.authoritative', 0x400);
  bit('dns.flags.truncated', 0x200);
  bit('dns.flags.recdesired', 0x100);
  if (response) bit('dns.flags.recavail', 0x80);
  bit('dns.flags.z', 0x40);
  if (response) bit('dns.flags.authenticated', 0x20);
  else if ((flags & 0x20) !== 0) f.add('dns.flags.authenticated', rel, 2, true, `${'.... .... ..1. ....'} = AD bit: Set`);
  bit('dns.flags.checkdisable', 0x10);
  if (response) f.add('dns.flags.rcode', rel, 2, flags & 0xf, undefined, flags);
}
