/**
 * 802.11 management frame bodies: the fixed parameters of each subtype and the tagged parameters (every
 * tag's number and length; SSID, supported and extended rates, DS parameter set and TIM decoded). Part of
 * `wlan`; Wireshark files these under `wlan.fixed.*` and `wlan.tag.*` of the same protocol.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDef } from '../field';

const TAG_NAMES: Readonly<Record<number, string>> = {
  0: 'SSID parameter set', 1: 'Supported Rates', 3: 'DS Parameter set', 5: 'Traffic Indication Map (TIM)', 7: 'Country Information',
  42: 'ERP Information', 45: 'HT Capabilities (802.11n D1.10)', 48: 'RSN Information', 50: 'Extended Supported Rates',
  61: 'HT Information (802.11n D1.10)', 127: 'Extended Capabilities', 191: 'VHT Capabilities', 192: 'VHT Operation', 221: 'Vendor Specific',
};

export const MGT_FIELDS: Readonly<Record<string, FieldDef>> = {
  'wlan.fixed.timestamp': { name: 'Timestamp', type: 'uint64' },
  'wlan.fixed.beacon': { name: 'Beacon Interval', type: 'uint32' },
  'wlan.fixed.capabilities': { name: 'Capabilities Information', type: 'uint16', base: 'hex' },
  'wlan.fixed.capabilities.ess': { name: 'ESS capabilities', type: 'bool', mask: 0x0001, bitWidth: 16, tfs: ['Transmitter is an AP', 'Transmitter is a STA'] },
  'wlan.fixed.capabilities.ibss': { name: 'IBSS status', type: 'bool', mask: 0x0002, bitWidth: 16, tfs: ['Transmitter belongs to an IBSS', 'Transmitter belongs to a BSS'] },
  'wlan.fixed.capabilities.privacy': { name: 'Privacy', type: 'bool', mask: 0x0010, bitWidth: 16, tfs: ['Data confidentiality required', 'AP/STA cannot support WEP'] },
  'wlan.fixed.capabilities.short_preamble': { name: 'Short Preamble', type: 'bool', mask: 0x0020, bitWidth: 16, tfs: ['Allowed', 'Not Allowed'] },
  'wlan.fixed.capabilities.short_slot_time': { name: 'Short Slot Time', type: 'bool', mask: 0x0400, bitWidth: 16, tfs: ['In use', 'Not in use'] },
  'wlan.fixed.listen_ival': { name: 'Listen Interval', type: 'uint16', base: 'hex' },
  'wlan.fixed.current_ap': { name: 'Current AP', type: 'ether' },
  'wlan.fixed.status_code': { name: 'Status code', type: 'uint16', base: 'hex' },
  'wlan.fixed.aid': { name: 'Association ID', type: 'uint16', base: 'hex', mask: 0x3fff },
  'wlan.fixed.auth.alg': { name: 'Authentication Algorithm', type: 'uint16' },
  'wlan.fixed.auth_seq': { name: 'Authentication SEQ', type: 'uint16', base: 'hex' },
  'wlan.fixed.reason_code': { name: 'Reason code', type: 'uint16', base: 'hex' },
  'wlan.tag.number': { name: 'Tag Number', type: 'uint8', strings: TAG_NAMES },
  'wlan.tag.length': { name: 'Tag length', type: 'uint32' },
  'wlan.ssid': { name: 'SSID', type: 'bytes' },
  'wlan.supported_rates': { name: 'Supported Rates', type: 'uint8', base: 'hex' },
  'wlan.extended_supported_rates': { name: 'Extended Supported Rates', type: 'uint8', base: 'hex' },
  'wlan.ds.current_channel': { name: 'Current Channel', type: 'uint8' },
  'wlan.tim.dtim_count': { name: 'DTIM count', type: 'uint8' },
  'wlan.tim.dtim_period': { name: 'DTIM period', type: 'uint8' },
};

/** What the body adds to Info (`, BI=102, SSID="x"`) and how many bytes it covered. */
export interface MgtBody {
  info: string;
  consumed: number;
}

const u64le = (v: ByteView, at: number): bigint => (BigInt(v.u32le(at + 4)) << 32n) | BigInt(v.u32le(at));

/** Fixed parameters, then tags; subtypes as in the frame control (8 beacon, 5 probe response …). */
export function dissectMgtBody(view: ByteView, ctx: DissectContext, subtype: number): MgtBody {
  const t = ctx.layer;
  let at = 0;
  let info = '';
  const cap = (rel: number) => {
    const c = view.u16le(rel);
    if (!ctx.building) return;
    const ci = t.add('wlan.fixed.capabilities', rel, 2, c);
    for (const k of ['ess', 'ibss', 'privacy', 'short_preamble', 'short_slot_time']) {
      const f = `wlan.fixed.capabilities.${k}`;
      const mask = MGT_FIELDS[f].mask ?? 0;
      ci.add(f, rel, 2, (c & mask) !== 0, undefined, c);
    }
  };
  const u16 = (field: string, rel: number, mask = 0xffff) => {
    if (ctx.building) t.add(field, rel, 2, view.u16le(rel) & mask);
  };
  switch (subtype) {
    case 8: // beacon
    case 5: {
      // probe response
      const bi = view.u16le(8);
      if (ctx.building) {
        t.add('wlan.fixed.timestamp', 0, 8, u64le(view, 0));
        t.add('wlan.fixed.beacon', 8, 2, bi, `Beacon Interval: ${((bi * 1024) / 1e6).toFixed(6)} [Seconds]`);
      }
      cap(10);
      info = `, BI=${bi}`;
      at = 12;
      break;
    }
    case 0: // association request
      cap(0);
      u16('wlan.fixed.listen_ival', 2);
      at = 4;
      break;
    case 2: // reassociation request
      cap(0);
      u16('wlan.fixed.listen_ival', 2);
      if (ctx.building) t.add('wlan.fixed.current_ap', 4, 6, view.slice(4, 6));
      at = 10;
      break;
    case 1: // association response
    case 3:
      cap(0);
      u16('wlan.fixed.status_code', 2);
      u16('wlan.fixed.aid', 4, 0x3fff);
      at = 6;
      break;
    case 11: // authentication
      u16('wlan.fixed.auth.alg', 0);
      u16('wlan.fixed.auth_seq', 2);
      u16('wlan.fixed.status_code', 4);
      at = 6;
      break;
    case 10: // disassociation
    case 12: // deauthentication
      u16('wlan.fixed.reason_code', 0);
      at = 2;
      break;
    case 4: // probe request: tags only
      break;
    default:
      return { info: '', consumed: 0 }; // action frames and others: shown as data by the driver
  }
  const ssid = tags(view, ctx, at);
  if (ssid !== undefined && (subtype === 8 || subtype === 5 || subtype === 4 || subtype === 0 || subtype === 2)) {
    info += ssid.length === 0 ? ', SSID=Wildcard (Broadcast)' : `, SSID="${ssid}"`;
  }
  return { info, consumed: view.length };
}

/** Tagged parameters from `at` to the end; returns the SSID text when there is an SSID tag. */
function tags(view: ByteView, ctx: DissectContext, at: number): string | undefined {
  let ssid: string | undefined;
  const t: Item = ctx.layer;
  while (at + 2 <= view.reportedLength) {
    const num = view.u8(at);
    const len = view.u8(at + 1);
    if (at + 2 + len > view.reportedLength) {
      ctx.expert('error', `Tag length ${len} is past the end of the frame`, at + 1, 1);
      return ssid;
    }
    view.check(at, 2 + len);
    const v = at + 2;
    if (num === 0) ssid = String.fromCharCode(...view.slice(v, len));
    if (ctx.building) {
      const ti = t.text(`Tag: ${TAG_NAMES[num] ?? 'Unknown'}`, at, 2 + len);
      ti.add('wlan.tag.number', at, 1, num);
      ti.add('wlan.tag.length', at + 1, 1, len);
      if (num === 0) ti.add('wlan.ssid', v, len, view.slice(v, len), `SSID: "${ssid ?? ''}"`);
      else if (num === 1 || num === 50) {
        const f = num === 1 ? 'wlan.supported_rates' : 'wlan.extended_supported_rates';
        for (let i = 0; i < len; i++) ti.add(f, v + i, 1, view.u8(v + i));
      } else if (num === 3 && len >= 1) ti.add('wlan.ds.current_channel', v, 1, view.u8(v));
      else if (num === 5 && len >= 2) {
        ti.add('wlan.tim.dtim_count', v, 1, view.u8(v));
        ti.add('wlan.tim.dtim_period', v + 1, 1, view.u8(v + 1));
      }
    }
    at += 2 + len;
  }
  return ssid;
}
