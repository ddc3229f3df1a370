/**
 * 802.11 frame-control tests: `[wlan] type T [subtype S]`, `[wlan] subtype S`, `[wlan] dir D`
 * (libpcap gen_p80211_type / gen_p80211_fcdir). The parser has resolved names to numbers and the
 * mask (0x0c type, 0xf0 subtype, 0xfc both). Accepted on 802.11, Prism, AVS and radiotap captures —
 * not PPI, as in libpcap.
 */
import type { Encap, LowerSession } from './context';
import type { Frag } from './frag';
import type { Wlan80211 } from '../ast';
import { isWlanFcLinkType, notWlan } from './links/ieee802-11';
import { mcmp } from './links/ncmp';

const FC1_DIR_MASK = 0x03;

/** `type` / `subtype`: `(fc0 & mask) == value`. */
export function lowerWlanType(s: LowerSession, e: Encap, node: Extract<Wlan80211, { kind: 'wlan-type' }>): Frag {
  if (!isWlanFcLinkType(e.linkType)) {
    throw notWlan('802.11 link-layer types supported only on 802.11 captures (802.11, radiotap, Prism or AVS headers)', node.span);
  }
  return mcmp(s, e, 'linkhdr', 0, 1, node.value, node.mask, node.span);
}

/** `dir`: `(fc1 & 3) == value` (0 nods, 1 tods, 2 fromds, 3 dstods). */
export function lowerWlanDir(s: LowerSession, e: Encap, node: Extract<Wlan80211, { kind: 'wlan-dir' }>): Frag {
  if (!isWlanFcLinkType(e.linkType)) {
    throw notWlan('frame direction supported only with 802.11 headers (802.11, radiotap, Prism or AVS captures)', node.span);
  }
  return mcmp(s, e, 'linkhdr', 1, 1, node.value, FC1_DIR_MASK, node.span);
}
