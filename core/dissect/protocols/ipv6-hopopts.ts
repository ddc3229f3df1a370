/** IPv6 Hop-by-Hop Options header (RFC 8200 §4.3). Wireshark: packet-ipv6.c (`ipv6.hopopts`). */
import { defineProtocol } from '../protocol';
import { IP_PROTO_NAMES } from './ip-proto-names';
import { addExtHeader, nextHeader } from './ipv6-ext';
import { addIpv6Options } from './ipv6-options';

export const ipv6Hopopts = defineProtocol({
  abbrev: 'ipv6.hopopts',
  name: 'IPv6 Hop-by-Hop Option',
  short: 'IPv6',
  registersIn: [['ip.proto', 0]],
  fields: {
    'ipv6.hopopts.nxt': { name: 'Next Header', type: 'uint8', strings: IP_PROTO_NAMES, offset: 0 },
    'ipv6.hopopts.len': { name: 'Length', type: 'uint8', offset: 1 },
    'ipv6.hopopts.len_oct': { name: 'Length', type: 'uint16', unit: ' bytes' },
  },
  dissect(view, ctx) {
    const len = addExtHeader(view, ctx, 'ipv6.hopopts');
    if (ctx.building) addIpv6Options(view, ctx, 2, len);
    nextHeader(ctx, len, view.u8(0));
    return len;
  },
});
