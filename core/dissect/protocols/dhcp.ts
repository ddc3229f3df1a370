/**
 * DHCP and BOOTP (RFC 2131, RFC 951) on UDP ports 67/68. Wireshark 4.0: packet-dhcp.c, abbreviation
 * `dhcp`. The fixed BOOTP header is here; the options after the magic cookie are dhcp-options.ts. Without
 * a DHCP Message Type option the packet is plain BOOTP, as Wireshark's Protocol column says.
 */
import type { Item } from '../context';
import { formatEther, hex } from '../format';
import { defineProtocol } from '../protocol';
import { DHCP_MESSAGE_TYPES, DHCP_OPTION_FIELDS, dissectDhcpOptions } from './dhcp-options';

const MAGIC = 0x63825363;
const HEADER = 236;
const VENDOR_AREA = 64;
const HW_TYPES: Readonly<Record<number, string>> = { 1: 'Ethernet', 6: 'IEEE 802 Networks', 32: 'InfiniBand' };

const ipv4 = (name: string, offset: number) => ({ name, type: 'ipv4', offset }) as const;

export const dhcp = defineProtocol({
  abbrev: 'dhcp',
  name: 'Dynamic Host Configuration Protocol',
  short: 'DHCP',
  registersIn: [
    ['udp.port', 67],
    ['udp.port', 68],
  ],
  fields: {
    'dhcp.type': { name: 'Message type', type: 'uint8', strings: { 1: 'Boot Request', 2: 'Boot Reply' }, offset: 0 },
    'dhcp.hw.type': { name: 'Hardware type', type: 'uint8', base: 'hex', strings: HW_TYPES, offset: 1 },
    'dhcp.hw.len': { name: 'Hardware address length', type: 'uint8', offset: 2 },
    'dhcp.hops': { name: 'Hops', type: 'uint8', offset: 3 },
    'dhcp.id': { name: 'Transaction ID', type: 'uint32', base: 'hex', offset: 4 },
    'dhcp.secs': { name: 'Seconds elapsed', type: 'uint16', offset: 8 },
    'dhcp.flags': { name: 'Bootp flags', type: 'uint16', base: 'hex', offset: 10 },
    'dhcp.flags.bc': { name: 'Broadcast flag', type: 'bool', mask: 0x8000, bitWidth: 16, tfs: ['Broadcast', 'Unicast'], offset: 10 },
    'dhcp.flags.reserved': { name: 'Reserved flags', type: 'uint16', base: 'hex', mask: 0x7fff, offset: 10 },
    'dhcp.ip.client': ipv4('Client IP address', 12),
    'dhcp.ip.your': ipv4('Your (client) IP address', 16),
    'dhcp.ip.server': ipv4('Next server IP address', 20),
    'dhcp.ip.relay': ipv4('Relay agent IP address', 24),
    'dhcp.hw.mac_addr': { name: 'Client MAC address', type: 'ether', offset: 28 },
    'dhcp.hw.addr': { name: 'Client hardware address', type: 'bytes', offset: 28 },
    'dhcp.hw.addr_padding': { name: 'Client hardware address padding', type: 'bytes' },
    'dhcp.server': { name: 'Server host name', type: 'string', offset: 44 },
    'dhcp.file': { name: 'Boot file name', type: 'string', offset: 108 },
    'dhcp.cookie': { name: 'Magic cookie', type: 'ipv4', offset: 236 },
    'dhcp.vendor_specific_options': { name: 'Bootp vendor specific options', type: 'bytes', offset: 236 },
    ...DHCP_OPTION_FIELDS,
  },
  dissect(view, ctx) {
    const op = view.u8(0);
    // BOOTP until a DHCP Message Type option says otherwise; set first, so a packet cut short keeps them.
    ctx.cols.protocol = 'BOOTP';
    ctx.cols.info = op === 1 ? `Boot Request from ${formatEther(view.slice(28, 6), 0)}` : op === 2 ? 'Boot Reply' : `Unknown BOOTP message type (${op})`;
    view.check(0, HEADER);
    const htype = view.u8(1);
    const hlen = view.u8(2);
    const xid = view.u32(4);
    const flags = view.u16(10);
    const t = ctx.layer;
    if (ctx.building) {
      t.add('dhcp.type', 0, 1, op);
      t.add('dhcp.hw.type', 1, 1, htype);
      t.add('dhcp.hw.len', 2, 1, hlen);
      t.add('dhcp.hops', 3, 1, view.u8(3));
      t.add('dhcp.id', 4, 4, xid);
      t.add('dhcp.secs', 8, 2, view.u16(8));
      const f = t.add('dhcp.flags', 10, 2, flags, `Bootp flags: ${hex(flags, 4)} (${(flags & 0x8000) !== 0 ? 'Broadcast' : 'Unicast'})`);
      f.add('dhcp.flags.bc', 10, 2, (flags & 0x8000) !== 0, undefined, flags);
      f.add('dhcp.flags.reserved', 10, 2, flags & 0x7fff, undefined, flags);
      t.add('dhcp.ip.client', 12, 4, view.slice(12, 4));
      t.add('dhcp.ip.your', 16, 4, view.slice(16, 4));
      t.add('dhcp.ip.server', 20, 4, view.slice(20, 4));
      t.add('dhcp.ip.relay', 24, 4, view.slice(24, 4));
      if (htype === 1 && hlen === 6) {
        t.add('dhcp.hw.mac_addr', 28, 6, view.slice(28, 6));
        t.add('dhcp.hw.addr_padding', 34, 10, view.slice(34, 10));
      } else if (hlen > 0 && hlen <= 16) {
        t.add('dhcp.hw.addr', 28, hlen, view.slice(28, hlen));
        if (hlen < 16) t.add('dhcp.hw.addr_padding', 28 + hlen, 16 - hlen, view.slice(28 + hlen, 16 - hlen));
      }
      addName(t, 'dhcp.server', 44, 64, view.slice(44, 64), 'Server host name not given');
      addName(t, 'dhcp.file', 108, 128, view.slice(108, 128), 'Boot file name not given');
    }
    let messageType = -1;
    let end = HEADER;
    if (view.has(HEADER, 4) && view.u32(HEADER) === MAGIC) {
      if (ctx.building) t.add('dhcp.cookie', HEADER, 4, view.slice(HEADER, 4), 'Magic cookie: DHCP');
      ({ messageType, end } = dissectDhcpOptions(view, ctx, HEADER + 4, t));
    } else {
      // No magic cookie: RFC 951's 64-byte vendor area, as Wireshark reads it (short is malformed).
      const vendor = view.slice(HEADER, VENDOR_AREA);
      if (ctx.building) t.add('dhcp.vendor_specific_options', HEADER, VENDOR_AREA, vendor);
      end = HEADER + VENDOR_AREA;
    }
    if (ctx.building && end < view.length) t.add('dhcp.option.padding', end, view.length - end, view.slice(end, view.length - end));
    if (messageType >= 0) {
      const name = DHCP_MESSAGE_TYPES[messageType] ?? `Unknown Message Type (0x${messageType.toString(16).padStart(2, '0')})`;
      ctx.cols.protocol = 'DHCP';
      ctx.cols.info = `DHCP ${name.padEnd(8)} - Transaction ID 0x${xid.toString(16)}`;
      if (ctx.building) t.setLabel(`Dynamic Host Configuration Protocol (${name})`);
    } else if (ctx.building) {
      t.setLabel(`Bootstrap Protocol (${op === 1 ? 'Request' : op === 2 ? 'Reply' : 'Unknown'})`);
    }
    return view.length;
  },
});

/** The server and file name fields: a NUL-terminated string, or a line saying it is not given. */
function addName(t: Item, field: string, rel: number, len: number, bytes: Uint8Array, empty: string): void {
  if (bytes[0] === 0) {
    t.text(empty, rel, len);
    return;
  }
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  t.add(field, rel, len, String.fromCharCode(...bytes.subarray(0, end)));
}
