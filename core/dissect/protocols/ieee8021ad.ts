/**
 * IEEE 802.1ad provider bridging (Q-in-Q) S-tag, EtherType 0x88a8: priority, drop eligibility and the
 * service VLAN ID, then the inner EtherType. Wireshark: packet-ieee8021ah.c (`ieee8021ad`). The inner
 * type is shown as a text line: Wireshark files it under `ieee8021ah.etype`, a protocol not dissected here.
 */
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { ETHERTYPE_NAMES } from './ethertype-names';

export const ieee8021ad = defineProtocol({
  abbrev: 'ieee8021ad',
  name: 'IEEE 802.1ad',
  short: '802.1ad',
  registersIn: [['ethertype', 0x88a8]],
  fields: {
    'ieee8021ad.priority': { name: 'Priority', type: 'uint16', mask: 0xe000, offset: 0 },
    'ieee8021ad.dei': { name: 'DEI', type: 'uint16', mask: 0x1000, offset: 0 },
    'ieee8021ad.id': { name: 'ID', type: 'uint16', mask: 0x0fff, offset: 0 },
  },
  dissect(view, ctx) {
    const tci = view.u16(0);
    const type = view.u16(2);
    const pri = tci >> 13;
    const dei = (tci >> 12) & 1;
    const id = tci & 0x0fff;
    ctx.cols.info = `PRI: ${pri}  DROP: ${dei} ID: ${id}`;
    if (ctx.building) {
      const t = ctx.layer;
      t.setLabel(`IEEE 802.1ad, ID: ${id}`);
      t.add('ieee8021ad.priority', 0, 2, pri, undefined, tci);
      t.add('ieee8021ad.dei', 0, 2, dei, undefined, tci);
      t.add('ieee8021ad.id', 0, 2, id, undefined, tci);
      t.text(`Type: ${ETHERTYPE_NAMES[type] ?? 'Unknown'} (${hex(type, 4)})`, 2, 2);
    }
    if (!ctx.handoff('ethertype', type)) ctx.cols.protocol = hex(type, 4);
    return 4;
  },
});
