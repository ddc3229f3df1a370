/**
 * LINKTYPE_PRISM_HEADER and LINKTYPE_IEEE802_11_RADIO_AVS: 802.11 behind a Prism (144 bytes) or AVS
 * (length at 4) header. Prism captures may really carry AVS headers; the prologue checks the cookie.
 */
import type { LinkSpec } from '../link-spec';
import { wlanSpec } from './ieee802-11';
import { LINKTYPE } from './ncmp';

export const prismSpec: LinkSpec = wlanSpec(LINKTYPE.PRISM_HEADER, 'prism');
export const avsSpec: LinkSpec = wlanSpec(LINKTYPE.IEEE802_11_RADIO_AVS, 'avs');
