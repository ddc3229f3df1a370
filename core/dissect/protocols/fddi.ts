/**
 * Fiber Distributed Data Interface (ANSI X3T9.5, ISO 9314-2), link type 10 (LINKTYPE_FDDI, addresses
 * bit-swapped as Wireshark's FDDI_BITSWAPPED encapsulation reads them). Wireshark: packet-fddi.c. Frame
 * control, destination and source; LLC frames (async and sync) continue with 802.2 LLC.
 */
import { formatEther, hex } from '../format';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';

const CLF: Readonly<Record<number, string>> = {
  0x0: 'Void', 0x4: 'SMT', 0x5: 'Async LLC', 0x6: 'Implementor Async', 0x8: 'Nonrestricted Token', 0xc: 'MAC', 0xd: 'Sync LLC',
  0xe: 'Implementor Sync',
};
const HEADER = 13;

export const fddi = defineProtocol({
  abbrev: 'fddi',
  name: 'Fiber Distributed Data Interface',
  short: 'FDDI',
  registersIn: [['link', LinkType.FDDI]],
  fields: {
    'fddi.fc': { name: 'Frame Control', type: 'uint8', base: 'hex', offset: 0 },
    'fddi.fc.clf': { name: 'Class/Length/Format', type: 'uint8', base: 'hex', mask: 0xf0, strings: CLF, offset: 0 },
    'fddi.fc.prio': { name: 'Priority', type: 'uint8', mask: 0x07, offset: 0 },
    'fddi.fc.smt_subtype': { name: 'SMT Subtype', type: 'uint8', mask: 0x0f, strings: { 1: 'Info', 15: 'Next Station Address' }, offset: 0 },
    'fddi.fc.mac_subtype': { name: 'MAC Subtype', type: 'uint8', mask: 0x0f, strings: { 2: 'Beacon', 3: 'Claim' }, offset: 0 },
    'fddi.dst': { name: 'Destination', type: 'ether' },
    'fddi.src': { name: 'Source', type: 'ether' },
    'fddi.addr': { name: 'Source or Destination Address', type: 'ether' },
  },
  dissect(view, ctx) {
    view.check(0, HEADER);
    const fc = view.u8(0);
    const what = frameControlText(fc);
    const dst = bitswapped(view.slice(1, 6));
    const src = bitswapped(view.slice(7, 6));
    ctx.cols.protocol = 'FDDI';
    ctx.cols.info = what;
    ctx.cols.destination = formatEther(dst, 0);
    ctx.cols.source = formatEther(src, 0);
    if (ctx.building) {
      const t = ctx.layer;
      t.setLabel(`Fiber Distributed Data Interface, ${what}`);
      const f = t.add('fddi.fc', 0, 1, fc, `Frame Control: ${hex(fc, 2)} (${what})`);
      f.add('fddi.fc.clf', 0, 1, fc >> 4, undefined, fc);
      const clf = fc & 0xf0;
      if (clf === 0x40) f.add('fddi.fc.smt_subtype', 0, 1, fc & 0x0f, undefined, fc);
      else if (clf === 0xc0 && fc !== 0xc0) f.add('fddi.fc.mac_subtype', 0, 1, fc & 0x0f, undefined, fc);
      else if (clf === 0x50 && (fc & 0x08) === 0) f.add('fddi.fc.prio', 0, 1, fc & 0x07, undefined, fc);
      // Wireshark adds each address twice more, hidden (`-T fields` prints them all).
      for (const [field, rel, mac] of [['fddi.dst', 1, dst], ['fddi.src', 7, src]] as const) {
        t.add(field, rel, 6, mac);
        t.hidden('fddi.addr', rel, 6, mac);
        t.hidden(field, rel, 6, mac);
        t.hidden('fddi.addr', rel, 6, mac);
      }
    }
    const clf = fc & 0xf0;
    if (clf === 0x50 || (clf === 0xd0 && fc <= 0xd7)) ctx.handoffTo('llc');
    return HEADER;
  },
});

/** Wireshark's description of a frame control byte (the Info column and the layer's label). */
export function frameControlText(fc: number): string {
  switch (fc) {
    case 0x40: return 'Void frame';
    case 0x80: return 'Nonrestricted token';
    case 0xc0: return 'Restricted token';
    case 0x41: return 'SMT info frame';
    case 0x4f: return 'SMT Next station adrs frame';
    case 0xc2: return 'MAC beacon frame';
    case 0xc3: return 'MAC claim frame';
  }
  const z = (fc & 0x0f).toString(16);
  switch (fc & 0xf0) {
    case 0xc0: return `MAC frame, control ${z}`;
    case 0x40: return `SMT frame, control ${z}`;
    case 0x50: return fc & 0x08 ? `Async LLC frame, control ${z}` : `Async LLC frame, priority ${fc & 0x07}`;
    case 0xd0: return fc & 0x0f ? `Sync LLC frame, control ${z}` : 'Sync LLC frame';
    case 0x60: return `Implementor async frame, control ${z}`;
    case 0xe0: return `Implementor sync frame, control ${z}`;
    default: return 'Unknown frame type';
  }
}

/** The address with the bits of each byte reversed (FDDI sends the least significant bit first). */
function bitswapped(mac: Uint8Array): Uint8Array {
  const out = new Uint8Array(mac.length);
  for (let i = 0; i < mac.length; i++) {
    let b = mac[i];
    let r = 0;
    for (let k = 0; k < 8; k++) {
      r = (r << 1) | (b & 1);
      b >>= 1;
    }
    out[i] = r;
  }
  return out;
}
