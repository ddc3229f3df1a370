/**
 * Every LinkSpec, and the lookup by link type. A link type is lowered by exactly one spec (the test
 * beside this file checks that no type is claimed twice).
 */
import { FilterError } from '../../../errors';
import type { Span } from '../../span';
import type { LinkSpec } from '../link-spec';
import { arcnetSpec } from './arcnet';
import { dsaTagBrcmSpec, dsaTagDsaSpec } from './dsa-tag';
import { ethernetSpecs } from './ethernet';
import { frelaySpec } from './frelay';
import { ieee80211Spec } from './ieee802-11';
import { appleIpOverIeee1394Spec } from './ieee1394';
import { ipOverFcSpec } from './ip-over-fc';
import { linkTypeDescription } from './link-types';
import { loopSpec, ipnetSpec, nullSpec } from './loopback';
import { ltalkSpec } from './ltalk';
import { erfSpec, mtp2Spec } from './mtp';
import { nflogSpec } from './nflog';
import { pflogSpec } from './pflog';
import { ppiSpec } from './ppi';
import { cHdlcSpec, pppBsdosSpec, pppEtherSpec, pppSpec } from './ppp';
import { avsSpec, prismSpec } from './prism';
import { radiotapSpec } from './radiotap';
import { ipv4Spec, ipv6Spec, rawSpec, slipBsdosSpec, slipSpec } from './raw-ip';
import { sll2Spec, sllSpec } from './sll';
import { sunatmSpec } from './sunatm';
import { atmClipSpec, atmRfc1483Spec, fddiSpec, tokenRingSpec } from './token-ring-fddi';

export const LINK_SPECS: readonly LinkSpec[] = [
  ...ethernetSpecs,
  sllSpec, sll2Spec,
  rawSpec, ipv4Spec, ipv6Spec, slipSpec, slipBsdosSpec,
  nullSpec, loopSpec, ipnetSpec, nflogSpec,
  pppSpec, pppEtherSpec, pppBsdosSpec, cHdlcSpec,
  fddiSpec, tokenRingSpec, atmRfc1483Spec, atmClipSpec, ipOverFcSpec,
  frelaySpec, ltalkSpec, appleIpOverIeee1394Spec, dsaTagBrcmSpec, dsaTagDsaSpec,
  // 802.11 family, SunATM, MTP2/ERF, PFLOG, ARCnet (the special link types).
  ieee80211Spec, radiotapSpec, prismSpec, avsSpec, ppiSpec, sunatmSpec, mtp2Spec, erfSpec, pflogSpec, arcnetSpec,
];

/** Specs by link type; a duplicate claim throws (called once by `linkSpecFor`'s table and by the test). */
export function buildLinkTable(specs: readonly LinkSpec[]): ReadonlyMap<number, LinkSpec> {
  const table = new Map<number, LinkSpec>();
  for (const spec of specs) {
    for (const lt of spec.linkTypes) {
      if (table.has(lt)) throw new Error(`internal: link type ${lt} (${linkTypeDescription(lt)}) is claimed twice`);
      table.set(lt, spec);
    }
  }
  return table;
}

const TABLE = buildLinkTable(LINK_SPECS);

/** The spec lowering `linkType`; FilterError 'unsupported-link' when there is none. */
export function linkSpecFor(linkType: number, span: Span = [0, 0]): LinkSpec {
  const spec = TABLE.get(linkType);
  if (spec === undefined) {
    throw new FilterError(
      'unsupported-link',
      `Capture filters are not supported on link type ${linkType} (${linkTypeDescription(linkType)}).`,
      span,
    );
  }
  return spec;
}
