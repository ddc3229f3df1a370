/**
 * Radiotap (LINKTYPE_IEEE802_11_RADIOTAP, 127): a little-endian header of present-flag words followed by
 * naturally aligned fields, then an 802.11 frame. The common fields are dissected (TSFT, flags, rate,
 * channel, antenna signal/noise, antenna, RX flags); parsing stops at the first field whose size is unknown
 * here or at a namespace switch. Wireshark: packet-ieee80211-radiotap.c.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';
import type { FieldDef } from '../field';

/** Present bits of the first word, as Wireshark names them; [bit, field suffix, label]. */
const PRESENT: readonly (readonly [number, string, string])[] = [
  [0, 'tsft', 'TSFT'], [1, 'flags', 'Flags'], [2, 'rate', 'Rate'], [3, 'channel', 'Channel'], [4, 'fhss', 'FHSS'],
  [5, 'dbm_antsignal', 'dBm Antenna Signal'], [6, 'dbm_antnoise', 'dBm Antenna Noise'], [7, 'lock_quality', 'Lock Quality'],
  [8, 'tx_attenuation', 'TX Attenuation'], [9, 'db_tx_attenuation', 'dB TX Attenuation'], [10, 'dbm_tx_power', 'dBm TX Power'],
  [11, 'antenna', 'Antenna'], [12, 'db_antsignal', 'dB Antenna Signal'], [13, 'db_antnoise', 'dB Antenna Noise'], [14, 'rxflags', 'RX flags'],
  [15, 'txflags', 'TX flags'], [17, 'data_retries', 'data retries'], [18, 'xchannel', 'Channel+'], [19, 'mcs', 'MCS information'],
  [20, 'ampdu', 'A-MPDU Status'], [21, 'vht', 'VHT information'], [22, 'timestamp', 'frame timestamp'], [23, 'he', 'HE information'],
  [24, 'he_mu', 'HE-MU information'], [26, '0_length.psdu', '0 Length PSDU'], [27, 'l_sig', 'L-SIG'], [28, 'tlv', 'TLVs'],
  [29, 'rtap_ns', 'Radiotap NS next'], [30, 'vendor_ns', 'Vendor NS next'], [31, 'ext', 'Ext'],
];

/** [alignment, size] of the fields of bits 0..27 (undefined: unknown size, parsing stops). */
const LAYOUT: readonly (readonly [number, number] | undefined)[] = [
  [8, 8], [1, 1], [1, 1], [2, 4], [2, 2], [1, 1], [1, 1], [2, 2], [2, 2], [2, 2], [1, 1], [1, 1], [1, 1], [1, 1], [2, 2], [2, 2],
  [1, 1], [1, 1], [4, 8], [1, 3], [4, 8], [2, 12], [8, 12], [2, 12], [2, 12], undefined, [1, 1], [2, 4],
];

const FLAG_BITS: readonly (readonly [number, string, string, (readonly [string, string])?])[] = [
  [0x01, 'cfp', 'CFP'], [0x02, 'preamble', 'Preamble', ['Short', 'Long']], [0x04, 'wep', 'WEP'], [0x08, 'frag', 'Fragmentation'],
  [0x10, 'fcs', 'FCS at end'], [0x20, 'datapad', 'Data Pad'], [0x40, 'badfcs', 'Bad FCS'], [0x80, 'shortgi', 'Short GI'],
];
const CHANNEL_BITS: readonly (readonly [number, string, string])[] = [
  [0x0001, '700mhz', '700 MHz spectrum'], [0x0002, '800mhz', '800 MHz spectrum'], [0x0004, '900mhz', '900 MHz spectrum'],
  [0x0010, 'turbo', 'Turbo'], [0x0020, 'cck', 'Complementary Code Keying (CCK)'], [0x0040, 'ofdm', 'Orthogonal Frequency-Division Multiplexing (OFDM)'],
  [0x0080, '2ghz', '2 GHz spectrum'], [0x0100, '5ghz', '5 GHz spectrum'], [0x0200, 'passive', 'Passive'], [0x0400, 'dynamic', 'Dynamic CCK-OFDM'],
  [0x0800, 'gfsk', 'Gaussian Frequency Shift Keying (GFSK)'], [0x1000, 'gsm', 'GSM (900MHz)'], [0x2000, 'sturbo', 'Static Turbo'],
  [0x4000, 'half', 'Half Rate Channel (10MHz Channel Width)'], [0x8000, 'quarter', 'Quarter Rate Channel (5MHz Channel Width)'],
];
const TF = ['True', 'False'] as const;

const fields: Record<string, FieldDef> = {
  'radiotap.version': { name: 'Header revision', type: 'uint8', offset: 0 },
  'radiotap.pad': { name: 'Header pad', type: 'uint8', offset: 1 },
  'radiotap.length': { name: 'Header length', type: 'uint16', offset: 2 },
  'radiotap.present.word': { name: 'Present flags word', type: 'uint32', base: 'hex' },
  'radiotap.mactime': { name: 'MAC timestamp', type: 'uint64' },
  'radiotap.flags': { name: 'Flags', type: 'uint8', base: 'hex' },
  'radiotap.datarate': { name: 'Data rate (Mb/s)', type: 'double' },
  'radiotap.channel.freq': { name: 'Channel frequency', type: 'uint32' },
  'radiotap.channel.flags': { name: 'Channel flags', type: 'uint16', base: 'hex' },
  // FT_INT8 in Wireshark: negative values are stored as such.
  'radiotap.dbm_antsignal': { name: 'Antenna signal', type: 'int8', unit: ' dBm' },
  'radiotap.dbm_antnoise': { name: 'Antenna noise', type: 'int8', unit: ' dBm' },
  'radiotap.antenna': { name: 'Antenna', type: 'uint32' },
  'radiotap.rxflags': { name: 'RX flags', type: 'uint16', base: 'hex' },
};
for (const [bit, key, label] of PRESENT) {
  fields[`radiotap.present.${key}`] = { name: label, type: 'bool', mask: 2 ** bit, bitWidth: 32, tfs: bit >= 29 && bit <= 30 ? TF : ['Present', 'Absent'] };
}
for (const [mask, key, label, tfs] of FLAG_BITS) fields[`radiotap.flags.${key}`] = { name: label, type: 'bool', mask, tfs: tfs ?? TF };
for (const [mask, key, label] of CHANNEL_BITS) fields[`radiotap.channel.flags.${key}`] = { name: label, type: 'bool', mask, bitWidth: 16, tfs: TF };

export const radiotap = defineProtocol({
  abbrev: 'radiotap',
  name: 'Radiotap Header v0',
  short: 'Radiotap',
  registersIn: [['link', LinkType.IEEE802_11_RADIOTAP]],
  fields,
  dissect(view, ctx) {
    const version = view.u8(0);
    const length = view.u16le(2);
    const t = ctx.layer;
    if (ctx.building) {
      t.setLabel(`Radiotap Header v${version}, Length ${length}`);
      t.add('radiotap.version', 0, 1, version);
      t.add('radiotap.pad', 1, 1, view.u8(1));
      t.add('radiotap.length', 2, 2, length);
    }
    if (length < 8) {
      ctx.expert('error', `Radiotap header length ${length} is shorter than the fixed 8 bytes`, 2, 2);
      ctx.malformed('radiotap length too short');
      return Math.min(view.length, 4);
    }
    view.check(0, length);
    // The present words: bit 31 says another follows.
    let words = 1;
    while ((view.u32le(4 + 4 * (words - 1)) & 0x80000000) !== 0 && 4 + 4 * words < length) words++;
    const first = view.u32le(4);
    if (ctx.building) {
      const p = t.text('Present flags', 4, 4 * words);
      for (let w = 0; w < words; w++) {
        const word = view.u32le(4 + 4 * w);
        const wi = p.add('radiotap.present.word', 4 + 4 * w, 4, word, `Present flags word: 0x${word.toString(16).padStart(8, '0')}`);
        if (w === 0) for (const [bit, key] of PRESENT) wi.add(`radiotap.present.${key}`, 4, 4, (word & (2 ** bit)) !== 0, undefined, word);
      }
    }
    // Each word after one with "Radiotap NS next" (bit 29) starts the radiotap namespace again (e.g. per
    // antenna); a vendor namespace (bit 30) ends what is parsed here.
    const namespaces: number[] = [first];
    for (let w = 1; w < words; w++) {
      const prev = view.u32le(4 + 4 * (w - 1));
      if ((prev & 0x40000000) !== 0) break;
      if ((prev & 0x20000000) !== 0) namespaces.push(view.u32le(4 + 4 * w));
    }
    let at = 4 + 4 * words;
    for (const present of namespaces) {
      at = dissectFields(view, ctx, present, at, length);
      if (at < 0) break;
    }
    ctx.cols.protocol = '802.11';
    ctx.handoffTo('wlan');
    return length;
  },
});

/**
 * The fields of one radiotap-namespace present word, each at its natural alignment from the header's start.
 * Returns where the next namespace's fields start, or -1 when a field of unknown size stops the parse.
 */
function dissectFields(view: ByteView, ctx: DissectContext, present: number, from: number, end: number): number {
  const t = ctx.layer;
  let at = from;
  for (let bit = 0; bit < 28; bit++) {
    if ((present & (2 ** bit)) === 0) continue;
    const layout = LAYOUT[bit];
    if (layout === undefined) return -1;
    const [align, size] = layout;
    at = Math.ceil(at / align) * align;
    if (at + size > end) {
      ctx.expert('warn', 'Radiotap field runs past the header length', at, end - at);
      return -1;
    }
    if (ctx.building) addField(view, t, bit, at);
    at += size;
  }
  return (present & 0x10000000) !== 0 ? -1 : at; // TLVs follow: not parsed here
}

function addField(view: ByteView, t: Item, bit: number, at: number): void {
  switch (bit) {
    case 0: {
      const v = (BigInt(view.u32le(at + 4)) << 32n) | BigInt(view.u32le(at));
      t.add('radiotap.mactime', at, 8, v);
      break;
    }
    case 1: {
      const f = view.u8(at);
      const fi = t.add('radiotap.flags', at, 1, f);
      for (const [mask, key] of FLAG_BITS) fi.add(`radiotap.flags.${key}`, at, 1, (f & mask) !== 0, undefined, f);
      break;
    }
    case 2: {
      const rate = view.u8(at) / 2;
      t.add('radiotap.datarate', at, 1, rate, `Data Rate: ${rate.toFixed(1)} Mb/s`);
      break;
    }
    case 3: {
      const freq = view.u16le(at);
      const flags = view.u16le(at + 2);
      t.add('radiotap.channel.freq', at, 2, freq, `Channel frequency: ${freq}`);
      const ci = t.add('radiotap.channel.flags', at + 2, 2, flags);
      for (const [mask, key] of CHANNEL_BITS) ci.add(`radiotap.channel.flags.${key}`, at + 2, 2, (flags & mask) !== 0, undefined, flags);
      break;
    }
    case 5:
      t.add('radiotap.dbm_antsignal', at, 1, (view.u8(at) << 24) >> 24);
      break;
    case 6:
      t.add('radiotap.dbm_antnoise', at, 1, (view.u8(at) << 24) >> 24);
      break;
    case 11:
      t.add('radiotap.antenna', at, 1, view.u8(at));
      break;
    case 14:
      t.add('radiotap.rxflags', at, 2, view.u16le(at));
      break;
    default:
      break; // known size, not dissected here: skipped over
  }
}

/**
 * The radiotap Flags field of a frame (the 802.11 dissector needs FCS-at-end and data padding), or 0 when
 * the header has none. Never throws: a damaged header reads as no flags.
 */
export function radiotapFlags(bytes: Uint8Array): number {
  if (bytes.length < 8) return 0;
  const word = (i: number) => (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0;
  const length = bytes[2] | (bytes[3] << 8);
  const present = word(4);
  if ((present & 0x02) === 0) return 0;
  let at = 8;
  while ((word(at - 4) & 0x80000000) !== 0 && at + 4 <= length) at += 4;
  if ((present & 0x01) !== 0) at = Math.ceil(at / 8) * 8 + 8;
  return at < length && at < bytes.length ? bytes[at] : 0;
}
