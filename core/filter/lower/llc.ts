/**
 * `llc`, `llc i`, `llc s`, `llc u` and the S/U subtypes (`llc rr`, `llc ui` …): gen_llc and
 * gen_llc_i/s/u/_s_subtype/_u_subtype. Whether a frame carries LLC at all is the link spec's
 * answer; the control-field tests read the LLC header at the link payload.
 */
import { FilterError } from '../../errors';
import type { KeywordPrimitive } from '../ast';
import type { Span } from '../span';
import type { Encap, LowerSession } from './context';
import { and, not, type Frag } from './frag';
import { cmp } from './load';
import { linkSpecFor } from './links/index';
import { linkTypeDescription } from './links/link-types';

type LlcNode = Extract<KeywordPrimitive, { kind: 'llc' }>;

const LLC_S_FMT = 0x01;
const LLC_U_FMT = 0x03;
const LLC_S_CMD_MASK = 0x0f;
const LLC_U_CMD_MASK = 0xef;

/** gen_llc: the frame has an 802.2 LLC header. */
export function llcPresent(s: LowerSession, e: Encap, span: Span): Frag {
  const spec = linkSpecFor(e.linkType, span);
  if (spec.llc === undefined) {
    throw new FilterError('unsupported-on-link-type', `'llc' not supported for ${linkTypeDescription(e.linkType)}`, span);
  }
  return spec.llc(s, e, span);
}

export function lowerLlc(s: LowerSession, e: Encap, node: LlcNode): Frag {
  const span = node.span;
  const llc = node.llc;
  const present = llcPresent(s, e, span);
  // The control field is the third byte of the LLC header.
  const control = (value: number, mask: number): Frag => and(present, cmp(s, e, 'llc', 2, 1, 'jeq', value, mask, span));
  if (llc === 'any') return present;
  if (llc === 'i') return and(present, not(cmp(s, e, 'llc', 2, 1, 'jset', 0x01, undefined, span)));
  if (llc === 's') return control(LLC_S_FMT, 0x03);
  if (llc === 'u') return control(LLC_U_FMT, 0x03);
  if ('sSubtype' in llc) return control(llc.sSubtype, LLC_S_CMD_MASK);
  return control(llc.uSubtype, LLC_U_CMD_MASK);
}
