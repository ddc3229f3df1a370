/** Address Resolution Protocol (RFC 826) and RARP. Wireshark: packet-arp.c. */
import { formatEther, formatIpv4, hexBytes } from '../format';
import { defineProtocol } from '../protocol';
import { ETHERTYPE_NAMES } from './ethertype-names';

const OPCODES: Readonly<Record<number, string>> = {
  1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply', 8: 'inverse request', 9: 'inverse reply',
};
const HW_TYPES: Readonly<Record<number, string>> = { 1: 'Ethernet', 513: 'Cisco HDLC', 6: 'IEEE 802 Networks', 7: 'ARCNET', 15: 'Frame Relay', 16: 'ATM', 24: 'IEEE 1394.1995', 32: 'InfiniBand' };

export const arp = defineProtocol({
  abbrev: 'arp',
  name: 'Address Resolution Protocol',
  short: 'ARP',
  registersIn: [['ethertype', 0x0806], ['ethertype', 0x8035]],
  fields: {
    'arp.hw.type': { name: 'Hardware type', type: 'uint16', strings: HW_TYPES, offset: 0 },
    'arp.proto.type': { name: 'Protocol type', type: 'uint16', base: 'hex', strings: ETHERTYPE_NAMES, offset: 2 },
    'arp.hw.size': { name: 'Hardware size', type: 'uint8', offset: 4 },
    'arp.proto.size': { name: 'Protocol size', type: 'uint8', offset: 5 },
    'arp.opcode': { name: 'Opcode', type: 'uint16', strings: OPCODES, offset: 6 },
    'arp.src.hw_mac': { name: 'Sender MAC address', type: 'ether', offset: 8 },
    'arp.src.proto_ipv4': { name: 'Sender IP address', type: 'ipv4', offset: 14 },
    'arp.dst.hw_mac': { name: 'Target MAC address', type: 'ether', offset: 18 },
    'arp.dst.proto_ipv4': { name: 'Target IP address', type: 'ipv4', offset: 24 },
    'arp.src.hw': { name: 'Sender hardware address', type: 'bytes' },
    'arp.src.proto': { name: 'Sender protocol address', type: 'bytes' },
    'arp.dst.hw': { name: 'Target hardware address', type: 'bytes' },
    'arp.dst.proto': { name: 'Target protocol address', type: 'bytes' },
    'arp.isgratuitous': { name: 'Is gratuitous', type: 'bool', tfs: ['True', 'False'] },
    'arp.isannouncement': { name: 'Is announcement', type: 'bool', tfs: ['True', 'False'] },
  },
  dissect(view, ctx) {
    const hwType = view.u16(0);
    const protoType = view.u16(2);
    const hs = view.u8(4);
    const ps = view.u8(5);
    const op = view.u16(6);
    const isRarp = op === 3 || op === 4;
    ctx.cols.protocol = isRarp ? 'RARP' : 'ARP';
    ctx.cols.info = ''; // Wireshark clears Info first: a damaged ARP shows only "[Malformed Packet]"
    const t = ctx.layer;
    if (ctx.building) {
      // The fixed header first: a packet cut inside the addresses still shows it, as in Wireshark.
      t.add('arp.hw.type', 0, 2, hwType);
      t.add('arp.proto.type', 2, 2, protoType);
      t.add('arp.hw.size', 4, 1, hs);
      t.add('arp.proto.size', 5, 1, ps);
      t.add('arp.opcode', 6, 2, op);
    }
    const sha = 8;
    const spa = sha + hs;
    const tha = spa + ps;
    const tpa = tha + hs;
    const end = tpa + ps;
    view.check(0, end);
    // Wireshark's ARP_HW_IS_ETHER / ARP_PRO_IS_IPv4: which form of the address fields applies.
    const hwIsEther = (hwType === 1 || hwType === 6) && hs === 6;
    const protoIsIpv4 = (protoType === 0x0800 || protoType === 0xcc) && ps === 4;
    const hw = (at: number) => (hwIsEther ? formatEther(view.bytes, view.start + at) : hexBytes(view.bytes, view.start + at, view.start + at + hs));
    const pa = (at: number) => (protoIsIpv4 ? formatIpv4(view.bytes, view.start + at) : hexBytes(view.bytes, view.start + at, view.start + at + ps));
    const sameProto = ps > 0 && pa(spa) === pa(tpa);
    const gratuitous = (op === 1 || op === 2) && sameProto;
    const announcement = gratuitous && op === 1 && view.slice(tha, hs).every((x) => x === 0);
    switch (op) {
      case 1:
        ctx.cols.info = announcement ? `ARP Announcement for ${pa(spa)}` : gratuitous ? `Gratuitous ARP for ${pa(spa)} (Request)` : `Who has ${pa(tpa)}? Tell ${pa(spa)}`;
        break;
      case 2:
        ctx.cols.info = gratuitous ? `Gratuitous ARP for ${pa(spa)} (Reply)` : `${pa(spa)} is at ${hw(sha)}`;
        break;
      case 3:
        ctx.cols.info = `Who is ${hw(tha)}? Tell ${hw(sha)}`;
        break;
      case 4:
        ctx.cols.info = `${hw(tha)} is at ${pa(tpa)}`;
        break;
      default:
        ctx.cols.info = `Unknown ARP opcode 0x${op.toString(16).padStart(4, '0')}`;
    }
    if (ctx.building) {
      const kind = OPCODES[op] ?? 'unknown';
      const what = announcement ? 'ARP Announcement' : gratuitous ? `${kind}/gratuitous ARP` : kind;
      t.setLabel(`${isRarp ? 'Reverse Address Resolution Protocol' : 'Address Resolution Protocol'} (${what})`);
      if (gratuitous) t.add('arp.isgratuitous', 0, 0, true);
      if (announcement) t.add('arp.isannouncement', 0, 0, true);
      t.add(hwIsEther ? 'arp.src.hw_mac' : 'arp.src.hw', sha, hs, view.slice(sha, hs), `Sender ${hwIsEther ? 'MAC' : 'hardware'} address: ${hw(sha)}`);
      t.add(protoIsIpv4 ? 'arp.src.proto_ipv4' : 'arp.src.proto', spa, ps, view.slice(spa, ps), `Sender ${protoIsIpv4 ? 'IP' : 'protocol'} address: ${pa(spa)}`);
      t.add(hwIsEther ? 'arp.dst.hw_mac' : 'arp.dst.hw', tha, hs, view.slice(tha, hs), `Target ${hwIsEther ? 'MAC' : 'hardware'} address: ${hw(tha)}`);
      t.add(protoIsIpv4 ? 'arp.dst.proto_ipv4' : 'arp.dst.proto', tpa, ps, view.slice(tpa, ps), `Target ${protoIsIpv4 ? 'IP' : 'protocol'} address: ${pa(tpa)}`);
    }
    ctx.setPayloadLength(0);
    return end;
  },
});
