/** Address Resolution Protocol (RFC 826) and RARP. Wireshark: packet-arp.c. */
import { formatEther, formatIpv4, hexBytes } from '../format';
import { defineProtocol } from '../protocol';
import { ETHERTYPE_NAMES } from './ethertype-names';

const OPCODES: Readonly<Record<number, string>> = {
  1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply', 8: 'inverse request', 9: 'inverse reply',
};
const HW_TYPES: Readonly<Record<number, string>> = { 1: 'Ethernet', 6: 'IEEE 802 Networks', 7: 'ARCNET', 15: 'Frame Relay', 16: 'ATM', 24: 'IEEE 1394.1995', 32: 'InfiniBand' };

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
  },
  dissect(view, ctx) {
    const hwType = view.u16(0);
    const protoType = view.u16(2);
    const hs = view.u8(4);
    const ps = view.u8(5);
    const op = view.u16(6);
    const sha = 8;
    const spa = sha + hs;
    const tha = spa + ps;
    const tpa = tha + hs;
    const end = tpa + ps;
    const ethIp = hs === 6 && ps === 4 && protoType === 0x0800;
    const isRarp = op === 3 || op === 4;
    ctx.cols.protocol = isRarp ? 'RARP' : 'ARP';
    view.check(0, end);
    const hw = (at: number) => (hs === 6 ? formatEther(view.bytes, view.start + at) : hexBytes(view.bytes, view.start + at, view.start + at + hs));
    const pa = (at: number) => (ps === 4 ? formatIpv4(view.bytes, view.start + at) : hexBytes(view.bytes, view.start + at, view.start + at + ps));
    switch (op) {
      case 1:
        // A request for one's own address is an announcement (RFC 5227), as Wireshark labels it.
        ctx.cols.info = pa(spa) === pa(tpa) ? `ARP Announcement for ${pa(spa)}` : `Who has ${pa(tpa)}? Tell ${pa(spa)}`;
        break;
      case 2:
        ctx.cols.info = pa(spa) === pa(tpa) ? `Gratuitous ARP for ${pa(spa)} (Reply)` : `${pa(spa)} is at ${hw(sha)}`;
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
      const t = ctx.layer;
      const kind = OPCODES[op] ?? 'unknown';
      t.setLabel(`${isRarp ? 'Reverse Address Resolution Protocol' : 'Address Resolution Protocol'} (${kind})`);
      t.add('arp.hw.type', 0, 2, hwType);
      t.add('arp.proto.type', 2, 2, protoType);
      t.add('arp.hw.size', 4, 1, hs);
      t.add('arp.proto.size', 5, 1, ps);
      t.add('arp.opcode', 6, 2, op);
      t.add(ethIp ? 'arp.src.hw_mac' : 'arp.src.hw', sha, hs, view.slice(sha, hs), `Sender ${hs === 6 ? 'MAC' : 'hardware'} address: ${hw(sha)}`);
      t.add(ethIp ? 'arp.src.proto_ipv4' : 'arp.src.proto', spa, ps, view.slice(spa, ps), `Sender ${ps === 4 ? 'IP' : 'protocol'} address: ${pa(spa)}`);
      t.add(ethIp ? 'arp.dst.hw_mac' : 'arp.dst.hw', tha, hs, view.slice(tha, hs), `Target ${hs === 6 ? 'MAC' : 'hardware'} address: ${hw(tha)}`);
      t.add(ethIp ? 'arp.dst.proto_ipv4' : 'arp.dst.proto', tpa, ps, view.slice(tpa, ps), `Target ${ps === 4 ? 'IP' : 'protocol'} address: ${pa(tpa)}`);
    }
    ctx.setPayloadLength(0);
    return end;
  },
});
