/**
 * The checker's qualifier rules, shared by numeric and named ids: which protocol qualifiers an
 * address, a port, `proto` and `protochain` accept (libpcap gen_host, gen_host6, gen_hostop,
 * gen_portop, gen_proto, gen_protochain), each refusal a FilterError on the qualifier's span.
 */
import { FilterError } from '../errors';
import type { AddrQualifier, CheckedExpr, DirQualifier, ProtoQualifier } from './ast';
import type { CheckOptions } from './check';
import type { Span } from './span';

/** The qualifiers of one id, defaults filled in, each with where it was written. */
export interface Quals {
  readonly proto: ProtoQualifier | 'default';
  readonly protoText: string;
  readonly protoSpan: Span;
  readonly dir: DirQualifier | 'default';
  readonly dirSpan: Span;
  readonly addr: AddrQualifier | 'default';
  readonly addrSpan: Span;
}

export interface Ctx {
  readonly q: Quals;
  readonly idSpan: Span;
  /** The whole qualified primitive. */
  readonly span: Span;
  readonly opts: CheckOptions;
}

export function fail(code: string, message: string, span: Span): never {
  throw new FilterError(code, message, span);
}

export function dirOf(ctx: Ctx): DirQualifier | 'default' {
  return ctx.q.dir;
}

/** libpcap's refusal of an 802.11 address direction (`addr1`…`addr4`, `ra`, `ta`) outside 802.11 MAC addresses. */
function wlanDirRefusal(d: DirQualifier | 'default', what: string): string | null {
  if (d === 'ra' || d === 'ta') return `'${d}' is not a valid qualifier for ${what}`;
  if (d.startsWith('addr')) return `'${d}' and 'address${d.slice(4)}' are not valid qualifiers for ${what}`;
  return null;
}

/** gen_hostop / gen_hostop6 / gen_dnhostop: 802.11 address directions are for MAC addresses only. */
function addressDirOk(ctx: Ctx): void {
  const msg = wlanDirRefusal(ctx.q.dir, 'addresses other than 802.11 MAC addresses');
  if (msg !== null) fail('bad-qualifier', msg, ctx.q.dirSpan);
}

/** gen_portop: the same for ports. */
export function portDirOk(ctx: Ctx): void {
  const msg = wlanDirRefusal(ctx.q.dir, 'ports');
  if (msg !== null) fail('bad-qualifier', msg, ctx.q.dirSpan);
}

/** Protocols whose host filtering libpcap never implemented, by the name its message uses. */
const HOST_NOT_IMPLEMENTED: Partial<Record<ProtoQualifier, string>> = {
  atalk: 'AppleTalk', aarp: 'AARP', lat: 'LAT', sca: 'SCA', moprc: 'MOPRC', mopdl: 'MOPDL', iso: 'ISO', ipx: 'IPX',
};

/** libpcap gen_host: an IPv4 host or net test under `proto` (typestr is 'host' or 'net'). */
export function host4(ctx: Ctx, nets: readonly { addr: number; mask: number }[], typestr: 'host' | 'net'): CheckedExpr {
  const p = ctx.q.proto;
  if (p === 'decnet') return decnetHost(ctx, nets[0]?.addr ?? 0);
  if (p !== 'default' && p !== 'ip' && p !== 'arp' && p !== 'rarp') {
    if (p === 'link') fail('bad-qualifier', `link-layer modifier applied to ${typestr}`, ctx.q.protoSpan);
    if (p === 'ip6') fail('bad-qualifier', "'ip6' modifier applied to ip host (use an IPv6 address)", ctx.q.protoSpan);
    const ni = HOST_NOT_IMPLEMENTED[p];
    if (ni) fail('unsupported', `${ni} host filtering not implemented`, ctx.q.protoSpan);
    fail('bad-qualifier', `'${p}' modifier applied to ${typestr} (put it before the whole test: '${p} and ${typestr} …')`, ctx.q.protoSpan);
  }
  addressDirOk(ctx);
  return { kind: 'host4', proto: p, dir: ctx.q.dir, nets, span: ctx.span };
}

/** libpcap gen_host6: IPv6 hosts and nets exist only under ip6 (or no qualifier). */
export function host6Nets(ctx: Ctx, nets: readonly { addr: Uint8Array; prefixLength: number }[], typestr: 'host' | 'net'): CheckedExpr {
  const p = ctx.q.proto;
  if (p !== 'default' && p !== 'ip6') {
    if (p === 'link') fail('bad-qualifier', `link-layer modifier applied to ip6 ${typestr}`, ctx.q.protoSpan);
    if (p === 'atalk') fail('bad-qualifier', `AppleTalk modifier applied to ip6 ${typestr}`, ctx.q.protoSpan);
    fail('bad-qualifier', `'${p}' modifier applied to ip6 ${typestr}`, ctx.q.protoSpan);
  }
  addressDirOk(ctx);
  return { kind: 'host6', dir: ctx.q.dir, nets, span: ctx.span };
}

/** libpcap gen_host(…, Q_DECNET): the low 16 bits, area << 10 | node. */
export function decnetHost(ctx: Ctx, addr: number): CheckedExpr {
  addressDirOk(ctx);
  return { kind: 'decnet-host', dir: ctx.q.dir, addr: addr & 0xffff, span: ctx.span };
}

const NO_ENCAPSULATION: Partial<Record<ProtoQualifier, string>> = {
  arp: 'arp', rarp: 'rarp', lat: 'LAT', sca: 'SCA', moprc: 'MOPRC', mopdl: 'MOPDL',
};

/** libpcap gen_proto: which qualifiers `proto N` accepts. */
export function protoCheck(ctx: Ctx, v: number): CheckedExpr {
  const p = ctx.q.proto;
  if (ctx.q.dir !== 'default') fail('bad-qualifier', "direction applied to 'proto'", ctx.q.dirSpan);
  switch (p) {
    case 'default':
    case 'link':
    case 'ip':
    case 'ip6':
    case 'iso':
    case 'isis':
      return { kind: 'proto', under: p, value: v >>> 0, span: ctx.span };
    case 'atalk':
      return fail('bad-qualifier', 'AppleTalk encapsulation is not specifiable', ctx.q.protoSpan);
    case 'decnet':
      return fail('bad-qualifier', 'DECNET encapsulation is not specifiable', ctx.q.protoSpan);
    case 'clnp':
      return fail('unsupported', "'clnp proto' is not supported", ctx.q.protoSpan);
    default: {
      const ne = NO_ENCAPSULATION[p];
      if (ne) fail('bad-qualifier', `${ne} does not encapsulate another protocol`, ctx.q.protoSpan);
      return fail('bad-qualifier', `'${p} proto' is bogus: use 'ip proto', 'ip6 proto', 'ether proto', 'iso proto' or 'isis proto'`, ctx.q.protoSpan);
    }
  }
}

/** libpcap gen_protochain: IPv4 and IPv6 only. */
export function protochainCheck(ctx: Ctx, v: number): CheckedExpr {
  const p = ctx.q.proto;
  if (p !== 'default' && p !== 'ip' && p !== 'ip6') {
    fail('bad-qualifier', "bad protocol applied for 'protochain' (only ip and ip6 may precede it)", ctx.q.protoSpan);
  }
  return { kind: 'protochain', under: p, value: v >>> 0, span: ctx.span };
}
