/** IPv6 Destination Options header (RFC 8200 §4.6). Wireshark: packet-ipv6.c (`ipv6.dstopts`). */
import { defineProtocol } from '../protocol';
import { IP_PROTO_NAMES } from './ip-proto-names';
import { addExtHeader, nextHeader } from './ipv6-ext';
import { addIpv6Options, applyHomeAddress } from './ipv6-options';

export const ipv6Dstopts = defineProtocol({
  abbrev: 'ipv6.dstopts',
  name: 'Destination Options for IPv6',
  short: 'IPv6',
  registersIn: [['ip.proto', 60]],
  fields: {
    'ipv6.dstopts.nxt': { name: 'Next Header', type: 'uint8', strings: IP_PROTO_NAMES, offset: 0 },
    'ipv6.dstopts.len': { name: 'Length', type: 'uint8', offset: 1 },
    'ipv6.dstopts.len_oct': { name: 'Length', type: 'uint16', unit: ' bytes' },
  },
  dissect(view, ctx) {
    const len = addExtHeader(view, ctx, 'ipv6.dstopts');
    if (ctx.building) addIpv6Options(view, ctx, 2, len);
    applyHomeAddress(view, ctx, 2, len);
    nextHeader(ctx, len, view.u8(0));
    return len;
  },
});
