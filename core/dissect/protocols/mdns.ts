/**
 * Multicast DNS (RFC 6762) on UDP port 5353. Wireshark's `mdns` protocol shows the dns.* fields, with the
 * class's top bit as "QU" question / cache flush; see dns-message.ts.
 */
import { defineProtocol } from '../protocol';
import { dissectDnsMessage } from './dns-message';

export const mdns = defineProtocol({
  abbrev: 'mdns',
  name: 'Multicast Domain Name System',
  short: 'MDNS',
  registersIn: [['udp.port', 5353]],
  fields: {},
  dissect: (view, ctx) => dissectDnsMessage(view, ctx, 'mdns'),
});
