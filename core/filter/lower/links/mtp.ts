/**
 * SS7 MTP2 (LINKTYPE_MTP2), MTP2 with a 4-byte pseudo-header (LINKTYPE_MTP2_WITH_PHDR) and ERF
 * (LINKTYPE_ERF, where libpcap knows only MTP2 fields, 20 bytes in): fixed offsets of the MTP2 length
 * indicator (LI, and its 9-bit HSL form) and of the MTP3 routing label (libpcap init_linktype).
 * Nothing here has a protocol type field: `ip` and the like are errors, as in libpcap. MTP3 alone
 * (LINKTYPE_MTP3) has no case in libpcap, so `sio`/`fisu` are not accepted on it.
 */
import { fixedEncap } from './fixed';
import type { Span } from '../../span';
import type { Encap, LinkOffsets } from '../context';
import type { Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { LINKTYPE, NO_LINK_OFFSETS, unsupportedOnLink } from './ncmp';

/** MTP2 offsets with `base` bytes of pseudo-header in front. */
function mtpOffsets(base: number): LinkOffsets {
  return {
    ...NO_LINK_OFFSETS,
    li: base + 2, liHsl: base + 4, sio: base + 3, opc: base + 4, dpc: base + 4, sls: base + 7,
  };
}

function mtpInitial(linkType: number): Encap {
  const base = linkType === LINKTYPE.MTP2 ? 0 : linkType === LINKTYPE.MTP2_WITH_PHDR ? 4 : 20;
  return fixedEncap(linkType, { linkType: null, linkPl: 0, nl: 0, nlNoSnap: 0, link: mtpOffsets(base) });
}

function noLinkTypeField(name: string) {
  return (_s: unknown, _e: Encap, _proto: number, span?: Span): Frag => {
    throw unsupportedOnLink(`${name} link-layer type filtering not implemented: only MTP2/MTP3 fields `
      + '(fisu, lssu, msu, sio, opc, dpc, sls and their h- forms) can be tested on this capture', span ?? [0, 0]);
  };
}

export const mtp2Spec: LinkSpec = {
  linkTypes: [LINKTYPE.MTP2, LINKTYPE.MTP2_WITH_PHDR],
  initial: (_s, lt) => mtpInitial(lt),
  linkTypeTest: noLinkTypeField('MTP2'),
};

export const erfSpec: LinkSpec = {
  linkTypes: [LINKTYPE.ERF],
  initial: (_s, lt) => mtpInitial(lt),
  linkTypeTest: noLinkTypeField('ERF'),
};

/** Link types on which MTP2 message-type keywords (fisu, lssu, msu, h*) are accepted. */
export const MTP2_LINK_TYPES: readonly number[] = [LINKTYPE.MTP2, LINKTYPE.MTP2_WITH_PHDR, LINKTYPE.ERF];
