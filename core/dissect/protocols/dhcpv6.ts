/**
 * DHCPv6 (RFC 8415) on UDP ports 546/547. Wireshark: packet-dhcpv6.c. A client/server message is type and
 * transaction ID, a relay message hop count and link/peer addresses; both carry options (dhcpv6-options.ts),
 * and a Relay Message option nests a whole message. Info: `Solicit XID: 0x28b040 CID: … ` (each part
 * ends in a space, as Wireshark's), a relay's `Relay-forw L: … ` followed by the message it carries.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { formatIpv6, hex } from '../format';
import { defineProtocol } from '../protocol';
import { DHCPV6_MSG_TYPES } from './dhcpv6-names';
import { DHCPV6_OPTION_FIELDS, dissectDhcpv6Options } from './dhcpv6-options';

const RELAY_FORW = 12;
const RELAY_REPL = 13;

/**
 * One message in [from, end) of the layer's view (the whole UDP payload, or a Relay Message option's
 * data). Offsets stay relative to the layer, as tree items need them.
 */
function dissectMessage(view: ByteView, ctx: DissectContext, parent: Item, depth: number, from: number, end: number): void {
  const type = view.u8(from);
  const name = DHCPV6_MSG_TYPES[type] ?? `Unknown (${type})`;
  const b = ctx.building;
  const t = depth === 0 || !b ? parent : parent.text('DHCPv6', from, end - from);
  if (b) t.add('dhcpv6.msgtype', from, 1, type);
  let at: number;
  if (type === RELAY_FORW || type === RELAY_REPL) {
    const link = view.slice(from + 2, 16);
    const peer = view.slice(from + 18, 16);
    ctx.cols.info += `${name} L: ${formatIpv6(link, 0)} `;
    if (b) {
      t.add('dhcpv6.hopcount', from + 1, 1, view.u8(from + 1));
      t.add('dhcpv6.linkaddr', from + 2, 16, link);
      t.add('dhcpv6.peeraddr', from + 18, 16, peer);
    }
    at = from + 34;
  } else {
    const xid = view.u24(from + 1);
    ctx.cols.info += `${name} XID: ${hex(xid, 6)} `;
    if (b) t.add('dhcpv6.xid', from + 1, 3, xid);
    at = from + 4;
  }
  if (at > end) {
    ctx.malformed(`DHCPv6 message of ${end - from} bytes is shorter than its header`);
    return;
  }
  dissectDhcpv6Options(view, ctx, at, end, t, dissectMessage, depth);
}

export const dhcpv6 = defineProtocol({
  abbrev: 'dhcpv6',
  name: 'DHCPv6',
  short: 'DHCPv6',
  registersIn: [
    ['udp.port', 546],
    ['udp.port', 547],
  ],
  fields: {
    'dhcpv6.msgtype': { name: 'Message type', type: 'uint8', strings: DHCPV6_MSG_TYPES, offset: 0 },
    'dhcpv6.hopcount': { name: 'Hopcount', type: 'uint8', offset: 1 },
    'dhcpv6.xid': { name: 'Transaction ID', type: 'uint24', base: 'hex', offset: 1 },
    'dhcpv6.linkaddr': { name: 'Link address', type: 'ipv6', offset: 2 },
    'dhcpv6.peeraddr': { name: 'Peer address', type: 'ipv6', offset: 18 },
    ...DHCPV6_OPTION_FIELDS,
  },
  dissect(view, ctx) {
    ctx.cols.info = '';
    dissectMessage(view, ctx, ctx.layer, 0, 0, view.length);
    return view.length;
  },
});
