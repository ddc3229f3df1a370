/**
 * MPLS label stack (RFC 3032), EtherTypes 0x8847/0x8848, PPP 0x0281/0x0283, Cisco HDLC, GRE, IP protocol
 * 137 and UDP port 6635. Wireshark: packet-mpls.c. Each 4-byte entry holds a 20-bit label, 3 EXP bits (named
 * `mpls.exp` in 4.0), the bottom-of-stack bit and a TTL. After the bottom label Wireshark 4.0 looks at the
 * first nibble: 4 → IPv4, 6 → IPv6 (whatever the length fields say), 0 → an Ethernet pseudowire (its
 * heuristic, then Ethernet without control word), anything else → data. The PW associated channel (nibble 1,
 * label 13) is not dissected here and shows as data.
 */
import type { Item } from '../context';
import { defineProtocol } from '../protocol';

const SPECIAL_LABELS: Readonly<Record<number, string>> = {
  0: 'IPv4 Explicit-Null', 1: 'Router Alert', 2: 'IPv6 Explicit-Null', 3: 'Implicit-Null', 7: 'Entropy Label Indicator',
  13: 'Generic Associated Channel Label (GAL)', 14: 'OAM Alert Label', 15: 'Extension Label',
};
const MAX_RESERVED_LABEL = 15;
const LABEL_GACH = 13;

export const mpls = defineProtocol({
  abbrev: 'mpls',
  name: 'MultiProtocol Label Switching Header',
  short: 'MPLS',
  registersIn: [
    ['ethertype', 0x8847], ['ethertype', 0x8848], ['ppp.protocol', 0x0281], ['ppp.protocol', 0x0283],
    ['chdlc.protocol', 0x8847], ['chdlc.protocol', 0x8848], ['gre.proto', 0x8847], ['gre.proto', 0x8848],
    ['ip.proto', 137], ['udp.port', 6635],
  ],
  fields: {
    'mpls.label': { name: 'MPLS Label', type: 'uint32', base: 'dec_hex', mask: 0xfffff000, strings: SPECIAL_LABELS },
    'mpls.exp': { name: 'MPLS Experimental Bits', type: 'uint32', mask: 0x00000e00 },
    'mpls.bottom': { name: 'MPLS Bottom Of Label Stack', type: 'uint32', mask: 0x00000100 },
    'mpls.ttl': { name: 'MPLS TTL', type: 'uint32', mask: 0x000000ff },
  },
  dissect(view, ctx) {
    ctx.cols.protocol = 'MPLS';
    ctx.cols.info = 'MPLS Label Switched Packet';
    let offset = 0;
    let label = -1;
    let bottom = false;
    while (!bottom && offset < view.reportedLength) {
      const entry = view.u32(offset);
      label = Math.floor(entry / 0x1000);
      const exp = (entry >>> 9) & 7;
      bottom = ((entry >>> 8) & 1) === 1;
      if (ctx.building) addEntry(ctx.layer, offset, entry, label, exp, bottom, offset === 0);
      offset += 4;
      if (label === LABEL_GACH && !bottom) ctx.expert('warn', 'Invalid Label', 0, offset);
      if (label === LABEL_GACH && bottom) return offset; // the generic associated channel: shown as data
    }
    // Wireshark reads the first payload byte unconditionally: an empty payload is malformed or cut short.
    const nibble = view.u8(offset) >> 4;
    if (nibble === 4) ctx.handoffTo('ip');
    else if (nibble === 6) ctx.handoffTo('ipv6');
    else if (nibble === 0) ctx.handoffTo('pwethheuristic');
    return offset;
  },
});

/** One label stack entry: a subtree with its four fields; the layer's label names the top entry. */
function addEntry(layer: Item, rel: number, entry: number, label: number, exp: number, bottom: boolean, first: boolean): void {
  const special = label <= MAX_RESERVED_LABEL ? ` (${SPECIAL_LABELS[label] ?? 'Reserved - Unknown'})` : '';
  const text = `MultiProtocol Label Switching Header, Label: ${label}${special}, Exp: ${exp}, S: ${bottom ? 1 : 0}, TTL: ${entry & 0xff}`;
  if (first) layer.setLabel(text);
  const t = layer.text(text, rel, 4);
  t.add('mpls.label', rel, 4, label, undefined, entry);
  t.add('mpls.exp', rel, 4, exp, undefined, entry);
  t.add('mpls.bottom', rel, 4, bottom ? 1 : 0, undefined, entry);
  t.add('mpls.ttl', rel, 4, entry & 0xff, undefined, entry);
}
