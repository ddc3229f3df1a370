/**
 * The initial encapsulation of a link type whose headers sit at constant offsets (libpcap
 * init_linktype for everything without a radio or other variable-length prefix).
 */
import { fixedOffset, NO_LINK_OFFSETS, type Encap } from '../context';

export interface FixedLayout {
  /** Where the link-layer header starts (non-zero for pseudo-headers such as netANALYZER's). */
  readonly linkHdr?: number;
  /** Offset of the link-layer type field, or null (OFFSET_NOT_SET). */
  readonly linkType: number | null;
  /** Offset of the link-layer payload. */
  readonly linkPl: number;
  /** Network header offset from the payload (8 after LLC/SNAP). */
  readonly nl: number;
  /** The same with LLC but no SNAP. */
  readonly nlNoSnap: number;
}

export function fixedEncap(linkType: number, layout: FixedLayout): Encap {
  return {
    linkType,
    outermostLinkType: linkType,
    offLinkHdr: fixedOffset(layout.linkHdr ?? 0),
    offPrevLinkHdr: null,
    prevLinkType: null,
    offLinkType: layout.linkType === null ? null : fixedOffset(layout.linkType),
    offLinkPl: fixedOffset(layout.linkPl),
    offNl: layout.nl,
    offNlNoSnap: layout.nlNoSnap,
    labelStackDepth: 0,
    isGeneve: false,
    link: NO_LINK_OFFSETS,
  };
}
