/**
 * Link types with no header or no type field: raw IP (the version nibble tells IPv4 from IPv6),
 * raw IPv4 / raw IPv6 (one protocol only), SLIP and BSD/OS SLIP (a fixed pseudo-header, then raw IP).
 */
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { constant, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { cmp } from '../load';
import { fixedEncap } from './fixed';
import { LT } from './link-types';
import { ETHERTYPE } from './llc-sap';

/** libpcap's DLT_SLIP / DLT_RAW test: the IP version nibble at the start of the link header. */
function versionNibble(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  switch (proto) {
    case ETHERTYPE.IP: return cmp(s, e, 'linkhdr', 0, 1, 'jeq', 0x40, 0xf0, span);
    case ETHERTYPE.IPV6: return cmp(s, e, 'linkhdr', 0, 1, 'jeq', 0x60, 0xf0, span);
    default: return constant(s.cfg, false, span);
  }
}

export const rawSpec: LinkSpec = {
  linkTypes: [LT.RAW, LT.RAW_DLT12, LT.RAW_DLT14],
  initial: (_s, lt) => fixedEncap(lt, { linkType: null, linkPl: 0, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: versionNibble,
};

/** SLIP: libpcap's 16-byte SLIP pseudo-header precedes the IP header, but the version test reads offset 0 as libpcap does. */
export const slipSpec: LinkSpec = {
  linkTypes: [LT.SLIP],
  initial: (_s, lt) => fixedEncap(lt, { linkType: null, linkPl: 16, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: versionNibble,
};

export const slipBsdosSpec: LinkSpec = {
  linkTypes: [LT.SLIP_BSDOS],
  initial: (_s, lt) => fixedEncap(lt, { linkType: null, linkPl: 24, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: versionNibble,
};

const onlyProto = (only: number) => (s: LowerSession, _e: Encap, proto: number, span?: Span): Frag =>
  constant(s.cfg, proto === only, span);

export const ipv4Spec: LinkSpec = {
  linkTypes: [LT.IPV4],
  initial: (_s, lt) => fixedEncap(lt, { linkType: null, linkPl: 0, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: onlyProto(ETHERTYPE.IP),
};

export const ipv6Spec: LinkSpec = {
  linkTypes: [LT.IPV6],
  initial: (_s, lt) => fixedEncap(lt, { linkType: null, linkPl: 0, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: onlyProto(ETHERTYPE.IPV6),
};
