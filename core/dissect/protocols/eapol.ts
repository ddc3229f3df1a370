/**
 * 802.1X Authentication (EAP over LANs, IEEE 802.1X), EtherType 0x888e. Wireshark: packet-eapol.c. The
 * header (version, type, length) and, for EAPOL-Key frames, the descriptor type; the Info column names
 * the 4-way or group handshake message as Wireshark does. The key body (Wireshark's wlan_rsna_eapol
 * fields) and the EAP payload are not decoded yet.
 */
import type { ByteView } from '../byte-view';
import { defineProtocol } from '../protocol';

const VERSIONS: Readonly<Record<number, string>> = { 1: '802.1X-2001', 2: '802.1X-2004', 3: '802.1X-2010' };
const TYPES: Readonly<Record<number, string>> = {
  0: 'EAP Packet', 1: 'Start', 2: 'Logoff', 3: 'Key', 4: 'Encapsulated ASF Alert', 5: 'MKA', 6: 'Announcement (Generic)',
  7: 'Announcement (Specific)', 8: 'Announcement Request',
};
const KEY_DESCRIPTORS: Readonly<Record<number, string>> = { 1: 'RC4 Descriptor', 2: 'EAPOL RSN Key', 254: 'EAPOL WPA Key' };
const KEY = 3;

export const eapol = defineProtocol({
  abbrev: 'eapol',
  name: '802.1X Authentication',
  short: 'EAPOL',
  registersIn: [['ethertype', 0x888e]],
  fields: {
    'eapol.version': { name: 'Version', type: 'uint8', strings: VERSIONS, offset: 0 },
    'eapol.type': { name: 'Type', type: 'uint8', strings: TYPES, offset: 1 },
    'eapol.len': { name: 'Length', type: 'uint16', offset: 2 },
    'eapol.keydes.type': { name: 'Key Descriptor Type', type: 'uint8', strings: KEY_DESCRIPTORS, offset: 4 },
  },
  dissect(view, ctx) {
    view.check(0, 4);
    const type = view.u8(1);
    const len = view.u16(2);
    ctx.cols.info = TYPES[type] ?? 'Unknown Type';
    ctx.setPayloadLength(len);
    if (ctx.building) {
      ctx.layer.add('eapol.version', 0, 1, view.u8(0));
      ctx.layer.add('eapol.type', 1, 1, type);
      ctx.layer.add('eapol.len', 2, 2, len);
    }
    if (type !== KEY) return 4;
    const desc = view.u8(4);
    if (ctx.building) ctx.layer.add('eapol.keydes.type', 4, 1, desc);
    if ((desc === 2 || desc === 254) && view.has(4, 95)) ctx.cols.info = `Key (${handshakeMessage(view)})`;
    // The key body is Wireshark's wlan_rsna_eapol protocol, not decoded here: it stays in this layer.
    return Math.min(view.length, 4 + len);
  },
});

/**
 * Which handshake message an RSN/WPA key frame is, from its Key Information bits (Key Type, Key ACK, Key
 * MIC) and whether its nonce is all zeros, as packet-ieee80211.c numbers them.
 */
function handshakeMessage(view: ByteView): string {
  const info = view.u16(5);
  const pairwise = (info & 0x0008) !== 0;
  const ack = (info & 0x0080) !== 0;
  const mic = (info & 0x0100) !== 0;
  if (!pairwise) return ack ? 'Group Message 1 of 2' : 'Group Message 2 of 2';
  if (ack) return mic ? 'Message 3 of 4' : 'Message 1 of 4';
  let zeroNonce = true;
  for (let i = 0; i < 32; i++) if (view.u8(17 + i) !== 0) zeroNonce = false;
  return zeroNonce ? 'Message 4 of 4' : 'Message 2 of 4';
}
