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
}

const BROADCAST = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/** libpcap's message for a direction only 802.11 has. */
function wlanOnlyDirection(dir: DirQualifier, span: Span): FilterError {
  const message = dir === 'ra' || dir === 'ta'
    ? `'${dir}' is only supported on 802.11 with 802.11 headers`
    : `'${dir}' and 'address${dir.slice(4)}' are only supported on 802.11 with 802.11 headers`;
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
      throw wlanOnlyDirection(dir, span ?? [0, 0]);
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
