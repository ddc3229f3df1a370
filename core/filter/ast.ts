/**
 * The pcap-filter(7) syntax tree, as the parser builds it (`Expr`), and the checked tree the checker
 * hands to lowering (`CheckedExpr`). Every node carries the span of the text it came from, so any
 * later stage can point at the user's words.
 *
 * Grammar: libpcap 1.10's grammar.y. `and` and `or` have the same precedence and associate to the
 * left (`a or b and c` is `(a or b) and c`); a bare id after `and`/`or`/`not`/`(` inherits the
 * qualifiers of the term before it (`host a or b` is `host a or host b`) — the parser records that
 * explicitly in `Qualified.inherited` rather than leaving it to hidden state.
 */
import type { Span } from './span';

// ---------------------------------------------------------------------------------------------
// Qualifiers

/** libpcap's protocol qualifiers (Q_LINK … Q_RADIO). `link` covers ether/fddi/tr/wlan/ppp/slip. */
export const PROTO_QUALIFIERS = [
  'link', 'ip', 'arp', 'rarp', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp',
  'atalk', 'aarp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'ip6', 'icmp6', 'ah', 'esp', 'iso',
  'esis', 'isis', 'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp', 'clnp', 'stp', 'ipx', 'netbeui',
  'radio',
] as const;
export type ProtoQualifier = (typeof PROTO_QUALIFIERS)[number];

/** Direction qualifiers (Q_SRC, Q_DST, Q_OR, Q_AND, Q_ADDR1..4, Q_RA, Q_TA). */
export type DirQualifier =
  | 'src' | 'dst' | 'src or dst' | 'src and dst'
  | 'addr1' | 'addr2' | 'addr3' | 'addr4' | 'ra' | 'ta';

/** Address-type qualifiers (Q_HOST, Q_NET, Q_PORT, Q_PORTRANGE, Q_GATEWAY, Q_PROTO, Q_PROTOCHAIN). */
export type AddrQualifier = 'host' | 'net' | 'port' | 'portrange' | 'gateway' | 'proto' | 'protochain';

export interface Qualifier<T> {
  readonly value: T;
  /** The word(s) as typed (`ether`, `wlan`, `es-is`, `src or dst`). */
  readonly text: string;
  readonly span: Span;
}

/** What precedes an id. Absent members are libpcap's Q_DEFAULT. */
export interface Qualifiers {
  readonly proto?: Qualifier<ProtoQualifier>;
  readonly dir?: Qualifier<DirQualifier>;
  readonly addr?: Qualifier<AddrQualifier>;
}

// ---------------------------------------------------------------------------------------------
// Ids: what follows the qualifiers

export type Id =
  /** A name: host, network, port, protocol or service name, resolved by the checker. */
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  /** A bare number (NUM: decimal, 0x hex, leading-zero octal) — a port, a protocol, or a host as a 32-bit value. */
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly span: Span }
  /** HID: a dotted IPv4 address or prefix, 1–4 parts (`10`, `10.1`, `10.1.2.3`), optional `/len` or `mask m`. */
  | {
      readonly kind: 'ipv4';
      readonly text: string;
      readonly prefixLength?: number;
      readonly mask?: { readonly text: string; readonly span: Span };
      readonly span: Span;
    }
  /** HID6: an IPv6 address, optional `/len`. */
  | { readonly kind: 'ipv6'; readonly text: string; readonly prefixLength?: number; readonly span: Span }
  /** EID: a MAC address in any of libpcap's spellings (`00:11:..`, `00-11-..`, `0011.2233.4455`). */
  | { readonly kind: 'mac'; readonly text: string; readonly span: Span }
  /** AID: an ARCnet address `$xx`. */
  | { readonly kind: 'arcnet'; readonly text: string; readonly span: Span };

// ---------------------------------------------------------------------------------------------
// Packet-data arithmetic (`arth` in grammar.y)

export type ArithOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';
export type RelOp = '>' | '>=' | '=' | '<=' | '<' | '!=';
/** libpcap's load sizes for `proto[expr:size]`. */
export type LoadSize = 1 | 2 | 4;

export type Arith =
  | { readonly kind: 'const'; readonly value: number; readonly span: Span }
  /** `proto[index]` / `proto[index:size]`; `proto` is the pname as a protocol qualifier. */
  | {
      readonly kind: 'load';
      readonly proto: Qualifier<ProtoQualifier>;
      readonly index: Arith;
      readonly size: LoadSize;
      readonly span: Span;
    }
  | { readonly kind: 'binary'; readonly op: ArithOp; readonly left: Arith; readonly right: Arith; readonly span: Span }
  | { readonly kind: 'negate'; readonly operand: Arith; readonly span: Span }
  /** `len` / `length`: the packet's length on the wire. */
  | { readonly kind: 'len'; readonly span: Span };

// ---------------------------------------------------------------------------------------------
// Keyword primitives shared by the syntactic and the checked tree

/** 802.11 frame-control tests (`type`, `subtype`, `dir` after an optional `wlan`). Values are resolved. */
export type Wlan80211 =
  | { readonly kind: 'wlan-type'; readonly value: number; readonly mask: number; readonly span: Span }
  | { readonly kind: 'wlan-dir'; readonly value: number; readonly span: Span };

export type PfField = 'ifname' | 'ruleset' | 'rnr' | 'srnr' | 'reason' | 'action';
export type AtmType = 'lane' | 'metac' | 'bcc' | 'oamf4ec' | 'oamf4sc' | 'sc' | 'ilmic';
export type AtmMultiType = 'oam' | 'oamf4' | 'connectmsg' | 'metaconnect';
export type Mtp2Type = 'fisu' | 'lssu' | 'msu' | 'hfisu' | 'hlssu' | 'hmsu';
export type Mtp3Field = 'sio' | 'opc' | 'dpc' | 'sls' | 'hsio' | 'hopc' | 'hdpc' | 'hsls';
/** An ATM or MTP3 field test: `vpi 3`, `sio > 5`, `dpc (1 or 2)` (a list is an or of `=`). */
export interface FieldValueTest {
  readonly op: RelOp;
  readonly values: readonly number[];
}
export type LlcKind = 'any' | 'i' | 's' | 'u' | { readonly sSubtype: number } | { readonly uSubtype: number };

export type KeywordPrimitive =
  /** `[pqual] broadcast` / `[pqual] multicast` (ether, ip, ip6, or default). */
  | { readonly kind: 'broadcast' | 'multicast'; readonly proto?: Qualifier<ProtoQualifier>; readonly span: Span }
  | { readonly kind: 'less' | 'greater'; readonly value: number; readonly span: Span }
  /** `byte N op M` (byteop is & | < > =). */
  | { readonly kind: 'byte'; readonly offset: number; readonly op: '&' | '|' | '<' | '>' | '='; readonly value: number; readonly span: Span }
  | { readonly kind: 'inbound' | 'outbound'; readonly span: Span }
  | { readonly kind: 'ifindex'; readonly value: number; readonly span: Span }
  /** Encapsulations: each shifts the offsets of everything to its right (libpcap's semantics). */
  | { readonly kind: 'vlan' | 'mpls' | 'pppoes' | 'geneve'; readonly value?: number; readonly span: Span }
  | { readonly kind: 'pppoed'; readonly span: Span }
  /** OpenBSD pflog fields: string for ifname/ruleset, number for rnr/srnr, resolved code for reason/action. */
  | { readonly kind: 'pf'; readonly field: PfField; readonly value: string | number; readonly span: Span }
  | (Wlan80211 & { readonly proto?: Qualifier<ProtoQualifier> })
  | { readonly kind: 'llc'; readonly llc: LlcKind; readonly span: Span }
  | { readonly kind: 'atm-type'; readonly type: AtmType; readonly span: Span }
  | { readonly kind: 'atm-multi'; readonly type: AtmMultiType; readonly span: Span }
  | { readonly kind: 'atm-field'; readonly field: 'vpi' | 'vci'; readonly test: FieldValueTest; readonly span: Span }
  | { readonly kind: 'mtp2-type'; readonly type: Mtp2Type; readonly span: Span }
  | { readonly kind: 'mtp3-field'; readonly field: Mtp3Field; readonly test: FieldValueTest; readonly span: Span };

// ---------------------------------------------------------------------------------------------
// The syntactic tree (parser output)

export type Expr =
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Expr; readonly span: Span }
  /**
   * `[proto] [dir] [type] id`. `inherited` is true when the id stood alone after and/or/not/( and
   * took the previous term's qualifiers; `quals` are then those qualifiers (spans pointing at where
   * they were written).
   */
  | { readonly kind: 'qualified'; readonly quals: Qualifiers; readonly id: Id; readonly inherited: boolean; readonly span: Span }
  /** A protocol name alone: `tcp`, `ip6`, `isis`. */
  | { readonly kind: 'proto-abbrev'; readonly proto: Qualifier<ProtoQualifier>; readonly span: Span }
  | { readonly kind: 'relation'; readonly op: RelOp; readonly left: Arith; readonly right: Arith; readonly span: Span }
  | KeywordPrimitive;

// ---------------------------------------------------------------------------------------------
// The checked tree (checker output, lowering input): names resolved, qualifiers validated

/** Which link-level or network protocol an address test applies to, after defaults. */
export type HostProto = 'default' | 'link' | 'ip' | 'arp' | 'rarp' | 'ip6' | 'decnet';

export type CheckedPrimitive =
  /** IPv4 host or network: `(addr & mask) == net` in the given direction (one entry per resolved address). */
  | {
      readonly kind: 'host4';
      readonly proto: 'default' | 'ip' | 'arp' | 'rarp';
      readonly dir: DirQualifier | 'default';
      readonly nets: readonly { readonly addr: number; readonly mask: number }[];
      readonly span: Span;
    }
  /** IPv6 host or network (`addr`/`prefixLength`). */
  | {
      readonly kind: 'host6';
      readonly dir: DirQualifier | 'default';
      readonly nets: readonly { readonly addr: Uint8Array; readonly prefixLength: number }[];
      readonly span: Span;
    }
  /** A host name that resolved to both families: or of host4 and host6, as libpcap does. */
  | {
      readonly kind: 'host-any';
      readonly proto: 'default' | 'ip' | 'ip6' | 'arp' | 'rarp';
      readonly dir: DirQualifier | 'default';
      readonly v4: readonly number[];
      readonly v6: readonly Uint8Array[];
      readonly span: Span;
    }
  /** Link-layer (MAC) host: `ether host`, `wlan addr2`, `fddi src`, `tr dst`. */
  | { readonly kind: 'link-host'; readonly dir: DirQualifier | 'default'; readonly mac: Uint8Array; readonly span: Span }
  /** `gateway name`: link host is one of the MACs and IP host is none of the addresses. */
  | { readonly kind: 'gateway'; readonly macs: readonly Uint8Array[]; readonly v4: readonly number[]; readonly span: Span }
  /** DECnet host (`decnet host 1.2`), already packed to libpcap's 16-bit form. */
  | { readonly kind: 'decnet-host'; readonly dir: DirQualifier | 'default'; readonly addr: number; readonly span: Span }
  /** ARCnet host (`$xx`). */
  | { readonly kind: 'arcnet-host'; readonly dir: DirQualifier | 'default'; readonly addr: number; readonly span: Span }
  /**
   * Port or port range on tcp/udp/sctp ('default' = any of the three), IPv4 and IPv6 alike unless
   * `family` narrows it (`ip`/`ip6` before `port` is not pcap-filter syntax, but the checker may use it).
   */
  | {
      readonly kind: 'port';
      readonly proto: 'tcp' | 'udp' | 'sctp' | 'default';
      readonly dir: DirQualifier | 'default';
      readonly lo: number;
      readonly hi: number;
      /** Written as `portrange` (libpcap tests lo ≤ port ≤ hi with jge/jgt even when lo = hi); lo ≤ hi is not guaranteed. */
      readonly range: boolean;
      readonly span: Span;
    }
  /** `[link|ip|ip6|iso|...] proto N` and bare `ether proto`/`ip proto`; `under` is the qualifier given. */
  | { readonly kind: 'proto'; readonly under: ProtoQualifier | 'default'; readonly value: number; readonly span: Span }
  | { readonly kind: 'protochain'; readonly under: 'default' | 'ip' | 'ip6'; readonly value: number; readonly span: Span }
  /** A pname alone (`tcp`, `ip6`, `l1`). */
  | { readonly kind: 'proto-abbrev'; readonly proto: ProtoQualifier; readonly span: Span };

export type CheckedExpr =
  | { readonly kind: 'and' | 'or'; readonly left: CheckedExpr; readonly right: CheckedExpr; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: CheckedExpr; readonly span: Span }
  /** A qualified id that means several tests (a name with several addresses or ports): their or. */
  | { readonly kind: 'any-of'; readonly options: readonly CheckedExpr[]; readonly span: Span }
  | CheckedPrimitive
  | { readonly kind: 'relation'; readonly op: RelOp; readonly left: Arith; readonly right: Arith; readonly span: Span }
  | KeywordPrimitive;
