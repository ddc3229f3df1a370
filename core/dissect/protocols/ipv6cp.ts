/**
 * PPP IPv6 Control Protocol (RFC 5072): the control header (ppp-cp.ts) and the Interface-Identifier option.
 * Wireshark: packet-ppp.c. Protocol `PPP IPV6CP`.
 */
import { defineProtocol } from '../protocol';
import { dissectControlProtocol, REST, type ControlProtocol } from './ppp-cp';

const IPV6CP: ControlProtocol = {
  prefix: 'ipv6cp',
  maxCode: 7,
  options: {
    1: { name: 'Interface Identifier', values: [REST('ipv6cp.interface_identifier')] },
  },
};

export const ipv6cp = defineProtocol({
  abbrev: 'ipv6cp',
  name: 'PPP IPv6 Control Protocol',
  short: 'PPP IPV6CP',
  registersIn: [['ppp.protocol', 0x8057]],
  fields: {
    'ipv6cp.opt.type': { name: 'Type', type: 'uint8' },
    'ipv6cp.opt.length': { name: 'Length', type: 'uint8' },
    'ipv6cp.interface_identifier': { name: 'Interface Identifier', type: 'bytes' },
  },
  dissect: (view, ctx) => dissectControlProtocol(view, ctx, IPV6CP),
});
