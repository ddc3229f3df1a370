/**
 * LINKTYPE_LTALK: LocalTalk (LLAP) frames. Everything on LocalTalk is AppleTalk, so libpcap's
 * gen_linktype is constant: true for `atalk`, false for every other protocol.
 */
import { constant } from '../frag';
import type { LinkSpec } from '../link-spec';
import { fixedEncap } from './fixed';
import { LT } from './link-types';
import { ETHERTYPE } from './llc-sap';

export const ltalkSpec: LinkSpec = {
  linkTypes: [LT.LTALK],
  initial: (_s, lt) => fixedEncap(lt, { linkType: null, linkPl: 0, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: (s, _e, proto, span) => constant(s.cfg, proto === ETHERTYPE.ATALK, span),
};
