/**
 * MAC address tests for link types with a plain source/destination address pair in the link
 * header (gencode.c gen_ehostop, gen_fhostop, gen_thostop): only the offsets differ.
 */
import { FilterError } from '../../../errors';
import type { DirQualifier } from '../../ast';
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { and, or, type Frag } from '../frag';
import { bcmp, macMulticast } from '../load';

export interface MacLayout {
  readonly src: number;
  readonly dst: number;
  /** How libpcap's error for an 802.11-only direction ends (gen_ipfchostop omits " with 802.11 headers"). */
  readonly wlanOnly?: 'with 802.11 headers' | 'plain';
}

const BROADCAST = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/** libpcap's message for a direction only 802.11 has. */
function wlanOnlyDirection(dir: DirQualifier, layout: MacLayout, span: Span): FilterError {
  const where = layout.wlanOnly === 'plain' ? '802.11' : '802.11 with 802.11 headers';
  const message = dir === 'ra' || dir === 'ta'
    ? `'${dir}' is only supported on ${where}`
    : `'${dir}' and 'address${dir.slice(4)}' are only supported on ${where}`;
  return new FilterError('unsupported-on-link-type', message, span);
}

export function macHost(
  s: LowerSession, e: Encap, layout: MacLayout, mac: Uint8Array, dir: DirQualifier | 'default', span?: Span,
): Frag {
  switch (dir) {
    case 'src':
      return bcmp(s, e, 'linkhdr', layout.src, mac, span);
    case 'dst':
      return bcmp(s, e, 'linkhdr', layout.dst, mac, span);
    case 'src and dst':
      return and(macHost(s, e, layout, mac, 'src', span), macHost(s, e, layout, mac, 'dst', span));
    case 'default':
    case 'src or dst':
      return or(macHost(s, e, layout, mac, 'src', span), macHost(s, e, layout, mac, 'dst', span));
    case 'addr1':
    case 'addr2':
    case 'addr3':
    case 'addr4':
    case 'ra':
    case 'ta':
      throw wlanOnlyDirection(dir, layout, span ?? [0, 0]);
  }
}

/** Destination is the all-ones address. */
export function macBroadcast(s: LowerSession, e: Encap, layout: MacLayout, span?: Span): Frag {
  return macHost(s, e, layout, BROADCAST, 'dst', span);
}

/** Destination has the group bit set. */
export function macGroup(s: LowerSession, e: Encap, layout: MacLayout, span?: Span): Frag {
  return macMulticast(s, e, layout.dst, span);
}
