/**
 * PPP-over-Ethernet (RFC 2516): the 6-byte header that Discovery (pppoed.ts, EtherType 0x8863) and Session
 * (pppoes.ts, 0x8864) share. Wireshark registers the header's fields under a `pppoe` protocol that never
 * appears as a layer of its own; so does this value (it is in no dispatch table). Wireshark: packet-pppoe.c.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { defineProtocol } from '../protocol';

export const PPPOE_CODES: Readonly<Record<number, string>> = {
  0x00: 'Session Data', 0x07: 'Active Discovery Offer (PADO)', 0x09: 'Active Discovery Initiation (PADI)',
  0x0a: 'Active Discovery Session-Grant (PADG)', 0x0b: 'Active Discovery Session-Credit Resp.(PADC)', 0x0c: 'Active Discovery Quality (PADQ)',
  0x19: 'Active Discovery Request (PADR)', 0x65: 'Active Discovery Session-confirmation (PADS)', 0xa7: 'Active Discovery Terminate (PADT)',
  0xd3: 'Active Discovery Message (PADM)', 0xd4: 'Active Discovery Network (PADN)',
};

export const PPPOE_HEADER = 6;

export const pppoe = defineProtocol({
  abbrev: 'pppoe',
  name: 'PPP-over-Ethernet',
  short: 'PPPoE',
  fields: {
    'pppoe.version': { name: 'Version', type: 'uint8', mask: 0xf0, offset: 0 },
    'pppoe.type': { name: 'Type', type: 'uint8', mask: 0x0f, offset: 0 },
    'pppoe.code': { name: 'Code', type: 'uint8', base: 'hex', strings: PPPOE_CODES, offset: 1 },
    'pppoe.session_id': { name: 'Session ID', type: 'uint16', base: 'hex', offset: 2 },
    'pppoe.payload_length': { name: 'Payload Length', type: 'uint16', offset: 4 },
  },
  // Never dispatched to: Discovery and Session are the layers (pppoed, pppoes).
  dissect: () => 0,
});

export interface PppoeHeader {
  code: number;
  payloadLength: number;
}

/**
 * The shared header into the current layer. A payload length beyond the bytes that follow is Wireshark's
 * "Possible bad payload length" warning; the payload is then what the frame holds.
 */
export function dissectPppoeHeader(view: ByteView, ctx: DissectContext): PppoeHeader {
  const vt = view.u8(0);
  const code = view.u8(1);
  const session = view.u16(2);
  const payloadLength = view.u16(4);
  if (ctx.building) {
    const t = ctx.layer;
    t.add('pppoe.version', 0, 1, vt >> 4, undefined, vt);
    t.add('pppoe.type', 0, 1, vt & 0x0f, undefined, vt);
    t.add('pppoe.code', 1, 1, code);
    t.add('pppoe.session_id', 2, 2, session);
    t.add('pppoe.payload_length', 4, 2, payloadLength);
  }
  const available = view.reportedLength - PPPOE_HEADER;
  if (payloadLength > available) {
    ctx.expert('warn', `Possible bad payload length ${payloadLength} != ${available}`, 4, 2);
    return { code, payloadLength: available };
  }
  return { code, payloadLength };
}
