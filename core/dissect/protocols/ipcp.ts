/**
 * PPP IP Control Protocol (RFC 1332, 1877): the control header (ppp-cp.ts) and its options: IP address,
 * compression protocol, and the DNS / NBNS server addresses. Wireshark: packet-ppp.c. Protocol `PPP IPCP`.
 */
import { defineProtocol } from '../protocol';
import { dissectControlProtocol, IPV4, REST, U16, type ControlProtocol } from './ppp-cp';
import { PPP_PROTOCOL_NAMES } from './ppp-names';

const IPCP: ControlProtocol = {
  prefix: 'ipcp',
  unknownData: 'ipcp.data',
  maxCode: 7,
  options: {
    1: { name: 'IP Addresses', values: [IPV4('ipcp.opt.src_address'), IPV4('ipcp.opt.dst_address')] },
    2: { name: 'IP Compression Protocol', values: [U16('ipcp.opt.compress_proto'), REST('ipcp.data')] },
    3: { name: 'IP Address', values: [IPV4('ipcp.opt.ip_address')] },
    4: { name: 'Mobile Node Home Address', values: [IPV4('ipcp.opt.mobilenodehomeaddress')] },
    129: { name: 'Primary DNS Server IP Address', values: [IPV4('ipcp.opt.pri_dns_address')] },
    130: { name: 'Primary NBNS Server IP Address', values: [IPV4('ipcp.opt.pri_nbns_address')] },
    131: { name: 'Secondary DNS Server IP Address', values: [IPV4('ipcp.opt.sec_dns_address')] },
    132: { name: 'Secondary NBNS Server IP Address', values: [IPV4('ipcp.opt.sec_nbns_address')] },
  },
};

export const ipcp = defineProtocol({
  abbrev: 'ipcp',
  name: 'PPP IP Control Protocol',
  short: 'PPP IPCP',
  registersIn: [['ppp.protocol', 0x8021]],
  fields: {
    'ipcp.opt.type': { name: 'Type', type: 'uint8' },
    'ipcp.opt.length': { name: 'Length', type: 'uint8' },
    'ipcp.opt.src_address': { name: 'Source IP Address', type: 'ipv4' },
    'ipcp.opt.dst_address': { name: 'Destination IP Address', type: 'ipv4' },
    'ipcp.opt.compress_proto': { name: 'IP Compression Protocol', type: 'uint16', base: 'hex', strings: PPP_PROTOCOL_NAMES },
    'ipcp.opt.ip_address': { name: 'IP Address', type: 'ipv4' },
    'ipcp.opt.mobilenodehomeaddress': { name: "Mobile Node's Home Address", type: 'ipv4' },
    'ipcp.opt.pri_dns_address': { name: 'Primary DNS Address', type: 'ipv4' },
    'ipcp.opt.pri_nbns_address': { name: 'Primary NBNS Address', type: 'ipv4' },
    'ipcp.opt.sec_dns_address': { name: 'Secondary DNS Address', type: 'ipv4' },
    'ipcp.opt.sec_nbns_address': { name: 'Secondary NBNS Address', type: 'ipv4' },
    'ipcp.data': { name: 'Data', type: 'bytes' },
  },
  dissect: (view, ctx) => dissectControlProtocol(view, ctx, IPCP),
});
