/**
 * Raw IP link types: LINKTYPE_RAW (101, IPv4 or IPv6 by the version nibble, shown as a `raw` layer like
 * Wireshark's "Raw packet data"). LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229) go straight to ip / ipv6
 * through the link table, as Wireshark does (no raw layer).
 */
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';

export const raw = defineProtocol({
  abbrev: 'raw',
  name: 'Raw packet data',
  short: 'Raw',
  registersIn: [['link', LinkType.RAW]],
  fields: {},
  dissect(view, ctx) {
    if (view.length === 0) return 0;
    const version = view.u8(0) >> 4;
    if (ctx.building) ctx.layer.text('No link information available', 0, 0);
    if (version === 4) ctx.handoffTo('ip');
    else if (version === 6) ctx.handoffTo('ipv6');
    else ctx.cols.info = 'Raw packet data';
    ctx.acceptEmpty(); // no link header: a layer of zero bytes
    return 0;
  },
});
