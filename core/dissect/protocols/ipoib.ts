/**
 * IP over InfiniBand (LINKTYPE_IPOIB 242), as Wireshark 4.0 reads Linux's 44-byte pseudo-header: a 40-byte
 * global route header (or, when its first two bytes are zero, only the 20-byte destination address at 20),
 * then an EtherType and 2 reserved bytes. IPv4, IPv6 and ARP follow. Wireshark: packet-ipoib.c.
 */
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';
import { ETHERTYPE_NAMES } from './ethertype-names';

const GRH = 40;
const HEADER = GRH + 4;
const NEXT: Readonly<Record<number, string>> = { 0x0800: 'ip', 0x86dd: 'ipv6', 0x0806: 'arp', 0x8035: 'arp' };

export const ipoib = defineProtocol({
  abbrev: 'ipoib',
  name: 'IP over Infiniband',
  short: 'IPoIB',
  registersIn: [['link', LinkType.IPOIB]],
  fields: {
    'ipoib.daddr': { name: 'Destination address', type: 'none' },
    'ipoib.daddr.qpn': { name: 'Destination QPN', type: 'uint24', base: 'hex', offset: 21 },
    'ipoib.dgid': { name: 'Destination GID', type: 'ipv6', offset: 24 },
    'ipoib.grh': { name: 'Global Route Header', type: 'none' },
    'ipoib.grh.ipver': { name: 'IP Version', type: 'uint8', mask: 0xf0, offset: 0 },
    'ipoib.grh.tclass': { name: 'Traffic Class', type: 'uint16', mask: 0x0ff0, offset: 0 },
    'ipoib.grh.flowlabel': { name: 'Flow Label', type: 'uint32', mask: 0x000fffff, offset: 0 },
    'ipoib.grh.sqpn': { name: 'Source QPN', type: 'uint24', base: 'hex', offset: 5 },
    'ipoib.grh.sgid': { name: 'Source GID', type: 'ipv6', offset: 8 },
    'ipoib.type': { name: 'Type', type: 'uint16', base: 'hex', strings: ETHERTYPE_NAMES, offset: 40 },
    'ipoib.reserved': { name: 'Reserved', type: 'uint16', base: 'hex', offset: 42 },
  },
  dissect(view, ctx) {
    view.check(0, HEADER);
    const type = view.u16(GRH);
    ctx.cols.info = 'IP over Infiniband';
    if (ctx.building) {
      const t = ctx.layer;
      if (view.u16(0) === 0) {
        // No valid GRH (unicast): only the destination address is set.
        const d = t.add('ipoib.daddr', 20, 20, '');
        d.add('ipoib.daddr.qpn', 21, 3, view.u24(21));
        d.add('ipoib.dgid', 24, 16, view.slice(24, 16));
      } else {
        const g = t.add('ipoib.grh', 0, GRH, '');
        g.add('ipoib.grh.ipver', 0, 1, view.u8(0) >> 4, undefined, view.u8(0));
        g.add('ipoib.grh.tclass', 0, 2, (view.u16(0) >> 4) & 0xff, undefined, view.u16(0));
        g.add('ipoib.grh.flowlabel', 0, 4, view.u32(0) & 0xfffff, undefined, view.u32(0));
        g.add('ipoib.grh.sqpn', 5, 3, view.u24(5));
        g.add('ipoib.grh.sgid', 8, 16, view.slice(8, 16));
        g.add('ipoib.dgid', 24, 16, view.slice(24, 16));
      }
      t.add('ipoib.type', GRH, 2, type);
      t.add('ipoib.reserved', GRH + 2, 2, view.u16(GRH + 2));
    }
    const next = NEXT[type];
    if (next !== undefined) ctx.handoffTo(next);
    return HEADER;
  },
});
