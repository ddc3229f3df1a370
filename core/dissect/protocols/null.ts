/**
 * BSD loopback encapsulation: LINKTYPE_NULL (0, family in the capturing host's byte order, so either) and
 * LINKTYPE_LOOP (108, family in network order). Wireshark: packet-null.c. Shared `null.family` table is not
 * needed: the family maps straight to IPv4 / IPv6 (the BSDs disagree on AF_INET6: 24, 28, 30).
 */
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';

const FAMILIES: Readonly<Record<number, string>> = { 2: 'IP', 7: 'OSI', 23: 'IPX', 24: 'IPv6', 28: 'IPv6', 30: 'IPv6' };
const IPV6_FAMILIES = new Set([10, 24, 28, 30]);

export const nullLoopback = defineProtocol({
  abbrev: 'null',
  name: 'Null/Loopback',
  short: 'NULL',
  registersIn: [['link', LinkType.NULL], ['link', LinkType.LOOP]],
  fields: {
    'null.family': { name: 'Family', type: 'uint32', strings: FAMILIES },
  },
  dissect(view, ctx) {
    const be = view.u32(0);
    const le = view.u32le(0);
    // A family is small: whichever byte order gives a value < 0x10000 is the host's.
    const family = be < 0x10000 ? be : le;
    if (ctx.building) ctx.layer.add('null.family', 0, 4, family);
    if (family === 2) ctx.handoffTo('ip');
    else if (IPV6_FAMILIES.has(family)) ctx.handoffTo('ipv6');
    else ctx.cols.info = 'Null/Loopback';
    return 4;
  },
});
