/**
 * Generic Network Virtualization Encapsulation (RFC 8926). Wireshark: packet-geneve.c. UDP port 6081; the
 * header, its options (class, type, length and data), then the protocol its EtherType names (0x6558:
 * Ethernet, IPv4, IPv6, ARP …).
 */
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { ETHERTYPE_NAMES } from './ethertype-names';
import { handoffByEthertype } from './ethertype-handoff';

const TF = ['True', 'False'] as const;
const CLASSES: Readonly<Record<number, string>> = {
  0x0000: 'Standard', 0x0001: 'Open Virtual Networking (OVN)', 0x0002: 'Linux', 0x0003: 'Open vSwitch (OVS)',
  0x0100: 'Linux', 0x0101: 'Open vSwitch', 0x0102: 'Open Virtual Networking (OVN)', 0x0103: 'In-band Network Telemetry (INT)',
  0x0104: 'VMware, Inc.', 0x0105: 'Amazon.com, Inc.', 0x0106: 'Cisco Systems, Inc.', 0x0107: 'Oracle Corporation',
  0x0130: 'Google LLC',
};

export const geneve = defineProtocol({
  abbrev: 'geneve',
  name: 'Generic Network Virtualization Encapsulation',
  short: 'Geneve',
  registersIn: [['udp.port', 6081]],
  fields: {
    'geneve.version': { name: 'Version', type: 'uint8', offset: 0 },
    'geneve.flags': { name: 'Flags', type: 'uint8', base: 'hex', offset: 1 },
    'geneve.flags.oam': { name: 'Operations, Administration and Management Frame', type: 'bool', mask: 0x80, tfs: TF, offset: 1 },
    'geneve.flags.critical': { name: 'Critical Options Present', type: 'bool', mask: 0x40, tfs: TF, offset: 1 },
    'geneve.flags.reserved': { name: 'Reserved', type: 'bool', mask: 0x3f, tfs: TF, offset: 1 },
    'geneve.proto_type': { name: 'Protocol Type', type: 'uint16', base: 'hex', strings: ETHERTYPE_NAMES, offset: 2 },
    'geneve.vni': { name: 'Virtual Network Identifier (VNI)', type: 'uint24', base: 'hex_dec', offset: 4 },
    'geneve.reserved': { name: 'Reserved', type: 'uint8', base: 'hex', offset: 7 },
    'geneve.options': { name: 'Geneve Options', type: 'bytes' },
    'geneve.option.class': { name: 'Class', type: 'uint16', base: 'hex', strings: CLASSES },
    'geneve.option.type': { name: 'Type', type: 'uint8', base: 'hex' },
    'geneve.option.type.critical': { name: 'Critical Option', type: 'bool', mask: 0x80, tfs: TF },
    'geneve.option.flags': { name: 'Flags', type: 'uint8', base: 'hex' },
    'geneve.option.length': { name: 'Length', type: 'uint8', unit: ' bytes' },
    'geneve.option.unknown.data': { name: 'Unknown Option Data', type: 'bytes' },
  },
  dissect(view, ctx) {
    const b0 = view.u8(0);
    const version = b0 >> 6;
    const optLen = (b0 & 0x3f) * 4;
    const flags = view.u8(1);
    const type = view.u16(2);
    const vni = view.u24(4);
    const t = ctx.layer;
    ctx.cols.info = `Encapsulated ${ETHERTYPE_NAMES[type] ?? hex(type, 4)}`;
    if (ctx.building) {
      t.setLabel(`Generic Network Virtualization Encapsulation, VNI: ${hex(vni, 6)}`);
      t.add('geneve.version', 0, 1, version);
      // Wireshark shows the options' total length under the option length field's name.
      t.add('geneve.option.length', 0, 1, optLen);
      const f = t.add('geneve.flags', 1, 1, flags);
      f.add('geneve.flags.oam', 1, 1, (flags & 0x80) !== 0, undefined, flags);
      f.add('geneve.flags.critical', 1, 1, (flags & 0x40) !== 0, undefined, flags);
      f.add('geneve.flags.reserved', 1, 1, (flags & 0x3f) !== 0, undefined, flags);
      t.add('geneve.proto_type', 2, 2, type);
      t.add('geneve.vni', 4, 3, vni);
      t.add('geneve.reserved', 7, 1, view.u8(7));
    }
    if (version !== 0) {
      ctx.expert('warn', `Unknown version ${version}`, 0, 1);
      return 8;
    }
    view.check(8, optLen);
    if (ctx.building && optLen > 0) {
      const opts = t.text(`Options: (${optLen} bytes)`, 8, optLen);
      let at = 8;
      while (at + 4 <= 8 + optLen) {
        const cls = view.u16(at);
        const otype = view.u8(at + 2);
        const olen = 4 + (view.u8(at + 3) & 0x1f) * 4;
        if (at + olen > 8 + optLen) {
          ctx.expert('warn', 'Invalid length for option', at + 3, 1);
          break;
        }
        const crit = otype & 0x80 ? 'Critical' : 'Non-critical';
        const o = opts.text(`Unknown, Class: ${CLASSES[cls] ?? 'Unknown'} (${hex(cls, 4)}) Type: ${hex(otype, 2)} (${crit})`, at, olen);
        o.add('geneve.option.class', at, 2, cls);
        o.add('geneve.option.type', at + 2, 1, otype, `Type: ${hex(otype, 2)} (${crit})`);
        o.add('geneve.option.length', at + 3, 1, olen);
        if (olen > 4) o.add('geneve.option.unknown.data', at + 4, olen - 4, view.slice(at + 4, olen - 4));
        at += olen;
      }
    }
    handoffByEthertype(ctx, type);
    return 8 + optLen;
  },
});
