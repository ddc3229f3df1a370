/**
 * LINKTYPE_APPLE_IP_OVER_IEEE1394: Apple's IP over FireWire, an 18-byte header (two 8-byte EUI-64
 * addresses, then an EtherType at 16). libpcap compares the EtherType as given — also for the LLC
 * SAPs it passes for `iso`, `stp` and the like, which therefore never match — and has no address
 * tests for it.
 */
import type { LinkSpec } from '../link-spec';
import { cmp } from '../load';
import { fixedEncap } from './fixed';
import { LT } from './link-types';

export const appleIpOverIeee1394Spec: LinkSpec = {
  linkTypes: [LT.APPLE_IP_OVER_IEEE1394],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 16, linkPl: 18, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: (s, e, proto, span) => cmp(s, e, 'linktype', 0, 2, 'jeq', proto, undefined, span),
};
