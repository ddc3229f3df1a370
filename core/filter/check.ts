/**
 * The checker: the syntactic tree in, the checked tree out. Every decision libpcap's gen_scode,
 * gen_ncode, gen_mcode, gen_mcode6, gen_ecode and gen_acode make about what a qualified id means is
 * made here, once, with the user's span on every error: which qualifier combinations are legal,
 * the defaults, partial dotted addresses (`host 10.1` is the net 10.1.0.0/16), numbers as hosts,
 * masks and prefixes, and names through the NameResolver. Lowering then only emits code.
 *
 * Errors carry libpcap's meaning (and mostly its words, so users can search for them); their span
 * is the part of the text at fault — the qualifier for a bad qualifier, the id for a bad address or
 * an unknown name.
 */
import type { Arith, CheckedExpr, Expr, Id, Qualifiers } from './ast';
import { checkNamed } from './check-name';
import { decnetHost, dirOf, fail, host4, host6Nets, portDirOk, protoCheck, protochainCheck, type Ctx, type Quals } from './check-rules';
import { ipv6Mask, parseDecnet, parseIpv4, parseIpv6 } from './addr-text';
import type { NameResolver } from './resolver';
import type { Span } from './span';

export interface CheckOptions {
  /** LINKTYPE_ of the packets (some link-level ids depend on it, as in libpcap). */
  readonly linkType: number;
  readonly resolver: NameResolver;
}

export function check(expr: Expr, opts: CheckOptions): CheckedExpr {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { kind: expr.kind, left: check(expr.left, opts), right: check(expr.right, opts), span: expr.span };
    case 'not':
      return { kind: 'not', operand: check(expr.operand, opts), span: expr.span };
    case 'qualified':
      return checkQualified(expr.quals, expr.id, expr.span, opts);
    case 'proto-abbrev':
      return { kind: 'proto-abbrev', proto: expr.proto.value, span: expr.span };
    case 'relation':
      checkArith(expr.left, opts);
      checkArith(expr.right, opts);
      return expr;
    case 'broadcast': {
      const p = expr.proto?.value ?? 'default';
      if (p !== 'default' && p !== 'link' && p !== 'ip') {
        fail('bad-qualifier', `only link-layer/IP broadcast filters supported ('${p} broadcast' is not)`, expr.proto?.span ?? expr.span);
      }
      return expr;
    }
    case 'multicast': {
      const p = expr.proto?.value ?? 'default';
      if (p !== 'default' && p !== 'link' && p !== 'ip' && p !== 'ip6') {
        fail('bad-qualifier', `only link-layer, IP and IPv6 multicast filters are supported ('${p} multicast' is not)`, expr.proto?.span ?? expr.span);
      }
      return expr;
    }
    default:
      return expr;
  }
}

/** The pnames `proto[...]` may index (libpcap gen_load); others fail with "unsupported index operation". */
const INDEXABLE = new Set([
  'radio', 'link', 'arp', 'rarp', 'atalk', 'decnet', 'sca', 'lat', 'moprc', 'mopdl', 'ip6', 'ip',
  'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'icmp6',
]);
/** LINKTYPE_ values that carry radio information (PRISM_HEADER, IEEE802_11_RADIO, IEEE802_11_RADIO_AVS). */
const RADIO_LINK_TYPES = new Set([119, 127, 163]);

function checkArith(a: Arith, opts: CheckOptions): void {
  switch (a.kind) {
    case 'const':
    case 'len':
      return;
    case 'negate':
      checkArith(a.operand, opts);
      return;
    case 'binary':
      checkArith(a.left, opts);
      checkArith(a.right, opts);
      // libpcap gen_arth refuses a constant right operand that cannot work.
      if (a.right.kind === 'const') {
        const k = a.right.value >>> 0;
        if (a.op === '/' && k === 0) fail('bad-arith', 'division by zero', a.right.span);
        if (a.op === '%' && k === 0) fail('bad-arith', 'modulus by zero', a.right.span);
        if ((a.op === '<<' || a.op === '>>') && k > 31) fail('bad-arith', 'shift by more than 31 bits', a.right.span);
      }
      return;
    case 'load': {
      const p = a.proto.value;
      if (!INDEXABLE.has(p)) fail('bad-index', `'${a.proto.text}[…]' is not supported: unsupported index operation`, a.proto.span);
      if (p === 'radio' && !RADIO_LINK_TYPES.has(opts.linkType)) {
        fail('bad-index', 'radio information not present in capture (radio[…] needs radiotap, AVS or Prism headers)', a.proto.span);
      }
      if (a.size !== 1 && a.size !== 2 && a.size !== 4) fail('bad-size', 'data size must be 1, 2, or 4', a.span);
      checkArith(a.index, opts);
      return;
    }
  }
}

function quals(q: Qualifiers, whole: Span): Quals {
  return {
    proto: q.proto?.value ?? 'default',
    protoText: q.proto?.value ?? 'default',
    protoSpan: q.proto?.span ?? whole,
    dir: q.dir?.value ?? 'default',
    dirSpan: q.dir?.span ?? whole,
    addr: q.addr?.value ?? 'default',
    addrSpan: q.addr?.span ?? whole,
  };
}

function checkQualified(q: Qualifiers, id: Id, span: Span, opts: CheckOptions): CheckedExpr {
  const ctx: Ctx = { q: quals(q, span), idSpan: id.span, span, opts };
  switch (id.kind) {
    case 'number':
      return numberId(ctx, id.value >>> 0, null);
    case 'ipv4':
      if (id.prefixLength !== undefined || id.mask !== undefined) return maskedV4(ctx, id.text, id.prefixLength, id.mask);
      // A single part is the scanner's NUM, not HID.
      if (!id.text.includes('.')) return numberId(ctx, Number(id.text) >>> 0, null);
      return numberId(ctx, 0, id.text);
    case 'ipv6':
      return ipv6Id(ctx, id.text, id.prefixLength);
    case 'mac':
      return macId(ctx, id.text);
    case 'arcnet':
      return arcnetId(ctx, id.text);
    case 'name':
      return checkNamed(ctx, id.name);
  }
}

/** libpcap gen_ncode: a NUM (`text` null) or a HID dotted address (`text`). */
function numberId(ctx: Ctx, num: number, text: string | null): CheckedExpr {
  const { q } = ctx;
  let v = num;
  let vlen = 32;
  if (text !== null) {
    if (q.proto === 'decnet') {
      const dn = parseDecnet(text);
      if (dn === null) fail('bad-address', `malformed decnet address '${text}' (expected area.node)`, ctx.idSpan);
      v = dn;
    } else {
      const p = parseIpv4(text);
      if (p === null) fail('bad-address', `invalid IPv4 address '${text}'`, ctx.idSpan);
      v = p.value;
      vlen = p.bits;
    }
  }
  switch (q.addr) {
    case 'default':
    case 'host':
    case 'net': {
      if (q.proto === 'decnet') return decnetHost(ctx, v);
      if (q.proto === 'link') fail('bad-address', 'illegal link layer address (use a MAC address after ether/link host)', ctx.idSpan);
      let mask = 0xffffffff;
      if (text === null && q.addr === 'net') {
        // Promote a short net number: `net 10` is 10.0.0.0/8.
        while (v !== 0 && (v & 0xff000000) === 0) {
          v = (v << 8) >>> 0;
          mask = (mask << 8) >>> 0;
        }
      } else if (vlen < 32) {
        // Promote a short dotted address: `host 10.1` is 10.1.0.0/16.
        v = (v << (32 - vlen)) >>> 0;
        mask = (mask << (32 - vlen)) >>> 0;
      }
      return host4(ctx, [{ addr: v, mask }], q.addr === 'net' ? 'net' : 'host');
    }
    case 'port':
    case 'portrange': {
      if (text !== null) fail('bad-qualifier', `'${q.addr}' modifier applied to ip host: a port is a number or a service name`, ctx.q.addrSpan);
      const proto = q.proto;
      if (proto !== 'default' && proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') {
        fail('bad-qualifier', `illegal qualifier of '${q.addr}': only tcp, udp or sctp may precede it`, ctx.q.protoSpan);
      }
      if (v > 65535) fail('bad-port', `illegal port number ${v} > 65535`, ctx.idSpan);
      portDirOk(ctx);
      return { kind: 'port', proto, dir: dirOf(ctx), lo: v, hi: v, range: q.addr === 'portrange', span: ctx.span };
    }
    case 'gateway':
      return fail('bad-address', "'gateway' requires a name (a host in both the hosts and the ethers file)", ctx.idSpan);
    case 'proto':
    case 'protochain':
      if (text !== null) fail('bad-qualifier', `'${q.addr}' modifier applied to ip host: a protocol is a number or a name`, ctx.q.addrSpan);
      return q.addr === 'proto' ? protoCheck(ctx, v) : protochainCheck(ctx, v);
  }
}

/** libpcap gen_mcode: `net a.b.c.d/len` and `net a.b.c.d mask m.m.m.m`. */
function maskedV4(ctx: Ctx, s1: string, len: number | undefined, mask: { readonly text: string; readonly span: Span } | undefined): CheckedExpr {
  const n0 = parseIpv4(s1);
  if (n0 === null) fail('bad-address', `invalid IPv4 address '${s1}'`, ctx.idSpan);
  const n = (n0.value * 2 ** (32 - n0.bits)) >>> 0;
  let m: number;
  if (mask !== undefined) {
    const m0 = parseIpv4(mask.text);
    if (m0 === null) fail('bad-address', `invalid IPv4 address '${mask.text}'`, mask.span);
    m = (m0.value * 2 ** (32 - m0.bits)) >>> 0;
    if ((n & ~m) >>> 0 !== 0) fail('non-network-bits', `non-network bits set in "${s1} mask ${mask.text}"`, ctx.idSpan);
  } else {
    const l = len ?? 32;
    if (l > 32) fail('bad-mask', 'mask length must be <= 32', ctx.idSpan);
    m = l === 0 ? 0 : (0xffffffff << (32 - l)) >>> 0;
    if ((n & ~m) >>> 0 !== 0) fail('non-network-bits', `non-network bits set in "${s1}/${l}"`, ctx.idSpan);
  }
  if (ctx.q.addr !== 'net') fail('bad-qualifier', "Mask syntax for networks only: write 'net' before an address with a mask", ctx.q.addrSpan);
  if (ctx.q.proto === 'link') fail('bad-qualifier', 'link-layer modifier applied to net', ctx.q.protoSpan);
  if (ctx.q.proto === 'decnet') return decnetHost(ctx, n);
  return host4(ctx, [{ addr: n, mask: m }], 'net');
}

/** libpcap gen_mcode6. */
function ipv6Id(ctx: Ctx, text: string, len: number | undefined): CheckedExpr {
  const addr = parseIpv6(text);
  if (addr === null) fail('bad-address', `bogus IPv6 address ${text}`, ctx.idSpan);
  const l = len ?? 128;
  if (l > 128) fail('bad-mask', 'mask length must be <= 128', ctx.idSpan);
  const mask = ipv6Mask(l);
  if (addr.some((b, i) => (b & ~mask[i]! & 0xff) !== 0)) fail('non-network-bits', `non-network bits set in "${text}/${l}"`, ctx.idSpan);
  switch (ctx.q.addr) {
    case 'default':
    case 'host':
      if (l !== 128) fail('bad-qualifier', "Mask syntax for networks only: write 'net' before an address with a prefix", ctx.idSpan);
      break;
    case 'net':
      break;
    default:
      fail('bad-qualifier', `invalid qualifier against IPv6 address: '${ctx.q.addr}' needs a number or a name`, ctx.q.addrSpan);
  }
  return host6Nets(ctx, [{ addr, prefixLength: l }], ctx.q.addr === 'net' ? 'net' : 'host');
}

/** libpcap gen_ecode: a MAC address is only a link-level host. */
function macId(ctx: Ctx, text: string): CheckedExpr {
  const { q } = ctx;
  if ((q.addr === 'host' || q.addr === 'default') && q.proto === 'link') {
    const mac = parseMacOrFail(ctx, text);
    return { kind: 'link-host', dir: dirOf(ctx), mac, span: ctx.span };
  }
  return fail('bad-address', 'ethernet address used in non-ether expression (write ether host before a MAC address)', ctx.idSpan);
}

function parseMacOrFail(ctx: Ctx, text: string): Uint8Array {
  const hex = text.replace(/[:.-]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex) && !/^([0-9a-fA-F]{1,2}[:.-]){5}[0-9a-fA-F]{1,2}$/.test(text)) {
    fail('bad-address', `bad ethernet address '${text}'`, ctx.idSpan);
  }
  const parts = /^([0-9a-fA-F]{1,2}[:.-]){5}[0-9a-fA-F]{1,2}$/.test(text) ? text.split(/[:.-]/) : hex.match(/../g)!;
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** LINKTYPE_ARCNET_BSD (7) and LINKTYPE_ARCNET_LINUX (129). */
const ARCNET_LINK_TYPES = new Set([7, 129]);

/** libpcap gen_acode: `$xx` is an ARCnet station, only as a link host on ARCnet. */
function arcnetId(ctx: Ctx, text: string): CheckedExpr {
  const { q } = ctx;
  if ((q.addr === 'host' || q.addr === 'default') && q.proto === 'link') {
    if (!ARCNET_LINK_TYPES.has(ctx.opts.linkType)) fail('wrong-link', 'aid supported only on ARCnet ($xx addresses need an ARCnet capture)', ctx.idSpan);
    const v = parseInt(text.replace(/^\$/, ''), 16);
    if (!Number.isFinite(v)) fail('bad-address', `bad ARCnet address '${text}'`, ctx.idSpan);
    return { kind: 'arcnet-host', dir: dirOf(ctx), addr: v & 0xff, span: ctx.span };
  }
  return fail('bad-address', 'ARCnet address used in non-arc expression (write link host before $xx)', ctx.idSpan);
}
