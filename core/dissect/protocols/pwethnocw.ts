/** Wireshark's "Ethernet PW (no CW)" (packet-pw-eth.c): an Ethernet frame carried straight in an MPLS pseudowire. */
import { defineProtocol } from '../protocol';

export const pwethnocw = defineProtocol({
  abbrev: 'pwethnocw',
  name: 'Ethernet PW (no CW)',
  short: 'Ethernet PW (no CW)',
  keepsProtocolColumn: true,
  fields: {},
  dissect(_view, ctx) {
    ctx.handoffTo('eth');
    ctx.acceptEmpty(); // a layer of zero bytes, as frame.protocols lists it
    return 0;
  },
});
