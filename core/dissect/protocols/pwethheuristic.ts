/**
 * Wireshark's "Ethernet PW (CW heuristic)" (packet-pw-eth.c): what MPLS hands a payload starting with nibble 0
 * to. It owns no bytes and passes the payload on; as tshark 4.0 does on the corpus, it decides for Ethernet
 * without a control word (pwethnocw). A control word (pwethcw) is not recognised here.
 */
import { defineProtocol } from '../protocol';

export const pwethheuristic = defineProtocol({
  abbrev: 'pwethheuristic',
  name: 'Ethernet PW (CW heuristic)',
  short: 'Ethernet PW (CW heuristic)',
  keepsProtocolColumn: true,
  fields: {},
  dissect(_view, ctx) {
    ctx.handoffTo('pwethnocw');
    ctx.acceptEmpty(); // a layer of zero bytes, as frame.protocols lists it
    return 0;
  },
});
