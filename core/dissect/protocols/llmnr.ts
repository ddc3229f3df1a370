/**
 * Link-Local Multicast Name Resolution (RFC 4795) on UDP port 5355. Wireshark's `llmnr` protocol shows
 * the dns.* fields, with the conflict and tentative flags; see dns-message.ts.
 */
import { defineProtocol } from '../protocol';
import { dissectDnsMessage } from './dns-message';

export const llmnr = defineProtocol({
  abbrev: 'llmnr',
  name: 'Link-local Multicast Name Resolution',
  short: 'LLMNR',
  registersIn: [['udp.port', 5355]],
  fields: {},
  dissect: (view, ctx) => dissectDnsMessage(view, ctx, 'llmnr'),
});
