/**
 * ATM keywords on SunATM captures (libpcap gen_atmtype_abbrev, gen_atmmulti_abbrev,
 * gen_atmfield_code): well-known circuits (VPI 0 with VCI 1 metac, 2 bcc, 3 oamf4sc, 4 oamf4ec,
 * 5 sc, 16 ilmic), Q.2931 signalling messages, `vpi`/`vci` relations, and `lane`, which changes the
 * encapsulation of everything after it to LANE Ethernet (14-byte MAC header 2 bytes into the PDU).
 *
 * "Raw ATM" is decided as libpcap's is_atm: the capture is SunATM — it stays so after `lane`, and the
 * VPI/VCI offsets stay relative to the current link header, as in libpcap.
 */
import type { KeywordPrimitive } from '../ast';
import type { Span } from '../span';
import type { Encap, LowerSession } from './context';
import { and, or, type Frag } from './frag';
import { fieldValues, LINKTYPE, ncmp, unsupportedOnLink } from './links/ncmp';
import { atmProtoTest, PT_LANE } from './links/sunatm';

type AtmTypeNode = Extract<KeywordPrimitive, { kind: 'atm-type' }>;
type AtmMultiNode = Extract<KeywordPrimitive, { kind: 'atm-multi' }>;
type AtmFieldNode = Extract<KeywordPrimitive, { kind: 'atm-field' }>;

/** Q.2931 message types (atmuni31.h). */
const MSG = { SETUP: 0x05, CALL_PROCEED: 0x02, CONNECT: 0x07, CONNECT_ACK: 0x0f, RELEASE: 0x4d, RELEASE_DONE: 0x5a } as const;
const MSG_TYPE_POS = 5;

function requireAtm(e: Encap, keyword: string, span: Span): void {
  if (e.outermostLinkType !== LINKTYPE.SUNATM || e.link.vpi === null) {
    throw unsupportedOnLink(`'${keyword}' supported only on raw ATM (SunATM) captures`, span);
  }
}

const vpiEq = (s: LowerSession, e: Encap, v: number, sp: Span): Frag =>
  ncmp(s, e, 'linkhdr', e.link.vpi!, 1, 0xffffffff, 'jeq', false, v, sp);
const vciEq = (s: LowerSession, e: Encap, v: number, sp: Span): Frag =>
  ncmp(s, e, 'linkhdr', e.link.vci!, 2, 0xffffffff, 'jeq', false, v, sp);
/** VPI 0 and the given VCI (gen_atmtype_metac, _sc and friends). */
const circuit = (s: LowerSession, e: Encap, vci: number, sp: Span): Frag => {
  const b0 = vpiEq(s, e, 0, sp);
  return and(b0, vciEq(s, e, vci, sp));
};
const msgType = (s: LowerSession, e: Encap, v: number, sp: Span): Frag =>
  ncmp(s, e, 'linkhdr', e.link.payload! + MSG_TYPE_POS, 1, 0xffffffff, 'jeq', false, v, sp);

/** `lane`, `metac`, `bcc`, `oamf4ec`, `oamf4sc`, `sc`, `ilmic`; `lane` returns the LANE encapsulation. */
export function lowerAtmType(s: LowerSession, e: Encap, node: AtmTypeNode): { frag: Frag; encap: Encap } {
  requireAtm(e, node.type, node.span);
  const sp = node.span;
  switch (node.type) {
    case 'metac': return { frag: circuit(s, e, 1, sp), encap: e };
    case 'bcc': return { frag: circuit(s, e, 2, sp), encap: e };
    case 'oamf4sc': return { frag: circuit(s, e, 3, sp), encap: e };
    case 'oamf4ec': return { frag: circuit(s, e, 4, sp), encap: e };
    case 'sc': return { frag: circuit(s, e, 5, sp), encap: e };
    case 'ilmic': return { frag: circuit(s, e, 16, sp), encap: e };
    case 'lane': {
      const frag = atmProtoTest(s, e, PT_LANE, sp);
      const hdr = e.link.payload! + 2;
      const encap: Encap = {
        ...e,
        linkType: LINKTYPE.EN10MB,
        prevLinkType: e.linkType,
        offPrevLinkHdr: e.offLinkHdr,
        offLinkHdr: { constant: hdr, reg: null },
        offLinkType: { constant: hdr + 12, reg: null },
        offLinkPl: { constant: hdr + 14, reg: null },
        offNl: 0,
        offNlNoSnap: 3,
        isGeneve: false,
      };
      return { frag, encap };
    }
  }
}

/** `oam`/`oamf4` (VPI 0, VCI 3 or 4), `connectmsg` (signalling messages on sc), `metaconnect` (on metac). */
export function lowerAtmMulti(s: LowerSession, e: Encap, node: AtmMultiNode): Frag {
  requireAtm(e, node.type, node.span);
  const sp = node.span;
  switch (node.type) {
    case 'oam':
    case 'oamf4': {
      const b1 = or(vciEq(s, e, 3, sp), vciEq(s, e, 4, sp));
      return and(vpiEq(s, e, 0, sp), b1);
    }
    case 'connectmsg':
    case 'metaconnect': {
      const types = node.type === 'connectmsg'
        ? [MSG.SETUP, MSG.CALL_PROCEED, MSG.CONNECT, MSG.CONNECT_ACK, MSG.RELEASE, MSG.RELEASE_DONE]
        : [MSG.SETUP, MSG.CALL_PROCEED, MSG.CONNECT, MSG.RELEASE, MSG.RELEASE_DONE];
      // libpcap: b1 = SETUP || CALL_PROCEED, then each further type goes in front (b1 = t || b1).
      let b1 = or(msgType(s, e, types[0]!, sp), msgType(s, e, types[1]!, sp));
      for (const t of types.slice(2)) b1 = or(msgType(s, e, t, sp), b1);
      const b0 = circuit(s, e, node.type === 'connectmsg' ? 5 : 1, sp);
      return and(b0, b1);
    }
  }
}

/** `vpi`/`vci` with a relation or a list of values (VPI is a byte, VCI the u16 at 2; no range check). */
export function lowerAtmField(s: LowerSession, e: Encap, node: AtmFieldNode): Frag {
  requireAtm(e, node.field, node.span);
  const vpi = node.field === 'vpi';
  const off = vpi ? e.link.vpi! : e.link.vci!;
  return fieldValues(node.test.values, node.test.op, node.span, (jtype, reverse, value) =>
    ncmp(s, e, 'linkhdr', off, vpi ? 1 : 2, 0xffffffff, jtype, reverse, value, node.span));
}
