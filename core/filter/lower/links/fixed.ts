/**
 * The initial encapsulation of a link type (libpcap init_linktype): where its headers start, as
 * constants or, for radio and other variable-length prefixes, offsets with a run-time register.
 */
import { fixedOffset, NO_LINK_OFFSETS, type AbsOffset, type Encap, type LinkOffsets } from '../context';

type Offset = number | AbsOffset;
const abs = (o: Offset): AbsOffset => (typeof o === 'number' ? fixedOffset(o) : o);

export interface FixedLayout {
  /** Where the link-layer header starts (non-zero for pseudo-headers such as netANALYZER's). */
  readonly linkHdr?: Offset;
  /** Offset of the link-layer type field, or null (OFFSET_NOT_SET). */
  readonly linkType: Offset | null;
  /** Offset of the link-layer payload. */
  readonly linkPl: Offset;
  /** Network header offset from the payload (8 after LLC/SNAP). */
  readonly nl: number;
  /** The same with LLC but no SNAP. */
  readonly nlNoSnap: number;
  /** MTP / SunATM field offsets; none by default. */
  readonly link?: LinkOffsets;
}

export function fixedEncap(linkType: number, layout: FixedLayout): Encap {
  return {
    linkType,
    outermostLinkType: linkType,
    offLinkHdr: abs(layout.linkHdr ?? 0),
    offPrevLinkHdr: null,
    prevLinkType: null,
    offLinkType: layout.linkType === null ? null : abs(layout.linkType),
    offLinkPl: abs(layout.linkPl),
    offNl: layout.nl,
    offNlNoSnap: layout.nlNoSnap,
    labelStackDepth: 0,
    isGeneve: false,
    link: layout.link ?? NO_LINK_OFFSETS,
  };
}
