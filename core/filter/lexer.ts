/**
 * The pcap-filter(7) lexer: libpcap 1.10's scanner.l as a table of token rules.
 *
 * Like flex, every rule is tried at the current position, the longest match wins, and a tie goes to
 * the rule listed first (so `10.1.2.3` is a HID rather than an ID, `0011.2233.4455` a MAC rather than
 * a HID, `tcp` a keyword, `tcpx` an ID). Keywords are case-sensitive, as in libpcap.
 *
 * Errors libpcap's scanner reports (an illegal character, a number that overflows or has a bad digit,
 * a bogus MAC or IPv6 address) become `error` tokens in `scan` so the parser can report them in the
 * order libpcap would (first error from the left); `lex` throws the first one.
 */
import { FilterError } from '../errors';
import type { Span } from './span';

// ---------------------------------------------------------------------------------------------
// Keywords

/** Every spelling scanner.l turns into a keyword token, mapped to one canonical name per token. */
export const KEYWORDS = {
  dst: 'dst', src: 'src',
  link: 'link', ether: 'link', ppp: 'link', slip: 'link', fddi: 'link', tr: 'link', wlan: 'link',
  arp: 'arp', rarp: 'rarp', ip: 'ip', sctp: 'sctp', tcp: 'tcp', udp: 'udp', icmp: 'icmp', igmp: 'igmp',
  igrp: 'igrp', pim: 'pim', vrrp: 'vrrp', carp: 'carp', radio: 'radio',
  ip6: 'ip6', icmp6: 'icmp6', ah: 'ah', esp: 'esp',
  atalk: 'atalk', aarp: 'aarp', decnet: 'decnet', lat: 'lat', sca: 'sca', moprc: 'moprc', mopdl: 'mopdl',
  iso: 'iso', esis: 'esis', 'es-is': 'esis', isis: 'isis', 'is-is': 'isis',
  l1: 'l1', l2: 'l2', iih: 'iih', lsp: 'lsp', snp: 'snp', csnp: 'csnp', psnp: 'psnp',
  clnp: 'clnp', stp: 'stp', ipx: 'ipx', netbeui: 'netbeui',
  host: 'host', net: 'net', mask: 'mask', port: 'port', portrange: 'portrange', proto: 'proto',
  protochain: 'protochain', gateway: 'gateway',
  type: 'type', subtype: 'subtype', direction: 'dir', dir: 'dir',
  address1: 'addr1', addr1: 'addr1', address2: 'addr2', addr2: 'addr2',
  address3: 'addr3', addr3: 'addr3', address4: 'addr4', addr4: 'addr4', ra: 'ra', ta: 'ta',
  less: 'less', greater: 'greater', byte: 'byte', broadcast: 'broadcast', multicast: 'multicast',
  and: 'and', '&&': 'and', or: 'or', '||': 'or', not: 'not', '!': 'not',
  len: 'len', length: 'len', inbound: 'inbound', outbound: 'outbound', ifindex: 'ifindex',
  vlan: 'vlan', mpls: 'mpls', pppoed: 'pppoed', pppoes: 'pppoes', geneve: 'geneve',
  lane: 'lane', llc: 'llc', metac: 'metac', bcc: 'bcc', oam: 'oam', oamf4: 'oamf4', oamf4ec: 'oamf4ec',
  oamf4sc: 'oamf4sc', sc: 'sc', ilmic: 'ilmic', vpi: 'vpi', vci: 'vci', connectmsg: 'connectmsg',
  metaconnect: 'metaconnect',
  on: 'ifname', ifname: 'ifname', rset: 'ruleset', ruleset: 'ruleset', rnr: 'rnr', rulenum: 'rnr',
  srnr: 'srnr', subrulenum: 'srnr', reason: 'reason', action: 'action',
  fisu: 'fisu', lssu: 'lssu', lsu: 'lssu', msu: 'msu', hfisu: 'hfisu', hlssu: 'hlssu', hmsu: 'hmsu',
  sio: 'sio', opc: 'opc', dpc: 'dpc', sls: 'sls', hsio: 'hsio', hopc: 'hopc', hdpc: 'hdpc', hsls: 'hsls',
} as const;
export type Keyword = (typeof KEYWORDS)[keyof typeof KEYWORDS];

/** Names scanner.l lexes as NUM with a fixed value (offsets and values for icmp/icmp6/tcp tests). */
export const NAMED_NUMBERS: Readonly<Record<string, number>> = {
  icmptype: 0, icmpcode: 1,
  'icmp-echoreply': 0, 'icmp-unreach': 3, 'icmp-sourcequench': 4, 'icmp-redirect': 5, 'icmp-echo': 8,
  'icmp-routeradvert': 9, 'icmp-routersolicit': 10, 'icmp-timxceed': 11, 'icmp-paramprob': 12,
  'icmp-tstamp': 13, 'icmp-tstampreply': 14, 'icmp-ireq': 15, 'icmp-ireqreply': 16,
  'icmp-maskreq': 17, 'icmp-maskreply': 18,
  icmp6type: 0, icmp6code: 1,
  'icmp6-destinationunreach': 1, 'icmp6-packettoobig': 2, 'icmp6-timeexceeded': 3,
  'icmp6-parameterproblem': 4, 'icmp6-echo': 128, 'icmp6-echoreply': 129,
  'icmp6-multicastlistenerquery': 130, 'icmp6-multicastlistenerreportv1': 131,
  'icmp6-multicastlistenerdone': 132, 'icmp6-routersolicit': 133, 'icmp6-routeradvert': 134,
  'icmp6-neighborsolicit': 135, 'icmp6-neighboradvert': 136, 'icmp6-redirect': 137,
  'icmp6-routerrenum': 138, 'icmp6-nodeinformationquery': 139, 'icmp6-nodeinformationresponse': 140,
  'icmp6-ineighbordiscoverysolicit': 141, 'icmp6-ineighbordiscoveryadvert': 142,
  'icmp6-multicastlistenerreportv2': 143, 'icmp6-homeagentdiscoveryrequest': 144,
  'icmp6-homeagentdiscoveryreply': 145, 'icmp6-mobileprefixsolicit': 146,
  'icmp6-mobileprefixadvert': 147, 'icmp6-certpathsolicit': 148, 'icmp6-certpathadvert': 149,
  'icmp6-multicastrouteradvert': 151, 'icmp6-multicastroutersolicit': 152,
  'icmp6-multicastrouterterm': 153,
  tcpflags: 13, 'tcp-fin': 0x01, 'tcp-syn': 0x02, 'tcp-rst': 0x04, 'tcp-push': 0x08, 'tcp-ack': 0x10,
  'tcp-urg': 0x20, 'tcp-ece': 0x40, 'tcp-cwr': 0x80,
};

// ---------------------------------------------------------------------------------------------
// Tokens

export type Operator =
  | '+' | '-' | '*' | '/' | '%' | ':' | '[' | ']' | '<' | '>' | '(' | ')' | '&' | '|' | '^' | '='
  | '>=' | '<=' | '!=' | '<<' | '>>';

export type Token =
  /** `keyword` is the canonical name: `ether` → `link`, `&&` → `and`, `!` → `not`, `length` → `len`. */
  | { readonly kind: 'keyword'; readonly keyword: Keyword; readonly text: string; readonly span: Span }
  /** NUM: decimal, 0x hex, leading-0 octal, or a named constant (`tcp-syn`); `==` is the op `=`. */
  | { readonly kind: 'num'; readonly value: number; readonly text: string; readonly span: Span }
  | { readonly kind: 'op'; readonly op: Operator; readonly text: string; readonly span: Span }
  /** ID: `value` is the name (for `\name`, without the backslash); HID/HID6/EID/AID: `value` = text. */
  | { readonly kind: 'id' | 'hid' | 'hid6' | 'eid' | 'aid'; readonly value: string; readonly text: string; readonly span: Span };

/** What `scan` yields: the tokens, with libpcap's scanner errors in place. */
export type ScanToken = Token | { readonly kind: 'error'; readonly error: FilterError; readonly text: string; readonly span: Span };

// ---------------------------------------------------------------------------------------------
// Patterns (scanner.l's definitions)

const N = '(?:0[xX][0-9A-Fa-f]+|[0-9]+)';
const W = '[0-9A-Fa-f]{1,4}';
const B = '[0-9A-Fa-f]{1,2}';
const B2 = '[0-9A-Fa-f]{4}';
const V4 = `${N}\\.${N}\\.${N}\\.${N}`;

/** scanner.l's 60 V6 forms: 8 groups; k ≤ 7 groups around `::`; 6 groups + IPv4; k ≤ 5 groups around `::` + IPv4. */
function ipv6Patterns(): RegExp[] {
  const groups = (n: number) => Array.from({ length: n }, () => W).join(':');
  const out: string[] = [groups(8)];
  for (let k = 7; k >= 0; k--) {
    for (let i = 0; i <= k; i++) out.push(`${groups(i)}::${groups(k - i)}`);
  }
  out.push(`${groups(6)}:${V4}`);
  for (let k = 5; k >= 0; k--) {
    for (let i = 0; i <= k; i++) {
      const right = k - i === 0 ? '' : `${groups(k - i)}:`;
      out.push(`${groups(i)}::${right}${V4}`);
    }
  }
  return out.map((p) => new RegExp(p, 'y'));
}

const RE = {
  space: /[ \r\n\t]+/y,
  aid: new RegExp(`\\$${B}`, 'y'),
  macs: [
    new RegExp(`${B}:${B}:${B}:${B}:${B}:${B}`, 'y'),
    new RegExp(`${B}-${B}-${B}-${B}-${B}-${B}`, 'y'),
    new RegExp(`${B}\\.${B}\\.${B}\\.${B}\\.${B}\\.${B}`, 'y'),
    new RegExp(`${B2}\\.${B2}\\.${B2}`, 'y'),
    new RegExp(`${B2}${B2}${B2}`, 'y'),
  ],
  num: new RegExp(N, 'y'),
  hid: new RegExp(`${N}(?:\\.${N}){1,3}`, 'y'),
  v6: ipv6Patterns(),
  addressChars: /[0-9A-Fa-fxX:.]+/y,
  bogusMac: new RegExp(`${B}:+(?:${B}:+)+`, 'y'),
  escapedId: /\\[^ !()\n\t]+/y,
};

const OPERATORS_2 = ['>=', '<=', '!=', '==', '<<', '>>', '&&', '||'] as const;
const OPERATORS_1 = '+-*/%:[]!<>()&|^=';

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlnum = (c: string | undefined) => c !== undefined && (isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isHex = (c: string | undefined) => c !== undefined && (isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));

/** scanner.l's ID: `[A-Za-z0-9]([-_.A-Za-z0-9]*[.A-Za-z0-9])?`, longest match. */
function idLength(text: string, pos: number): number {
  if (!isAlnum(text[pos])) return 0;
  let end = pos + 1;
  let last = end;
  while (end < text.length) {
    const c = text[end];
    if (isAlnum(c) || c === '.') last = end + 1;
    else if (c !== '-' && c !== '_') break;
    end++;
  }
  return last - pos;
}

function matchAt(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0].length : 0;
}

// ---------------------------------------------------------------------------------------------
// Numbers (libpcap's stoulen)

type NumberResult = { readonly value: number } | { readonly error: string };

/** libpcap's stoulen: 0x hex, leading-0 octal, else decimal; anything over 32 bits is an error. */
export function parseNumber(text: string): NumberResult {
  let base = 10;
  let digits = text;
  if (/^0[xX]/.test(text)) {
    base = 16;
    digits = text.slice(2);
  } else if (text.length > 1 && text[0] === '0') {
    base = 8;
    digits = text.slice(1);
  }
  let n = 0;
  for (const ch of digits) {
    const d = parseInt(ch, base);
    if (Number.isNaN(d)) {
      const kind = base === 16 ? 'hex' : base === 8 ? 'octal' : 'decimal';
      return { error: `number ${text} contains non-${kind} digit` };
    }
    n = n * base + d;
    if (n > 0xffffffff) return { error: `number ${text} overflows 32 bits` };
  }
  return { value: n };
}

/** What getaddrinfo(AI_NUMERICHOST) rejects in a text the V6 patterns matched: a bad embedded IPv4. */
function ipv6Problem(text: string): boolean {
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (!tail.includes('.')) return false;
  return tail.split('.').some((p) => !/^(?:0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255);
}

// ---------------------------------------------------------------------------------------------
// Scanning

type Rule = 'keyword' | 'op1' | 'op2' | 'aid' | 'mac' | 'num' | 'hid' | 'hid6' | 'bogusMac' | 'named' | 'id' | 'escapedId';

/** flex's choice: the longest match, the earliest rule on a tie. */
class Longest {
  rule: Rule = 'op1';
  len = 0;
  offer(rule: Rule, len: number): void {
    if (len > this.len) {
      this.rule = rule;
      this.len = len;
    }
  }
}

/** Scan the whole text; scanner errors stay in the stream as `error` tokens. Never throws. */
export function scan(text: string): ScanToken[] {
  const out: ScanToken[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ws = matchAt(RE.space, text, pos);
    if (ws > 0) {
      pos += ws;
      continue;
    }
    const token = scanOne(text, pos);
    out.push(token);
    pos = token.span[1];
  }
  return out;
}

function scanOne(text: string, pos: number): ScanToken {
  // Candidates in scanner.l's rule order; the longest wins, the earliest on a tie. Each rule is
  // tried only where its first character allows (regexes are the lexer's cost).
  const best = new Longest();
  const c = text[pos];
  const idLen = idLength(text, pos);
  const idText = text.slice(pos, pos + idLen);
  if (idLen > 0 && Object.hasOwn(KEYWORDS, idText)) best.offer('keyword', idLen);
  if (OPERATORS_1.includes(c)) best.offer('op1', 1);
  if ((OPERATORS_2 as readonly string[]).includes(text.slice(pos, pos + 2))) best.offer('op2', 2);
  if (c === '$') best.offer('aid', matchAt(RE.aid, text, pos));
  if (isHex(c) || c === ':') {
    let hexRun = 0;
    while (isHex(text[pos + hexRun])) hexRun++;
    const sep = text[pos + hexRun];
    if (hexRun >= 12 || sep === ':' || sep === '-' || sep === '.') {
      for (const re of RE.macs) best.offer('mac', matchAt(re, text, pos));
    }
    if (isDigit(c)) {
      best.offer('num', matchAt(RE.num, text, pos));
      if (sep === '.' || sep === 'x' || sep === 'X') best.offer('hid', matchAt(RE.hid, text, pos));
    }
    // Only a run with a ':' can be an IPv6 or bogus MAC address; skip the 60 V6 forms otherwise.
    const run = matchAt(RE.addressChars, text, pos);
    if (text.slice(pos, pos + run).includes(':')) {
      for (const re of RE.v6) best.offer('hid6', matchAt(re, text, pos));
      best.offer('bogusMac', matchAt(RE.bogusMac, text, pos));
    }
  }
  if (idLen > 0 && Object.hasOwn(NAMED_NUMBERS, idText)) best.offer('named', idLen);
  best.offer('id', idLen);
  if (c === '\\') best.offer('escapedId', matchAt(RE.escapedId, text, pos));

  if (best.len === 0) {
    const ch = String.fromCodePoint(text.codePointAt(pos) ?? 0);
    const span: Span = [pos, pos + ch.length];
    const shown = /^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      kind: 'error',
      text: ch,
      span,
      error: new FilterError('syntax', `unexpected character ${shown}: it is not part of any pcap-filter token`, span),
    };
  }
  const end = pos + best.len;
  const span: Span = [pos, end];
  const t = text.slice(pos, end);
  switch (best.rule) {
    case 'keyword':
    case 'op2':
      if (t === '==') return { kind: 'op', op: '=', text: t, span };
      if (Object.hasOwn(KEYWORDS, t)) return { kind: 'keyword', keyword: KEYWORDS[t as keyof typeof KEYWORDS], text: t, span };
      return { kind: 'op', op: t as Operator, text: t, span };
    case 'op1':
      if (t === '!') return { kind: 'keyword', keyword: 'not', text: t, span };
      return { kind: 'op', op: t as Operator, text: t, span };
    case 'aid':
      return { kind: 'aid', value: t, text: t, span };
    case 'mac':
      return { kind: 'eid', value: t, text: t, span };
    case 'num': {
      const r = parseNumber(t);
      if ('error' in r) return { kind: 'error', text: t, span, error: new FilterError('number', r.error, span) };
      return { kind: 'num', value: r.value, text: t, span };
    }
    case 'hid':
      return { kind: 'hid', value: t, text: t, span };
    case 'hid6':
      if (ipv6Problem(t)) {
        return {
          kind: 'error', text: t, span,
          error: new FilterError('ipv6-address', `bogus IPv6 address ${t}: an embedded IPv4 part must be a decimal 0-255 without leading zeros`, span),
        };
      }
      return { kind: 'hid6', value: t, text: t, span };
    case 'bogusMac':
      return {
        kind: 'error', text: t, span,
        error: new FilterError('mac-address', `bogus ethernet address ${t}: write six hex bytes, e.g. 00:11:22:33:44:55`, span),
      };
    case 'named':
      return { kind: 'num', value: NAMED_NUMBERS[t], text: t, span };
    case 'id':
      return { kind: 'id', value: t, text: t, span };
    case 'escapedId':
      return { kind: 'id', value: t.slice(1), text: t, span };
  }
}

/** Lex a filter expression into tokens; the first scanner error is thrown as a FilterError. */
export function lex(text: string): Token[] {
  const tokens = scan(text);
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'error') throw t.error;
    out.push(t);
  }
  return out;
}
