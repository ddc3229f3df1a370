/**
 * Per-Packet Information header (LINKTYPE_PPI 192, CACE/Riverbed): version, flags, header length and the DLT
 * of the frame that follows, then typed fields, all little-endian. The 802.11-Common field is decoded (TSFT,
 * flags, rate, channel, FHSS); the other field types show their type and length. The frame goes to the link
 * dissector of its DLT (802.11, Ethernet); when 802.11-Common says an FCS is present, the last 4 bytes are
 * kept out of the frame. Wireshark: packet-ppi.c (whose wlan_radio summary is not built here).
 */
import type { ByteView } from '../byte-view';
import type { Item } from '../context';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';

const FIELD_TYPES: Readonly<Record<number, string>> = {
  2: '802.11-Common', 3: '802.11n MAC Extensions', 4: '802.11n MAC+PHY Extensions', 5: 'Spectrum-Map', 6: 'Process-Info', 7: 'Capture-Info',
  8: 'Aggregation Extension', 9: '802.3 Extension', 30000: 'Intel Corporation (private)', 30001: 'Mohamed Thaga (private)',
  30002: 'GPS Tagging', 30003: 'Vector Tagging', 30004: 'Sensor tagging', 30005: 'Antenna Tagging', 49175: 'FlukeNetworks (private)',
  51918: 'CACE Technologies (private)',
};
const HEADER = 8;
const FIELD_HEADER = 4;
const FIELD_80211_COMMON = 2;
const COMMON_LENGTH = 20;
const FLAG_FCS_PRESENT = 0x0001;
const FCS = 4;
/** The rate field counts 500 kb/s units; Wireshark shows kb/s. */
const RATE_UNIT_KBPS = 500;

export const ppi = defineProtocol({
  abbrev: 'ppi',
  name: 'PPI version 0',
  short: 'PPI',
  registersIn: [['link', LinkType.PPI]],
  fields: {
    'ppi.version': { name: 'Version', type: 'uint8', offset: 0 },
    'ppi.flags': { name: 'Flags', type: 'uint8', base: 'hex', offset: 1 },
    'ppi.flags.alignment': { name: 'Alignment', type: 'bool', mask: 0x01, tfs: ['32-bit aligned', 'Not aligned'], offset: 1 },
    'ppi.flags.reserved': { name: 'Reserved', type: 'uint8', base: 'hex', mask: 0xfe, offset: 1 },
    'ppi.length': { name: 'Header length', type: 'uint16', offset: 2 },
    'ppi.dlt': { name: 'DLT', type: 'uint32', offset: 4 },
    'ppi.field_type': { name: 'Field type', type: 'uint16', strings: FIELD_TYPES },
    'ppi.field_len': { name: 'Field length', type: 'uint16' },
    'ppi.80211-common.tsft': { name: 'TSFT', type: 'uint64' },
    'ppi.80211-common.flags': { name: 'Flags', type: 'uint16', base: 'hex' },
    'ppi.80211-common.flags.fcs': { name: 'FCS present flag', type: 'bool', mask: 0x0001, bitWidth: 16, tfs: ['Present', 'Not present'] },
    'ppi.80211-common.flags.tsft': { name: 'TSFT flag', type: 'bool', mask: 0x0002, bitWidth: 16, tfs: ['milliseconds', 'microseconds'] },
    'ppi.80211-common.flags.fcs-invalid': { name: 'FCS validity', type: 'bool', mask: 0x0004, bitWidth: 16, tfs: ['Invalid', 'Valid'] },
    'ppi.80211-common.flags.phy-err': { name: 'PHY error flag', type: 'bool', mask: 0x0008, bitWidth: 16, tfs: ['PHY RX error', 'No errors'] },
    'ppi.80211-common.rate': { name: 'Data rate', type: 'uint16' },
    'ppi.80211-common.chan.freq': { name: 'Channel frequency', type: 'uint16' },
    'ppi.80211-common.chan.flags': { name: 'Channel flags', type: 'uint16', base: 'hex' },
    'ppi.80211-common.fhss.hopset': { name: 'FHSS hopset', type: 'uint8', base: 'hex' },
    'ppi.80211-common.fhss.pattern': { name: 'FHSS pattern', type: 'uint8', base: 'hex' },
  },
  dissect(view, ctx) {
    const version = view.u8(0);
    const flags = view.u8(1);
    const length = view.u16le(2);
    const dlt = view.u32le(4);
    ctx.cols.info = 'PPI version 0';
    const t = ctx.layer;
    if (ctx.building) {
      t.setLabel(`PPI version ${version}, ${length} bytes`);
      t.add('ppi.version', 0, 1, version);
      const f = t.add('ppi.flags', 1, 1, flags);
      f.add('ppi.flags.alignment', 1, 1, (flags & 1) === 1, undefined, flags);
      f.add('ppi.flags.reserved', 1, 1, flags >> 1, undefined, flags);
      t.add('ppi.length', 2, 2, length);
      t.add('ppi.dlt', 4, 4, dlt);
    }
    if (length < HEADER) {
      ctx.expert('error', `PPI header length ${length} is below the 8-byte header`, 2, 2);
      ctx.malformed('PPI header length below its header');
      return HEADER;
    }
    view.check(0, length);
    let fcsPresent = false;
    let off = HEADER;
    while (off + FIELD_HEADER <= length) {
      const type = view.u16le(off);
      const len = view.u16le(off + 2);
      const at = off + FIELD_HEADER;
      if (at + len > length) {
        ctx.expert('error', `PPI field of ${len} bytes runs past the header`, off + 2, 2);
        break;
      }
      if (type === FIELD_80211_COMMON && len >= COMMON_LENGTH) fcsPresent = (view.u16le(at + 8) & FLAG_FCS_PRESENT) !== 0;
      if (ctx.building) {
        const name = FIELD_TYPES[type] ?? 'Unknown';
        const ft = t.text(type === FIELD_80211_COMMON ? '802.11-Common' : name, off, FIELD_HEADER + len);
        ft.add('ppi.field_type', off, 2, type);
        ft.add('ppi.field_len', off + 2, 2, len);
        if (type === FIELD_80211_COMMON && len >= COMMON_LENGTH) add80211Common(view, ft, at);
      }
      off = at + len;
    }
    if (fcsPresent) ctx.setPayloadLength(view.reportedLength - length - FCS);
    ctx.handoff('link', dlt);
    return length;
  },
});

function add80211Common(view: ByteView, t: Item, at: number): void {
  const tsft = (BigInt(view.u32le(at + 4)) << 32n) | BigInt(view.u32le(at));
  t.add('ppi.80211-common.tsft', at, 8, tsft);
  const flags = view.u16le(at + 8);
  const f = t.add('ppi.80211-common.flags', at + 8, 2, flags);
  f.add('ppi.80211-common.flags.fcs', at + 8, 2, (flags & 1) !== 0, undefined, flags);
  f.add('ppi.80211-common.flags.tsft', at + 8, 2, (flags & 2) !== 0, undefined, flags);
  f.add('ppi.80211-common.flags.fcs-invalid', at + 8, 2, (flags & 4) !== 0, undefined, flags);
  f.add('ppi.80211-common.flags.phy-err', at + 8, 2, (flags & 8) !== 0, undefined, flags);
  const rate = view.u16le(at + 10) * RATE_UNIT_KBPS;
  t.add('ppi.80211-common.rate', at + 10, 2, rate, `Rate: ${(rate / 1000).toFixed(1)} Mbps`);
  t.add('ppi.80211-common.chan.freq', at + 12, 2, view.u16le(at + 12));
  t.add('ppi.80211-common.chan.flags', at + 14, 2, view.u16le(at + 14));
  t.add('ppi.80211-common.fhss.hopset', at + 16, 1, view.u8(at + 16));
  t.add('ppi.80211-common.fhss.pattern', at + 17, 1, view.u8(at + 17));
}
