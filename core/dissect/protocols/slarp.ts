/**
 * Cisco SLARP (Serial Line ARP, Cisco HDLC protocol 0x8035): address request / reply and line keepalives.
 * Wireshark: packet-slarp.c. A keepalive's reliability must be 0xffff (an error item otherwise).
 */
import { formatIpv4 } from '../format';
import { defineProtocol } from '../protocol';

const PACKET_TYPES: Readonly<Record<number, string>> = { 0: 'Request', 1: 'Reply', 2: 'Line keepalive' };
const KEEPALIVE = 2;
const RELIABILITY_OK = 0xffff;

export const slarp = defineProtocol({
  abbrev: 'slarp',
  name: 'Cisco SLARP',
  short: 'SLARP',
  registersIn: [['chdlc.protocol', 0x8035]],
  fields: {
    'slarp.ptype': { name: 'Packet type', type: 'uint32', strings: PACKET_TYPES, offset: 0 },
    'slarp.address': { name: 'Address', type: 'ipv4', offset: 4 },
    'slarp.netmask': { name: 'Netmask', type: 'ipv4', offset: 8 },
    'slarp.mysequence': { name: 'Outgoing sequence number', type: 'uint32', offset: 4 },
    'slarp.yoursequence': { name: 'Returned sequence number', type: 'uint32', offset: 8 },
    'slarp.reliability': { name: 'Reliability', type: 'uint16', base: 'hex', offset: 12 },
  },
  dissect(view, ctx) {
    const ptype = view.u32(0);
    const t = ctx.layer;
    if (ctx.building) t.add('slarp.ptype', 0, 4, ptype);
    if (ptype === KEEPALIVE) {
      const mine = view.u32(4);
      const yours = view.u32(8);
      ctx.cols.info = `Line keepalive, outgoing sequence ${mine}, returned sequence ${yours}`;
      const reliability = view.u16(12);
      if (ctx.building) {
        t.add('slarp.mysequence', 4, 4, mine);
        t.add('slarp.yoursequence', 8, 4, yours);
        t.add('slarp.reliability', 12, 2, reliability);
      }
      if (reliability !== RELIABILITY_OK) ctx.expert('error', 'Reliability must be 0xFFFF', 12, 2);
      ctx.setPayloadLength(0); // Wireshark shows no data after a keepalive (Cisco pads the frame)
      return 14;
    }
    if (ptype === 0 || ptype === 1) {
      const address = formatIpv4(view.slice(4, 4), 0);
      const mask = formatIpv4(view.slice(8, 4), 0);
      ctx.cols.info = `${PACKET_TYPES[ptype]}, from ${address}, mask ${mask}`;
      if (ctx.building) {
        t.add('slarp.address', 4, 4, view.slice(4, 4));
        t.add('slarp.netmask', 8, 4, view.slice(8, 4));
      }
      return 12;
    }
    ctx.cols.info = `Unknown packet type 0x${ptype.toString(16).padStart(8, '0')}`;
    return 4;
  },
});
