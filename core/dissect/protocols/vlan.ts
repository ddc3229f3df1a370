/**
 * IEEE 802.1Q VLAN tag (also the old 0x9100 Q-in-Q tags; 802.1ad 0x88a8 is ieee8021ad.ts). A length instead
 * of a type means LLC follows. Wireshark: packet-vlan.c.
 */
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { ETHERTYPE_NAMES } from './ethertype-names';

const PRIORITY_NAMES: Readonly<Record<number, string>> = {
  0: 'Best Effort (default)', 1: 'Background', 2: 'Spare', 3: 'Excellent Effort', 4: 'Controlled Load', 5: 'Video, < 100ms latency and jitter',
  6: 'Voice, < 10ms latency and jitter', 7: 'Network Control',
};

export const vlan = defineProtocol({
  abbrev: 'vlan',
  name: '802.1Q Virtual LAN',
  short: '802.1Q',
  registersIn: [['ethertype', 0x8100], ['ethertype', 0x9100]],
  fields: {
    'vlan.priority': { name: 'Priority', type: 'uint16', mask: 0xe000, strings: PRIORITY_NAMES, offset: 0 },
    'vlan.dei': { name: 'DEI', type: 'bool', mask: 0x1000, bitWidth: 16, tfs: ['Eligible', 'Ineligible'], offset: 0 },
    'vlan.id': { name: 'ID', type: 'uint16', mask: 0x0fff, offset: 0 },
    'vlan.etype': { name: 'Type', type: 'uint16', base: 'hex', strings: ETHERTYPE_NAMES, offset: 2 },
    'vlan.len': { name: 'Length', type: 'uint16', offset: 2 },
    // Added by the driver (dissect.ts addEthTrailer), as eth.padding under the tag.
    'vlan.trailer': { name: 'Trailer', type: 'bytes' },
  },
  dissect(view, ctx) {
    const tci = view.u16(0);
    const type = view.u16(2);
    const pri = tci >> 13;
    const id = tci & 0x0fff;
    ctx.cols.info = `PRI: ${pri}  DEI: ${(tci >> 12) & 1}  ID: ${id}`;
    if (ctx.building) {
      ctx.layer.setLabel(`802.1Q Virtual LAN, PRI: ${pri}, DEI: ${(tci >> 12) & 1}, ID: ${id}`);
      ctx.layer.add('vlan.priority', 0, 2, pri, undefined, tci);
      ctx.layer.add('vlan.dei', 0, 2, (tci & 0x1000) !== 0, undefined, tci);
      ctx.layer.add('vlan.id', 0, 2, id, undefined, tci);
      ctx.layer.add(type <= 1500 ? 'vlan.len' : 'vlan.etype', 2, 2, type);
    }
    if (type <= 1500) {
      ctx.cols.protocol = 'LLC';
      if (type > view.reportedLength - 4) ctx.expert('error', 'Length field value goes past the end of the payload', 2, 2);
      else ctx.setPayloadLength(type);
      ctx.handoffTo('llc');
      return 4;
    }
    if (!ctx.handoff('ethertype', type)) ctx.cols.protocol = hex(type, 4);
    return 4;
  },
});
