/**
 * Solaris IPNET (LINKTYPE_IPNET 226): a 24-byte header (version, address family, hook, data length, interface
 * and group interface index, source and destination zone), then IPv4 or IPv6 by the family (Solaris AF_INET 2,
 * AF_INET6 26). Wireshark: packet-ipnet.c.
 */
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';

const FAMILIES: Readonly<Record<number, string>> = { 2: 'Solaris AF_INET', 26: 'Solaris AF_INET6' };
const HOOKS: Readonly<Record<number, string>> = { 0: 'Inbound', 1: 'Outbound', 2: 'Local' };
const FAMILY_PROTOCOLS: Readonly<Record<number, string>> = { 2: 'ip', 26: 'ipv6' };
const HEADER = 24;

export const ipnet = defineProtocol({
  abbrev: 'ipnet',
  name: 'Solaris IPNET',
  short: 'IPNET',
  registersIn: [['link', LinkType.IPNET]],
  fields: {
    'ipnet.version': { name: 'Header version', type: 'uint8', offset: 0 },
    'ipnet.family': { name: 'Address family', type: 'uint8', strings: FAMILIES, offset: 1 },
    'ipnet.htype': { name: 'Hook type', type: 'uint16', strings: HOOKS, offset: 2 },
    'ipnet.pktlen': { name: 'Data length', type: 'uint32', offset: 4 },
    'ipnet.ifindex': { name: 'Interface index', type: 'uint32', offset: 8 },
    'ipnet.grifindex': { name: 'Group interface index', type: 'uint32', offset: 12 },
    'ipnet.zsrc': { name: 'Source Zone ID', type: 'uint32', offset: 16 },
    'ipnet.zdst': { name: 'Destination Zone ID', type: 'uint32', offset: 20 },
  },
  dissect(view, ctx) {
    view.check(0, HEADER);
    const family = view.u8(1);
    if (ctx.building) {
      const t = ctx.layer;
      t.add('ipnet.version', 0, 1, view.u8(0));
      t.add('ipnet.family', 1, 1, family);
      t.add('ipnet.htype', 2, 2, view.u16(2));
      t.add('ipnet.pktlen', 4, 4, view.u32(4));
      t.add('ipnet.ifindex', 8, 4, view.u32(8));
      t.add('ipnet.grifindex', 12, 4, view.u32(12));
      t.add('ipnet.zsrc', 16, 4, view.u32(16));
      t.add('ipnet.zdst', 20, 4, view.u32(20));
    }
    const next = FAMILY_PROTOCOLS[family];
    if (next !== undefined) ctx.handoffTo(next);
    else ctx.cols.info = 'Solaris IPNET';
    return HEADER;
  },
});
