/**
 * LINKTYPE_DSA_TAG_BRCM and LINKTYPE_DSA_TAG_DSA: Ethernet frames carrying a switch tag (Broadcom,
 * Marvell DSA). libpcap 1.10 accepts the link types but sets none of their offsets (init_linktype's
 * default), so only tests that need no link-layer layout compile — `len`, `link[…]`, and
 * `inbound`/`outbound`; every protocol test fails in gen_linktype, with libpcap's message.
 */
import { FilterError } from '../../../errors';
import type { LinkSpec } from '../link-spec';
import { fixedEncap } from './fixed';
import { LT, linkTypeDescription } from './link-types';

function untypedSpec(linkType: number): LinkSpec {
  return {
    linkTypes: [linkType],
    initial: (_s, lt) => fixedEncap(lt, { linkType: null, linkPl: 0, nl: 0, nlNoSnap: 0 }),
    linkTypeTest: (_s, e, _proto, span) => {
      throw new FilterError('unsupported-on-link-type',
        `${linkTypeDescription(e.linkType)} link-layer type filtering not implemented`, span ?? [0, 0]);
    },
  };
}

export const dsaTagBrcmSpec: LinkSpec = untypedSpec(LT.DSA_TAG_BRCM);
export const dsaTagDsaSpec: LinkSpec = untypedSpec(LT.DSA_TAG_DSA);
