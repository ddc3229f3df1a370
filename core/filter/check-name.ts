/**
 * Named ids (libpcap gen_scode and nametoaddr.c): host, network, ether host, service and protocol
 * names, looked up through the NameResolver, then held to the same qualifier rules as numbers.
 */
import type { CheckedExpr, ProtoQualifier } from './ast';
import { dirOf, fail, host4, host6Nets, portDirOk, protoCheck, protochainCheck, type Ctx } from './check-rules';

/** Link types with a link-level host name, and the word libpcap's "unknown … host" message uses. */
const LINK_HOST_KIND = new Map<number, string>([
  [1, 'ether'], [240, 'ether'], [241, 'ether'], // EN10MB, NETANALYZER, NETANALYZER_TRANSPARENT
  [10, 'FDDI'],
  [6, 'token ring'], // IEEE802
  [105, '802.11'], [119, '802.11'], [163, '802.11'], [127, '802.11'], [192, '802.11'],
  [122, 'Fibre Channel'], // IP_OVER_FC
]);

/** libpcap's eproto_db (pcap_nametoeproto) and llc_db (pcap_nametollc) for `ether proto \name`. */
const ETHER_PROTO_NAMES: Readonly<Record<string, number>> = {
  aarp: 0x80f3, arp: 0x0806, atalk: 0x809b, decnet: 0x6003, ip: 0x0800, ip6: 0x86dd, lat: 0x6004,
  loopback: 0x9000, mopdl: 0x6001, moprc: 0x6002, rarp: 0x8035, sca: 0x6007,
  iso: 0xfe, stp: 0x42, ipx: 0xe0, netbeui: 0xf0,
};
/** `iso proto \name` (ISO9542_ESIS, ISO10589_ISIS, ISO8473_CLNP). */
const OSI_PROTO_NAMES: Readonly<Record<string, number>> = { esis: 0x82, isis: 0x83, clnp: 0x81 };

export function checkNamed(ctx: Ctx, name: string): CheckedExpr {
  const { q } = ctx;
  const r = ctx.opts.resolver;
  switch (q.addr) {
    case 'net': {
      let addr = r.network(name) ?? 0;
      if (addr === 0) fail('unknown-network', `unknown network '${name}' (not in the networks file)`, ctx.idSpan);
      let mask = 0xffffffff;
      // Left-justify the network number and its mask, as libpcap does.
      while (addr !== 0 && (addr & 0xff000000) === 0) {
        addr = (addr << 8) >>> 0;
        mask = (mask << 8) >>> 0;
      }
      return host4(ctx, [{ addr: addr >>> 0, mask }], 'net');
    }
    case 'default':
    case 'host':
      return hostName(ctx, name);
    case 'port':
      return portName(ctx, name);
    case 'portrange':
      return portRangeName(ctx, name);
    case 'gateway':
      return fail('unsupported', "'gateway' not supported in this configuration (libpcap with IPv6 refuses it too; write 'ether host X and not host X')", q.addrSpan);
    case 'proto':
      return protoCheck(ctx, lookupProto(ctx, name));
    case 'protochain':
      return protochainCheck(ctx, lookupProto(ctx, name));
  }
}

function hostName(ctx: Ctx, name: string): CheckedExpr {
  const { q } = ctx;
  const r = ctx.opts.resolver;
  if (q.proto === 'link') {
    const kind = LINK_HOST_KIND.get(ctx.opts.linkType);
    if (kind === undefined) {
      fail('wrong-link', 'only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name', q.protoSpan);
    }
    const mac = r.ether(name);
    if (mac === null) fail('unknown-host', `unknown ${kind} host '${name}' (not in the ethers file)`, ctx.idSpan);
    return { kind: 'link-host', dir: dirOf(ctx), mac, span: ctx.span };
  }
  if (q.proto === 'decnet') {
    return fail('unsupported', `decnet name support not included, '${name}' cannot be translated (write area.node)`, ctx.idSpan);
  }
  const found = r.host(name);
  if (found === null || (found.v4.length === 0 && found.v6.length === 0)) {
    fail('unknown-host', `unknown host '${name}' (not in the hosts file)`, ctx.idSpan);
  }
  const options: CheckedExpr[] = [];
  if (q.proto !== 'ip6') {
    for (const a of found.v4) options.push(host4(ctx, [{ addr: a >>> 0, mask: 0xffffffff }], 'host'));
  }
  if (q.proto !== 'ip') {
    for (const a of found.v6) options.push(host6Nets(ctx, [{ addr: a, prefixLength: 128 }], 'host'));
  }
  if (options.length === 0) fail('unknown-host', `unknown host '${name}' for specified address family`, ctx.idSpan);
  return options.length === 1 ? options[0]! : { kind: 'any-of', options, span: ctx.span };
}

type PortProto = 'tcp' | 'udp' | 'sctp' | 'default';

function portQualifier(ctx: Ctx, what: 'port' | 'portrange'): PortProto {
  const p = ctx.q.proto;
  if (p !== 'default' && p !== 'tcp' && p !== 'udp' && p !== 'sctp') {
    fail('bad-qualifier', `illegal qualifier of '${what}': only tcp, udp or sctp may precede it`, ctx.q.protoSpan);
  }
  return p;
}

/**
 * libpcap 1.10 pcap_nametoport: the tcp port if the name has one (both protocols when udp has the
 * same number), else the udp port. (libpcap 1.10 does not look up sctp, and a name whose tcp and
 * udp ports differ means its tcp port.)
 */
function servicePort(ctx: Ctx, name: string): { port: number; proto: PortProto } | null {
  const r = ctx.opts.resolver;
  const tcp = r.service(name, 'tcp');
  const udp = r.service(name, 'udp');
  if (tcp !== null) return { port: tcp, proto: udp === tcp ? 'default' : 'tcp' };
  if (udp !== null) return { port: udp, proto: 'udp' };
  return null;
}

/** "port 'x' is tcp" when the qualifier and the service's protocol disagree; the protocol to test. */
function reconcile(ctx: Ctx, qual: PortProto, found: PortProto, what: string, name: string): PortProto {
  if (qual === 'default') return found;
  if (found !== 'default' && found !== qual) {
    fail('bad-port', `${what} '${name}' is ${found}, not ${qual}`, ctx.idSpan);
  }
  return qual;
}

function portName(ctx: Ctx, name: string): CheckedExpr {
  const qual = portQualifier(ctx, 'port');
  const found = servicePort(ctx, name);
  if (found === null) fail('unknown-port', `unknown port '${name}' (not a number or a service in the services file)`, ctx.idSpan);
  const proto = reconcile(ctx, qual, found.proto, 'port', name);
  if (found.port > 65535) fail('bad-port', `illegal port number ${found.port} > 65535`, ctx.idSpan);
  portDirOk(ctx);
  return { kind: 'port', proto, dir: dirOf(ctx), lo: found.port, hi: found.port, range: false, span: ctx.span };
}

/** libpcap pcap_nametoportrange: `N-M` (as sscanf "%d-%d" reads it) or `name-name`. */
function portRangeName(ctx: Ctx, name: string): CheckedExpr {
  const qual = portQualifier(ctx, 'portrange');
  let lo: number;
  let hi: number;
  let found: PortProto;
  const numeric = /^([0-9]+)-([0-9]+)/.exec(name);
  if (numeric) {
    lo = Number(numeric[1]);
    hi = Number(numeric[2]);
    found = 'default';
  } else {
    // Each side goes through pcap_nametoport, i.e. getaddrinfo, which also takes a decimal port
    // number (for tcp and udp alike): `25-smtp` is a range.
    const side = (text: string) => (/^[0-9]+$/.test(text) ? { port: Number(text), proto: 'default' as const } : servicePort(ctx, text));
    const dash = name.indexOf('-');
    const a = dash < 0 ? null : side(name.slice(0, dash));
    const b = dash < 0 ? null : side(name.slice(dash + 1));
    if (a === null || b === null) {
      return fail('unknown-port', `unknown port in range '${name}' (write N-M or service-service)`, ctx.idSpan);
    }
    lo = a.port;
    hi = b.port;
    found = a.proto === b.proto ? b.proto : 'default';
  }
  const proto = reconcile(ctx, qual, found, 'port in range', name);
  for (const p of [lo, hi]) if (p > 65535) fail('bad-port', `illegal port number ${p} > 65535`, ctx.idSpan);
  portDirOk(ctx);
  return { kind: 'port', proto, dir: dirOf(ctx), lo, hi, range: true, span: ctx.span };
}

/** libpcap lookup_proto: IP protocol names, EtherType/LLC names under link, OSI names under iso. */
function lookupProto(ctx: Ctx, name: string): number {
  const p: ProtoQualifier | 'default' = ctx.q.proto;
  switch (p) {
    case 'default':
    case 'ip':
    case 'ip6': {
      const v = ctx.opts.resolver.protocol(name);
      return v ?? fail('unknown-protocol', `unknown ip proto '${name}' (not in the protocols file)`, ctx.idSpan);
    }
    case 'link': {
      const v = ETHER_PROTO_NAMES[name];
      return v ?? fail('unknown-protocol', `unknown ether proto '${name}' (use a number, or one of ${Object.keys(ETHER_PROTO_NAMES).join(', ')})`, ctx.idSpan);
    }
    case 'iso': {
      const v = OSI_PROTO_NAMES[name];
      return v ?? fail('unknown-protocol', `unknown osi proto '${name}' (esis, isis or clnp)`, ctx.idSpan);
    }
    default:
      return fail('unknown-protocol', `unknown protocol: ${name}`, ctx.idSpan);
  }
}
