/**
 * Ethernet II and the IEEE 802.3 length-field form, whose payload is LLC (or Novell's raw 802.3 IPX).
 * Wireshark: packet-eth.c. Dispatches on the `ethertype` table, which vlan, sll, llc/SNAP and pppoe share.
 * The trailer after the payload (padding, trailer, FCS) is added by the driver (dissect.ts `addEthTrailer`).
 */
import { formatEther, hex } from '../format';
import { defineProtocol } from '../protocol';
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { LinkType } from '../link-types';
import { CHECKSUM_STATUS } from './checksum-status';
import { ETHERTYPE_NAMES } from './ethertype-names';

const LG = ['Locally administered address (this is NOT the factory default)', 'Globally unique address (factory default)'] as const;
const IG = ['Group address (multicast/broadcast)', 'Individual address (unicast)'] as const;
/** Largest 802.3 length; from 1536 on the field is an EtherType, in between it is neither. */
const MAX_8023_LENGTH = 1500;
const MIN_ETHERTYPE = 1536;

export const eth = defineProtocol({
  abbrev: 'eth',
  name: 'Ethernet II',
  short: 'ETHER',
  registersIn: [['link', LinkType.ETHERNET]],
  ownsTables: ['ethertype'],
  fields: {
    'eth.dst': { name: 'Destination', type: 'ether', offset: 0 },
    'eth.dst.oui': { name: 'Destination OUI', type: 'uint24', offset: 0 },
    'eth.src': { name: 'Source', type: 'ether', offset: 6 },
    'eth.src.oui': { name: 'Source OUI', type: 'uint24', offset: 6 },
    'eth.addr': { name: 'Address', type: 'ether' },
    'eth.addr.oui': { name: 'Address OUI', type: 'uint24' },
    'eth.dst.lg': { name: 'LG bit', type: 'bool', mask: 0x020000, bitWidth: 24, tfs: LG, offset: 0 },
    'eth.dst.ig': { name: 'IG bit', type: 'bool', mask: 0x010000, bitWidth: 24, tfs: IG, offset: 0 },
    'eth.src.lg': { name: 'LG bit', type: 'bool', mask: 0x020000, bitWidth: 24, tfs: LG, offset: 6 },
    'eth.src.ig': { name: 'IG bit', type: 'bool', mask: 0x010000, bitWidth: 24, tfs: IG, offset: 6 },
    'eth.lg': { name: 'LG bit', type: 'bool', mask: 0x020000, bitWidth: 24, tfs: LG },
    'eth.ig': { name: 'IG bit', type: 'bool', mask: 0x010000, bitWidth: 24, tfs: IG },
    'eth.type': { name: 'Type', type: 'uint16', base: 'hex', strings: ETHERTYPE_NAMES, offset: 12 },
    'eth.len': { name: 'Length', type: 'uint16', offset: 12 },
    'eth.invalid_lentype': { name: 'Invalid length/type', type: 'uint16', base: 'hex_dec', offset: 12 },
    'eth.padding': { name: 'Padding', type: 'bytes' },
    'eth.trailer': { name: 'Trailer', type: 'bytes' },
    'eth.fcs': { name: 'Frame check sequence', type: 'uint32', base: 'hex' },
    'eth.fcs.status': { name: 'FCS Status', type: 'uint8', strings: CHECKSUM_STATUS },
  },
  dissect(view, ctx) {
    const typeOrLen = view.u16(12);
    const b = view.bytes;
    const at = view.start;
    const src = formatEther(b, at + 6);
    const dst = formatEther(b, at);
    ctx.cols.source = src;
    ctx.cols.destination = dst;
    const is8023 = typeOrLen <= MAX_8023_LENGTH;
    if (ctx.building) {
      const t = ctx.layer;
      t.setLabel(is8023 ? 'IEEE 802.3 Ethernet ' : `Ethernet II, Src: ${src}, Dst: ${dst}`);
      address(t, 'eth.dst', view.slice(0, 6), view.u24(0), 0, ctx.labels);
      address(t, 'eth.src', view.slice(6, 6), view.u24(6), 6, ctx.labels);
    }
    ctx.flow?.link({ kind: 'eth', src: view.slice(6, 6), dst: view.slice(0, 6), inError: ctx.facts.inErrorPacket });
    if ((view.u8(6) & 1) !== 0) ctx.expert('warn', 'Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)', 6, 6);
    if (is8023) return dissect8023(view, ctx, typeOrLen);
    if (typeOrLen < MIN_ETHERTYPE) {
      if (ctx.building) ctx.layer.add('eth.invalid_lentype', 12, 2, typeOrLen);
      ctx.expert('warn', `Invalid length/type: ${hex(typeOrLen, 4)} (${typeOrLen})`, 12, 2);
      ctx.cols.info = 'Ethernet II';
      return 14;
    }
    if (ctx.building) ctx.layer.add('eth.type', 12, 2, typeOrLen);
    ctx.cols.info = 'Ethernet II';
    if (!ctx.handoff('ethertype', typeOrLen)) ctx.cols.protocol = hex(typeOrLen, 4);
    return 14;
  },
});

/** 802.3: the length field bounds the payload, which is LLC, or IPX when it starts with 0xffff (Novell raw). */
function dissect8023(view: ByteView, ctx: DissectContext, length: number): number {
  if (ctx.building) ctx.layer.add('eth.len', 12, 2, length);
  const available = view.reportedLength - 14;
  let payload = length;
  if (length > available) {
    ctx.expert('error', 'Length field value goes past the end of the payload', 12, 2);
    payload = Math.max(0, available);
  }
  ctx.setPayloadLength(payload);
  ctx.cols.protocol = 'LLC';
  ctx.cols.info = 'IEEE 802.3 Ethernet';
  if (view.has(14, 2) && view.u16(14) === 0xffff) ctx.handoffTo('ipx');
  else ctx.handoffTo('llc');
  return 14;
}

/** The per-address field names, spelled out (no string built per packet). */
const DST_NAMES = { oui: 'eth.dst.oui', lg: 'eth.dst.lg', ig: 'eth.dst.ig' } as const;
const SRC_NAMES = { oui: 'eth.src.oui', lg: 'eth.src.lg', ig: 'eth.src.ig' } as const;

/** An address with its hidden OUI, the generic eth.addr (and its OUI) and the LG/IG bits, as Wireshark nests them. */
function address(t: Item, field: 'eth.dst' | 'eth.src', mac: Uint8Array, first3: number, rel: number, labels: boolean): void {
  const names = field === 'eth.dst' ? DST_NAMES : SRC_NAMES;
  const a = t.add(field, rel, 6, mac);
  a.hidden(names.oui, rel, 3, first3);
  a.add('eth.addr', rel, 6, mac, labels ? `Address: ${formatEther(mac, 0)}` : undefined);
  a.hidden('eth.addr.oui', rel, 3, first3);
  const lg = (first3 & 0x020000) !== 0;
  const ig = (first3 & 0x010000) !== 0;
  a.add(names.lg, rel, 3, lg, undefined, first3);
  a.hidden('eth.lg', rel, 3, lg);
  a.add(names.ig, rel, 3, ig, undefined, first3);
  a.hidden('eth.ig', rel, 3, ig);
}
