/**
 * IEEE 802.11 (LINKTYPE_IEEE802_11) and what the radio-header variants (radiotap, Prism, AVS, PPI)
 * share with it: the variable link-payload offset, the data-frame check in front of every protocol
 * test (then llc-sap.ts's LLC/SNAP test), and the address tests of gen_wlanhostop.
 *
 * Offsets (libpcap init_linktype): the 802.11 header starts at `offLinkHdr` (0, or a run-time radio
 * header length); the payload (LLC) starts at a run-time offset — 24, plus 2 for QoS data frames, plus
 * the Atheros pad for radiotap — computed by the prologue (ieee802-11-prologue.ts) into LINKPL_REG.
 */
import { WLAN_SUBTYPE_MASK, WLAN_TYPE_MASK } from '../../parse-names';
import { fixedEncap } from './fixed';
import { FilterError } from '../../../errors';
import type { DirQualifier } from '../../ast';
import type { Span } from '../../span';
import type { Encap, LowerSession, VarReg } from '../context';
import { and, not, or, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { wlanPrologue, type RadioHeader } from './ieee802-11-prologue';
import { llcLinkType } from './llc-sap';
import { bcmp, jset, LINKTYPE, mcmp } from './ncmp';

/** Run-time offset of the 802.11 header (the radio header's length). */
export const WLAN_LINKHDR_REG: VarReg = Object.freeze({ name: 'linkhdr' });
/** Run-time offset of the 802.11 payload (LLC header). */
export const WLAN_LINKPL_REG: VarReg = Object.freeze({ name: 'linkpl' });

/** Link types whose header is 802.11 (gen_linktype / gen_wlanhostop's case list). */
export const WLAN_LINK_TYPES: readonly number[] = [
  LINKTYPE.IEEE802_11, LINKTYPE.PRISM_HEADER, LINKTYPE.IEEE802_11_RADIO_AVS, LINKTYPE.IEEE802_11_RADIO,
  LINKTYPE.PPI,
];

/** The encapsulation at the start of an 802.11 frame, with or without a radio header before it. */
export function wlanInitial(linkType: number, radioHeader: boolean): Encap {
  return fixedEncap(linkType, {
    linkHdr: { constant: 0, reg: radioHeader ? WLAN_LINKHDR_REG : null },
    linkType: 24,
    linkPl: { constant: 0, reg: WLAN_LINKPL_REG },
    nl: 8,
    nlNoSnap: 3,
  });
}

/** gen_check_802_11_data_frame: type is data (`!(fc & 0x04) && (fc & 0x08)`). */
export function wlanDataFrameCheck(s: LowerSession, e: Encap, span?: Span): Frag {
  const isData = jset(s, e, 'linkhdr', 0, 1, 0x08, span);
  const notCtl = not(jset(s, e, 'linkhdr', 0, 1, 0x04, span));
  return and(notCtl, isData);
}

/** gen_linktype for 802.11: a data frame whose LLC header carries `proto`. */
export function wlanLinkTypeTest(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  const b0 = wlanDataFrameCheck(s, e, span);
  return and(b0, llcLinkType(s, e, proto, span));
}

const FC0_TYPE_CTL = 0x04;
const FC0_SUBTYPE_CTS = 0xc0;
const FC0_SUBTYPE_ACK = 0xd0;
const FC1_DIR_MASK = 0x03;
const FC1_DIR_DSTODS = 0x03;

/** Source (SA) or destination (DA) address: where it sits depends on the frame type and DS bits. */
function wlanSaDa(s: LowerSession, e: Encap, mac: Uint8Array, which: 'src' | 'dst', span?: Span): Frag {
  const addrAt = (off: number): Frag => bcmp(s, e, 'linkhdr', off, mac, span);
  const fc1 = (bits: number): Frag => jset(s, e, 'linkhdr', 1, 1, bits, span);
  const fc0 = (bits: number): Frag => jset(s, e, 'linkhdr', 0, 1, bits, span);
  let b0: Frag;
  if (which === 'src') {
    // From DS set: SA at 24 (To DS set) or 16 (To DS clear).
    b0 = and(fc1(0x01), addrAt(24));
    const b1 = and(not(fc1(0x01)), addrAt(16));
    b0 = or(b1, b0);
    b0 = and(fc1(0x02), b0);
    // From DS clear: SA at 10.
    b0 = or(and(not(fc1(0x02)), addrAt(10)), b0);
  } else {
    // To DS set: DA at 16; clear: DA at 4.
    b0 = and(fc1(0x01), addrAt(16));
    b0 = or(and(not(fc1(0x01)), addrAt(4)), b0);
  }
  b0 = and(fc0(0x08), b0); // data frames
  b0 = or(and(not(fc0(0x08)), addrAt(which === 'src' ? 10 : 4)), b0); // management frames
  return and(not(fc0(0x04)), b0); // not control (or reserved)
}

/** Not a CTS or ACK control frame (those have no addr2). */
function notCtsOrAck(s: LowerSession, e: Encap, span?: Span): Frag {
  const b0 = not(mcmp(s, e, 'linkhdr', 0, 1, FC0_TYPE_CTL, WLAN_TYPE_MASK, span));
  const b1 = not(mcmp(s, e, 'linkhdr', 0, 1, FC0_SUBTYPE_CTS, WLAN_SUBTYPE_MASK, span));
  const b2 = not(mcmp(s, e, 'linkhdr', 0, 1, FC0_SUBTYPE_ACK, WLAN_SUBTYPE_MASK, span));
  return or(b0, and(b1, b2));
}

/** gen_wlanhostop: an 802.11 MAC address in the given direction or address field. */
export function wlanHostOp(s: LowerSession, e: Encap, mac: Uint8Array, dir: DirQualifier | 'default',
  span?: Span): Frag {
  switch (dir) {
    case 'src':
    case 'dst':
      return wlanSaDa(s, e, mac, dir, span);
    case 'src and dst':
      return and(wlanSaDa(s, e, mac, 'src', span), wlanSaDa(s, e, mac, 'dst', span));
    case 'default':
    case 'src or dst':
      return or(wlanSaDa(s, e, mac, 'src', span), wlanSaDa(s, e, mac, 'dst', span));
    case 'addr1':
      return bcmp(s, e, 'linkhdr', 4, mac, span);
    case 'addr2':
      return and(notCtsOrAck(s, e, span), bcmp(s, e, 'linkhdr', 10, mac, span));
    case 'addr3': {
      const b0 = not(mcmp(s, e, 'linkhdr', 0, 1, FC0_TYPE_CTL, WLAN_TYPE_MASK, span));
      return and(b0, bcmp(s, e, 'linkhdr', 16, mac, span));
    }
    case 'addr4': {
      const b0 = mcmp(s, e, 'linkhdr', 1, 1, FC1_DIR_DSTODS, FC1_DIR_MASK, span);
      return and(b0, bcmp(s, e, 'linkhdr', 24, mac, span));
    }
    case 'ra':
      // Not in management frames; addr1 otherwise.
      return and(jset(s, e, 'linkhdr', 0, 1, 0x08, span), bcmp(s, e, 'linkhdr', 4, mac, span));
    case 'ta': {
      const b2 = notCtsOrAck(s, e, span);
      const b1 = jset(s, e, 'linkhdr', 0, 1, 0x08, span);
      return and(and(b1, b2), bcmp(s, e, 'linkhdr', 10, mac, span));
    }
  }
}

const BROADCAST = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

/** gen_broadcast on 802.11: DA is ff:ff:ff:ff:ff:ff. */
export function wlanBroadcast(s: LowerSession, e: Encap, span?: Span): Frag {
  return wlanHostOp(s, e, BROADCAST, 'dst', span);
}

/** gen_multicast on 802.11: the group bit of the DA, wherever the frame type puts the DA. */
export function wlanMulticast(s: LowerSession, e: Encap, span?: Span): Frag {
  const groupBit = (off: number): Frag => jset(s, e, 'linkhdr', off, 1, 0x01, span);
  const fc1 = (bits: number): Frag => jset(s, e, 'linkhdr', 1, 1, bits, span);
  const fc0 = (bits: number): Frag => jset(s, e, 'linkhdr', 0, 1, bits, span);
  let b0 = and(fc1(0x01), groupBit(16));
  b0 = or(and(not(fc1(0x01)), groupBit(4)), b0);
  b0 = and(fc0(0x08), b0);
  b0 = or(and(not(fc0(0x08)), groupBit(4)), b0);
  return and(not(fc0(0x04)), b0);
}

/** A LinkSpec for one member of the 802.11 family; `radio` names the header in front, if any. */
export function wlanSpec(linkType: number, radio: RadioHeader): LinkSpec {
  return {
    linkTypes: [linkType],
    initial: (_s, lt) => wlanInitial(lt, radio !== 'none'),
    linkTypeTest: wlanLinkTypeTest,
    linkHost: wlanHostOp,
    linkBroadcast: wlanBroadcast,
    linkMulticast: wlanMulticast,
    // gen_llc: every 802.11 data frame is taken to carry an LLC header at the payload.
    llc: wlanDataFrameCheck,
    prologue: (s, slots) => wlanPrologue(s, slots, radio, WLAN_LINKHDR_REG, WLAN_LINKPL_REG),
  };
}

/** LINKTYPE_IEEE802_11: bare 802.11 frames. */
export const ieee80211Spec: LinkSpec = wlanSpec(LINKTYPE.IEEE802_11, 'none');

/** True when the link type's header is 802.11 with a radio header that `type`/`dir` accept (not PPI). */
export function isWlanFcLinkType(linkType: number): boolean {
  return linkType === LINKTYPE.IEEE802_11 || linkType === LINKTYPE.PRISM_HEADER
    || linkType === LINKTYPE.IEEE802_11_RADIO_AVS || linkType === LINKTYPE.IEEE802_11_RADIO;
}

/** The typed error for an 802.11-only construct elsewhere (libpcap's wording). */
export function notWlan(message: string, span: Span): FilterError {
  return new FilterError('unsupported-on-link-type', message, span);
}
