/**
 * Linux NFLOG: a TLV stream in front of the packet, so the payload has no fixed offset. libpcap 1.10
 * refuses every link-layer type test (and so `ip`, `tcp`, `host` …) on it; only tests that need no
 * link layer (`len`, `inbound` where supported) compile.
 */
import { FilterError } from '../../../errors';
import type { LinkSpec } from '../link-spec';
import { fixedEncap } from './fixed';
import { LT } from './link-types';

export const nflogSpec: LinkSpec = {
  linkTypes: [LT.NFLOG],
  initial: (_s, lt) => fixedEncap(lt, { linkType: null, linkPl: 0, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: (_s, _e, _proto, span) => {
    throw new FilterError('unsupported-on-link-type', 'NFLOG link-layer type filtering not implemented', span ?? [0, 0]);
  },
};
