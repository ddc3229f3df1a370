/**
 * Lowering: a checked filter expression to a control-flow graph of BPF blocks (libpcap gencode.c's
 * job, without its hidden state). The tree is walked left to right in source order, threading the
 * encapsulation context: `and`, `or` and `not` pass the Encap at the end of their left operand into
 * their right one, and an encapsulation keyword (`vlan`, `mpls`, `pppoes`, `geneve`, `lane`) returns
 * the next Encap, so its shift applies to everything written after it — as in libpcap.
 */
import type { CheckedExpr } from '../ast';
import type { Block, Cfg } from '../ir';
import { lowerByte, lowerLessGreater, lowerRelation } from './arith';
import { lowerAtmField, lowerAtmMulti, lowerAtmType } from './atm';
import { lowerBroadcast, lowerMulticast } from './broadcast';
import type { Encap, LowerSession } from './context';
import { lowerInOutbound, lowerIfindex } from './direction';
import { lowerEncapsulation } from './encap';
import { and, finish, not, or, seq, type Frag } from './frag';
import { lowerDecnetHost, lowerHost4, lowerHost6, lowerHostAny } from './host';
import { lowerGateway, lowerLinkHost } from './link-host';
import { lowerArcnetHost } from './links/arcnet';
import { linkSpecFor } from './links/index';
import { lowerLlc } from './llc';
import { lowerMtp2Type, lowerMtp3Field } from './mtp';
import { lowerPf } from './pflog';
import { lowerPort } from './port';
import { lowerProto, lowerProtoAbbrev, lowerProtochain } from './proto';
import { createSession } from './session';
import { lowerWlanDir, lowerWlanType } from './wlan';

export interface LowerOptions {
  /** LINKTYPE_ value of the packets (as stored in capture files). */
  readonly linkType: number;
  /** What `ret` returns on accept. */
  readonly snaplen: number;
}

/** A lowered term: its control flow, and the encapsulation in effect after it. */
interface Lowered {
  readonly frag: Frag;
  readonly encap: Encap;
}

const same = (frag: Frag, encap: Encap): Lowered => ({ frag, encap });

/** Lower one term in `e`. Exhaustive over CheckedExpr: a new node kind fails to compile here. */
function lowerExpr(s: LowerSession, e: Encap, x: CheckedExpr): Lowered {
  switch (x.kind) {
    case 'and':
    case 'or': {
      const l = lowerExpr(s, e, x.left);
      const r = lowerExpr(s, l.encap, x.right);
      return same(x.kind === 'and' ? and(l.frag, r.frag) : or(l.frag, r.frag), r.encap);
    }
    case 'not': {
      const o = lowerExpr(s, e, x.operand);
      return same(not(o.frag), o.encap);
    }
    case 'any-of': {
      if (x.options.length === 0) throw new Error('internal: any-of with no options');
      let acc = lowerExpr(s, e, x.options[0]!);
      for (const opt of x.options.slice(1)) {
        const next = lowerExpr(s, acc.encap, opt);
        acc = same(or(acc.frag, next.frag), next.encap);
      }
      return acc;
    }
    case 'host4': return same(lowerHost4(s, e, x), e);
    case 'host6': return same(lowerHost6(s, e, x), e);
    case 'host-any': return same(lowerHostAny(s, e, x), e);
    case 'link-host': return same(lowerLinkHost(s, e, x), e);
    case 'gateway': return same(lowerGateway(s, e, x), e);
    case 'decnet-host': return same(lowerDecnetHost(s, e, x), e);
    case 'arcnet-host': return same(lowerArcnetHost(s, e, x), e);
    case 'port': return same(lowerPort(s, e, x), e);
    case 'proto': return same(lowerProto(s, e, x), e);
    case 'protochain': return same(lowerProtochain(s, e, x), e);
    case 'proto-abbrev': return same(lowerProtoAbbrev(s, e, x), e);
    case 'relation': return same(lowerRelation(s, e, x), e);
    case 'less':
    case 'greater':
      return same(lowerLessGreater(s, e, x), e);
    case 'byte': return same(lowerByte(s, e, x), e);
    case 'broadcast': return same(lowerBroadcast(s, e, x), e);
    case 'multicast': return same(lowerMulticast(s, e, x), e);
    case 'inbound':
    case 'outbound':
      return same(lowerInOutbound(s, e, x), e);
    case 'ifindex': return same(lowerIfindex(s, e, x), e);
    case 'vlan':
    case 'mpls':
    case 'pppoes':
    case 'pppoed':
    case 'geneve':
      return lowerEncapsulation(s, e, x);
    case 'pf': return same(lowerPf(s, e, x), e);
    case 'wlan-type': return same(lowerWlanType(s, e, x), e);
    case 'wlan-dir': return same(lowerWlanDir(s, e, x), e);
    case 'llc': return same(lowerLlc(s, e, x), e);
    case 'atm-type': return lowerAtmType(s, e, x);
    case 'atm-multi': return same(lowerAtmMulti(s, e, x), e);
    case 'atm-field': return same(lowerAtmField(s, e, x), e);
    case 'mtp2-type': return same(lowerMtp2Type(s, e, x), e);
    case 'mtp3-field': return same(lowerMtp3Field(s, e, x), e);
    default: {
      const unhandled: never = x;
      throw new Error(`internal: no lowering for ${(unhandled as { kind: string }).kind}`);
    }
  }
}

/**
 * Lower `expr` for packets of `opts.linkType`: the body, preceded by the link spec's prologue (the
 * variable-offset registers the body used, or a per-packet check), ending in `ret #snaplen` /
 * `ret #0`. Throws FilterError for what the link type cannot express.
 */
export function lower(expr: CheckedExpr, opts: LowerOptions): { cfg: Cfg; entry: Block; optimizerDisabled: string | null } {
  const s = createSession(opts);
  const spec = linkSpecFor(opts.linkType, expr.span);
  const body = lowerExpr(s, spec.initial(s, opts.linkType), expr).frag;
  const prologue = spec.prologue?.(s, s.prologueRegs()) ?? null;
  const program = prologue === null ? body : seq(prologue, body);
  return { cfg: s.cfg, entry: finish(s.cfg, program, opts.snaplen), optimizerDisabled: s.optimizerDisabled };
}
