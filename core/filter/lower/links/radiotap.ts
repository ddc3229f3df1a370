/**
 * LINKTYPE_IEEE802_11_RADIO: 802.11 behind a radiotap header, whose length (LE u16 at 2) the
 * prologue loads; the payload offset also honours radiotap's DATAPAD flag (see ieee802-11-prologue.ts).
 */
import type { LinkSpec } from '../link-spec';
import { wlanSpec } from './ieee802-11';
import { LINKTYPE } from './ncmp';

export const radiotapSpec: LinkSpec = wlanSpec(LINKTYPE.IEEE802_11_RADIO, 'radiotap');
