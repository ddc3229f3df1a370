/**
 * PPP Link Control Protocol (RFC 1661, 1570, 1990): code, identifier, length, the configuration options, and
 * the bodies of Protocol-Reject, Echo, Discard, Identification and Time-Remaining. Wireshark: packet-ppp.c.
 * Info is the code's name; the Protocol column `PPP LCP`.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { defineProtocol } from '../protocol';
import { dissectControlProtocol, REST, U16, U32, U8, type ControlProtocol } from './ppp-cp';
import { PPP_PROTOCOL_NAMES } from './ppp-names';

const CALLBACK_OPERATIONS: Readonly<Record<number, string>> = {
  0: 'Location determined by user authentication', 1: 'Message is dialing string', 2: 'Message is location identifier',
  3: 'Message is E.164', 4: 'Message is distinguished name', 5: 'Unassigned', 6: 'Location is determined during CBCP negotiation',
};
const EP_DISC_CLASSES: Readonly<Record<number, string>> = {
  0: 'Null', 1: 'Locally assigned address', 2: 'Internet Protocol (IP) address', 3: 'IEEE 802.1 globally assigned MAC address',
  4: 'PPP magic-number block', 5: 'Public switched network directory number',
};

const LCP: ControlProtocol = {
  prefix: 'lcp',
  unknownData: 'lcp.opt.data',
  maxCode: 13,
  options: {
    1: { name: 'Maximum Receive Unit', values: [U16('lcp.opt.mru')] },
    2: { name: 'Async Control Character Map', values: [U32('lcp.opt.asyncmap')] },
    3: { name: 'Authentication Protocol', values: [U16('lcp.opt.auth_protocol'), U8('lcp.opt.algorithm')] },
    4: { name: 'Quality Protocol', values: [U16('lcp.opt.quality_protocol'), U32('lcp.opt.reporting_period')] },
    5: { name: 'Magic Number', values: [U32('lcp.opt.magic_number')] },
    7: { name: 'Protocol Field Compression', values: [] },
    8: { name: 'Address and Control Field Compression', values: [] },
    9: { name: 'FCS Alternatives', values: [U8('lcp.opt.fcs_alternatives')] },
    13: { name: 'Callback', values: [U8('lcp.opt.operation'), REST('lcp.opt.message')] },
    17: { name: 'Multilink MRRU', values: [U16('lcp.opt.mrru')] },
    18: { name: 'Multilink Short Sequence Number Header Format', values: [] },
    19: { name: 'Multilink Endpoint Discriminator', values: [U8('lcp.opt.ep_disc_class'), REST('lcp.opt.data')] },
  },
  body: lcpBody,
};

export const lcp = defineProtocol({
  abbrev: 'lcp',
  name: 'PPP Link Control Protocol',
  short: 'PPP LCP',
  registersIn: [['ppp.protocol', 0xc021]],
  fields: {
    'lcp.magic_number': { name: 'Magic Number', type: 'uint32', base: 'hex' },
    'lcp.data': { name: 'Data', type: 'bytes' },
    'lcp.message': { name: 'Message', type: 'string' },
    'lcp.secs_remaining': { name: 'Seconds Remaining', type: 'uint32' },
    'lcp.rej_proto': { name: 'Rejected Protocol', type: 'uint16', base: 'hex', strings: PPP_PROTOCOL_NAMES },
    'lcp.opt.type': { name: 'Type', type: 'uint8' },
    'lcp.opt.length': { name: 'Length', type: 'uint8' },
    'lcp.opt.data': { name: 'Data', type: 'bytes' },
    'lcp.opt.mru': { name: 'Maximum Receive Unit', type: 'uint16' },
    'lcp.opt.asyncmap': { name: 'Async Control Character Map', type: 'uint32', base: 'hex' },
    'lcp.opt.auth_protocol': { name: 'Authentication Protocol', type: 'uint16', base: 'hex', strings: PPP_PROTOCOL_NAMES },
    'lcp.opt.algorithm': { name: 'Algorithm', type: 'uint8' },
    'lcp.opt.quality_protocol': { name: 'Quality Protocol', type: 'uint16', base: 'hex', strings: PPP_PROTOCOL_NAMES },
    'lcp.opt.reporting_period': { name: 'Reporting Period', type: 'uint32' },
    'lcp.opt.magic_number': { name: 'Magic Number', type: 'uint32', base: 'hex' },
    'lcp.opt.fcs_alternatives': { name: 'FCS Alternatives', type: 'uint8', base: 'hex' },
    'lcp.opt.operation': { name: 'Operation', type: 'uint8', strings: CALLBACK_OPERATIONS },
    'lcp.opt.message': { name: 'Message', type: 'bytes' },
    'lcp.opt.mrru': { name: 'MRRU', type: 'uint16' },
    'lcp.opt.ep_disc_class': { name: 'Class', type: 'uint8', strings: EP_DISC_CLASSES },
  },
  dissect: (view, ctx) => dissectControlProtocol(view, ctx, LCP),
});

const CODE_PROTOCOL_REJECT = 8;
const CODE_ECHO_REQUEST = 9;
const CODE_IDENTIFICATION = 12;
const CODE_TIME_REMAINING = 13;

/** Bodies of the codes other than Configure-*: data after the 4-byte header, up to `end`. */
function lcpBody(view: ByteView, ctx: DissectContext, code: number, end: number): void {
  const t = ctx.layer;
  let off = 4;
  if (code === CODE_PROTOCOL_REJECT) {
    const proto = view.u16(off);
    if (ctx.building) t.add('lcp.rej_proto', off, 2, proto);
    off += 2;
  } else if (code >= CODE_ECHO_REQUEST && code <= CODE_TIME_REMAINING) {
    const magic = view.u32(off);
    if (ctx.building) t.add('lcp.magic_number', off, 4, magic);
    off += 4;
    if (code === CODE_TIME_REMAINING) {
      const secs = view.u32(off);
      if (ctx.building) t.add('lcp.secs_remaining', off, 4, secs);
      off += 4;
    }
    if (code >= CODE_IDENTIFICATION && off < end) {
      if (ctx.building) t.add('lcp.message', off, end - off, latin1(view.slice(off, end - off)));
      return;
    }
  }
  if (off < end && ctx.building) t.add('lcp.data', off, end - off, view.slice(off, end - off));
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}
