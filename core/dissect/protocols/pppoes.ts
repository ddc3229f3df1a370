/**
 * PPPoE Session stage (EtherType 0x8864, and LINKTYPE_PPP_ETHER 51): the PPPoE header, then PPP for the
 * payload length it states (bytes after it are the Ethernet trailer). Wireshark: packet-pppoe.c.
 */
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';
import { dissectPppoeHeader, PPPOE_HEADER } from './pppoe';

export const pppoes = defineProtocol({
  abbrev: 'pppoes',
  name: 'PPP-over-Ethernet Session',
  short: 'PPPoES',
  registersIn: [['ethertype', 0x8864], ['link', LinkType.PPP_ETHER]],
  fields: {},
  dissect(view, ctx) {
    ctx.cols.info = 'PPP-over-Ethernet Session';
    const { payloadLength } = dissectPppoeHeader(view, ctx);
    ctx.setPayloadLength(payloadLength);
    ctx.handoffTo('ppp');
    return PPPOE_HEADER;
  },
});
