/**
 * Ethernet II (and the IEEE 802.3 length-field form, whose payload is LLC). Wireshark: packet-eth.c.
 * Dispatches on the `ethertype` table, which vlan and sll share.
 */
import { formatEther, hex } from '../format';
import { defineProtocol } from '../protocol';
import type { Item } from '../context';
import { LinkType } from '../link-types';
import { ETHERTYPE_NAMES } from './ethertype-names';

const LG = ['Locally administered address (this is NOT the factory default)', 'Globally unique address (factory default)'] as const;
const IG = ['Group address (multicast/broadcast)', 'Individual address (unicast)'] as const;

export const eth = defineProtocol({
  abbrev: 'eth',
  name: 'Ethernet II',
  short: 'ETHER',
  registersIn: [['link', LinkType.ETHERNET]],
  ownsTables: ['ethertype'],
  fields: {
    'eth.dst': { name: 'Destination', type: 'ether', offset: 0 },
    'eth.src': { name: 'Source', type: 'ether', offset: 6 },
    'eth.addr': { name: 'Address', type: 'ether' },
    'eth.dst.lg': { name: 'LG bit', type: 'bool', mask: 0x020000, bitWidth: 24, tfs: LG, offset: 0 },
    'eth.dst.ig': { name: 'IG bit', type: 'bool', mask: 0x010000, bitWidth: 24, tfs: IG, offset: 0 },
    'eth.src.lg': { name: 'LG bit', type: 'bool', mask: 0x020000, bitWidth: 24, tfs: LG, offset: 6 },
    'eth.src.ig': { name: 'IG bit', type: 'bool', mask: 0x010000, bitWidth: 24, tfs: IG, offset: 6 },
    'eth.lg': { name: 'LG bit', type: 'bool', mask: 0x020000, bitWidth: 24, tfs: LG },
    'eth.ig': { name: 'IG bit', type: 'bool', mask: 0x010000, bitWidth: 24, tfs: IG },
    'eth.type': { name: 'Type', type: 'uint16', base: 'hex', strings: ETHERTYPE_NAMES, offset: 12 },
    'eth.len': { name: 'Length', type: 'uint16', offset: 12 },
    'eth.padding': { name: 'Padding', type: 'bytes' },
    'eth.trailer': { name: 'Trailer', type: 'bytes' },
  },
  dissect(view, ctx) {
    const typeOrLen = view.u16(12);
    const b = view.bytes;
    const at = view.start;
    ctx.cols.source = formatEther(b, at + 6);
    ctx.cols.destination = formatEther(b, at);
    const is8023 = typeOrLen <= 1500;
    if (ctx.building) {
      const t = ctx.layer;
      const src = formatEther(b, at + 6);
      const dst = formatEther(b, at);
      t.setLabel(`${is8023 ? 'IEEE 802.3 Ethernet' : 'Ethernet II'}, Src: ${src}, Dst: ${dst}`);
      address(t, 'eth.dst', view.slice(0, 6), view.u24(0), 0);
      address(t, 'eth.src', view.slice(6, 6), view.u24(6), 6);
      if (is8023) t.add('eth.len', 12, 2, typeOrLen);
      else t.add('eth.type', 12, 2, typeOrLen);
    }
    if (is8023) {
      // 802.3: the length field bounds the LLC payload. LLC itself is not dissected yet: name it.
      ctx.cols.protocol = 'LLC';
      ctx.cols.info = 'IEEE 802.3 Ethernet (LLC)';
      ctx.setPayloadLength(typeOrLen);
      return 14;
    }
    ctx.cols.info = 'Ethernet II';
    if (!ctx.handoff('ethertype', typeOrLen)) ctx.cols.protocol = hex(typeOrLen, 4);
    return 14;
  },
});

function address(t: Item, field: 'eth.dst' | 'eth.src', mac: Uint8Array, first3: number, rel: number): void {
  const text = formatEther(mac, 0);
  const a = t.add(field, rel, 6, mac);
  a.add('eth.addr', rel, 6, mac, `Address: ${text}`);
  a.add(`${field}.lg`, rel, 3, (first3 & 0x020000) !== 0, undefined, first3);
  a.add(`${field}.ig`, rel, 3, (first3 & 0x010000) !== 0, undefined, first3);
}
