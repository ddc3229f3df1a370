/**
 * LINKTYPE_PPI: 802.11 behind a PPI header (length as radiotap's: LE u16 at 2). libpcap understands
 * only 802.11 inside PPI, so the prologue rejects packets whose PPI DLT field is not 105 — always,
 * even when the filter uses no variable offset (`less 10` on PPI tests the DLT too).
 * `type`/`subtype`/`dir` are not accepted on PPI (libpcap's gen_p80211_type list omits it).
 */
import type { LinkSpec } from '../link-spec';
import { wlanSpec } from './ieee802-11';
import { LINKTYPE } from './ncmp';

export const ppiSpec: LinkSpec = wlanSpec(LINKTYPE.PPI, 'ppi');
