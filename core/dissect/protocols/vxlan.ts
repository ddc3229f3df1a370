/**
 * Virtual eXtensible Local Area Network (RFC 7348, with the Group Based Policy extension's fields).
 * Wireshark: packet-vxlan.c. UDP port 4789; the payload is an Ethernet frame.
 */
import { defineProtocol } from '../protocol';

const TF = ['True', 'False'] as const;

export const vxlan = defineProtocol({
  abbrev: 'vxlan',
  name: 'Virtual eXtensible Local Area Network',
  short: 'VXLAN',
  registersIn: [['udp.port', 4789]],
  fields: {
    'vxlan.flags': { name: 'Flags', type: 'uint16', base: 'hex', offset: 0 },
    'vxlan.flag_g': { name: 'GBP Extension', type: 'bool', mask: 0x8000, bitWidth: 16, tfs: ['Defined', 'Not defined'], offset: 0 },
    'vxlan.flag_i': { name: 'VXLAN Network ID (VNI)', type: 'bool', mask: 0x0800, bitWidth: 16, tfs: TF, offset: 0 },
    'vxlan.flag_d': { name: "Don't Learn", type: 'bool', mask: 0x0040, bitWidth: 16, tfs: TF, offset: 0 },
    'vxlan.flag_a': { name: 'Policy Applied', type: 'bool', mask: 0x0008, bitWidth: 16, tfs: TF, offset: 0 },
    'vxlan.flags_reserved': { name: 'Reserved(R)', type: 'uint16', base: 'hex', mask: 0x77b7, offset: 0 },
    'vxlan.gbp': { name: 'Group Policy ID', type: 'uint16', offset: 2 },
    'vxlan.vni': { name: 'VXLAN Network Identifier (VNI)', type: 'uint24', offset: 4 },
    'vxlan.reserved8': { name: 'Reserved', type: 'uint8', offset: 7 },
  },
  dissect(view, ctx) {
    view.check(0, 8);
    const flags = view.u16(0);
    const vni = view.u24(4);
    ctx.cols.info = `VNI ${vni}`;
    if (ctx.building) {
      const t = ctx.layer;
      const words = [flags & 0x8000 ? 'GBP Extension' : '', flags & 0x0800 ? 'VXLAN Network ID (VNI)' : '', flags & 0x40 ? "Don't Learn" : '', flags & 0x08 ? 'Policy Applied' : ''].filter(Boolean);
      const f = t.add('vxlan.flags', 0, 2, flags, `Flags: 0x${flags.toString(16).padStart(4, '0')}${words.length ? ', ' + words.join(', ') : ''}`);
      f.add('vxlan.flag_g', 0, 2, (flags & 0x8000) !== 0, undefined, flags);
      f.add('vxlan.flag_i', 0, 2, (flags & 0x0800) !== 0, undefined, flags);
      f.add('vxlan.flag_d', 0, 2, (flags & 0x0040) !== 0, undefined, flags);
      f.add('vxlan.flag_a', 0, 2, (flags & 0x0008) !== 0, undefined, flags);
      f.add('vxlan.flags_reserved', 0, 2, flags & 0x77b7, undefined, flags);
      t.add('vxlan.gbp', 2, 2, view.u16(2));
      t.add('vxlan.vni', 4, 3, vni);
      t.add('vxlan.reserved8', 7, 1, view.u8(7));
    }
    ctx.handoffTo('eth');
    return 8;
  },
});
