/**
 * OpenBSD pf log fields (libpcap gen_pf_*): `ifname`/`on` and `ruleset`/`rset` compare the given
 * string's bytes with the start of the NUL-padded field (a prefix match, as libpcap's gen_bcmp of
 * strlen bytes is); `rnr`/`rulenum`, `srnr`/`subrulenum` the 32-bit rule numbers; `reason` and
 * `action` the one-byte codes the parser resolved from names.
 */
import type { KeywordPrimitive } from '../ast';
import { FilterError } from '../../errors';
import type { Encap, LowerSession } from './context';
import { constant, type Frag } from './frag';
import { bcmp, cmpEq, LINKTYPE, unsupportedOnLink } from './links/ncmp';
import { PFLOG, PFLOG_NAME_SIZE } from './links/pflog';

type PfNode = Extract<KeywordPrimitive, { kind: 'pf' }>;

/** UTF-8 bytes of a string (what the C string in libpcap holds). */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

export function lowerPf(s: LowerSession, e: Encap, node: PfNode): Frag {
  if (e.linkType !== LINKTYPE.PFLOG) {
    throw unsupportedOnLink(`${node.field} supported only on PF linktype (OpenBSD pflog captures)`, node.span);
  }
  const sp = node.span;
  switch (node.field) {
    case 'ifname':
    case 'ruleset': {
      const bytes = utf8(String(node.value));
      if (bytes.length >= PFLOG_NAME_SIZE) {
        throw new FilterError('value-out-of-range', node.field === 'ifname'
          ? `ifname interface names can only be ${PFLOG_NAME_SIZE - 1} characters`
          : `ruleset names can only be ${PFLOG_NAME_SIZE - 1} characters`, sp);
      }
      // An empty name is a prefix of every name.
      if (bytes.length === 0) return constant(s.cfg, true, sp);
      return bcmp(s, e, 'linkhdr', node.field === 'ifname' ? PFLOG.IFNAME : PFLOG.RULESET, bytes, sp);
    }
    case 'rnr': return cmpEq(s, e, 'linkhdr', PFLOG.RULENR, 4, Number(node.value), sp);
    case 'srnr': return cmpEq(s, e, 'linkhdr', PFLOG.SUBRULENR, 4, Number(node.value), sp);
    case 'reason': return cmpEq(s, e, 'linkhdr', PFLOG.REASON, 1, Number(node.value), sp);
    case 'action': return cmpEq(s, e, 'linkhdr', PFLOG.ACTION, 1, Number(node.value), sp);
  }
}
