/**
 * IEEE 802.11 MAC frames (LINKTYPE_IEEE802_11 105, or after radiotap): frame control and its flags,
 * duration, the addresses as Wireshark names them by frame type and DS bits (ra/ta/da/sa/bssid/staa, each
 * also as a hidden wlan.addr), sequence/fragment numbers, QoS control; management bodies in wlan-mgt.ts;
 * unprotected data frames carry LLC. Wireshark: packet-ieee80211.c.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { formatEther } from '../format';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';
import { radiotapFlags } from './radiotap';
import { dissectMgtBody, MGT_FIELDS } from './wlan-mgt';
import { FRAME_NAMES, WLAN_FLAG_FIELDS } from './wlan-names';

const MGT = 0;
const CTRL = 1;
const DATA = 2;

/** Wireshark's GRE_ARUBA_8200 … GRE_ARUBA_8370 (packet-gre.h), every 0x10. */
const ARUBA_GRE_TYPES: readonly number[] = Array.from({ length: 0x18 }, (_, i) => 0x8200 + i * 0x10);

export const wlan = defineProtocol({
  abbrev: 'wlan',
  name: 'IEEE 802.11',
  short: '802.11',
  // Aruba access points tunnel 802.11 frames (without FCS) in GRE, protocol types 0x8200 to 0x8370.
  registersIn: [['link', LinkType.IEEE802_11], ...ARUBA_GRE_TYPES.map((t) => ['gre.proto', t] as const)],
  fields: { ...WLAN_FLAG_FIELDS, ...MGT_FIELDS },
  dissect(view, ctx) {
    const fc0 = view.u8(0);
    const flags = view.u8(1);
    const type = (fc0 >> 2) & 3;
    const subtype = fc0 >> 4;
    const typeSubtype = (type << 4) | subtype;
    const name = FRAME_NAMES[typeSubtype] ?? `Unrecognized (Reserved frame) (0x${typeSubtype.toString(16).padStart(4, '0')})`;
    const rtFlags = ctx.linkType === LinkType.IEEE802_11_RADIOTAP ? radiotapFlags(view.bytes) : 0;
    const hasFcs = (rtFlags & 0x10) !== 0;
    const t = ctx.layer;
    ctx.cols.protocol = '802.11';
    if (ctx.building) {
      t.setLabel(`IEEE 802.11 ${name}, Flags: ${flagString(flags)}`);
      t.add('wlan.fc.type_subtype', 0, 1, typeSubtype, `Type/Subtype: ${name} (0x${typeSubtype.toString(16).padStart(4, '0')})`);
      const fc = t.add('wlan.fc', 0, 2, view.u16(0));
      fc.add('wlan.fc.version', 0, 1, fc0 & 3, undefined, fc0);
      fc.add('wlan.fc.type', 0, 1, type, undefined, fc0);
      fc.add('wlan.fc.subtype', 0, 1, subtype, undefined, fc0);
      const fl = fc.add('wlan.flags', 1, 1, flags);
      fl.add('wlan.fc.ds', 1, 1, flags & 3, undefined, flags);
      fl.hidden('wlan.fc.tods', 1, 1, (flags & 1) !== 0);
      fl.hidden('wlan.fc.fromds', 1, 1, (flags & 2) !== 0);
      for (const [mask, f] of FLAG_ITEMS) fl.add(f, 1, 1, (flags & mask) !== 0, undefined, flags);
    }
    const durWord = view.u16le(2);
    if (ctx.building && (durWord & 0x8000) === 0) t.add('wlan.duration', 2, 2, durWord & 0x7fff, `${bits16(0x7fff, durWord)} = Duration: ${durWord & 0x7fff} microseconds`);
    let info = name;
    let len: number;
    if (type === CTRL) {
      len = controlAddresses(view, ctx, subtype);
    } else {
      len = addresses(view, ctx, type, flags);
      const sc = view.u16le(22);
      info += `, SN=${sc >> 4}, FN=${sc & 0xf}`;
      if (ctx.building) {
        t.add('wlan.frag', 22, 2, sc & 0xf, undefined, sc);
        t.add('wlan.seq', 22, 2, sc >> 4, undefined, sc);
      }
      if (type === DATA && (flags & 3) === 3) {
        addr(view, ctx, 24, ['wlan.sa'], true);
        len = 30;
      } else hiddenAddr(view, ctx, 16);
      if (type === DATA && (subtype & 8) !== 0) len = qos(view, ctx, len);
      if ((flags & 0x80) !== 0 && (type === MGT || (subtype & 8) !== 0)) len += 4; // HT Control
    }
    info += `, Flags=${flagString(flags)}${hasFcs ? 'C' : ''}`;
    ctx.cols.info = info;
    const fcsLen = hasFcs ? 4 : 0;
    if (hasFcs) {
      const end = view.reportedLength - 4;
      if (end >= len) {
        if (ctx.building && view.has(end, 4)) t.add('wlan.fcs', end, 4, view.u32le(end));
        ctx.setPayloadLength(end - len);
      }
    }
    if (type === MGT) {
      const body = view.sub(len, Math.max(0, view.reportedLength - len - fcsLen));
      const extra = dissectMgtBody(body, ctx, subtype);
      if (extra.info !== '') ctx.cols.info = `${info}${extra.info}`;
      return len + extra.consumed;
    }
    if ((rtFlags & 0x20) !== 0) len = Math.ceil(len / 4) * 4; // radiotap Data Pad
    if (type === DATA && (subtype & 4) === 0 && (flags & 0x40) === 0) {
      ctx.setPayloadLength(view.reportedLength - len - fcsLen);
      ctx.handoffTo('llc');
    } else if (type === DATA && (flags & 0x40) !== 0 && view.has(len, 8) && ctx.building) {
      // Protected: the CCMP/TKIP header; the payload stays data, as Wireshark without keys shows it.
      t.add('wlan.ccmp.extiv', len, 8, ccmpPn(view, len));
      len += 8;
    }
    return len;
  },
});

const FLAG_ITEMS: readonly (readonly [number, string])[] = [
  [0x04, 'wlan.fc.frag'], [0x08, 'wlan.fc.retry'], [0x10, 'wlan.fc.pwrmgt'], [0x20, 'wlan.fc.moredata'], [0x40, 'wlan.fc.protected'], [0x80, 'wlan.fc.order'],
];

/** Wireshark's flag summary: o p m P R M F T from bit 7 down, '.' when clear. */
function flagString(flags: number): string {
  const letters = 'opmPRMFT';
  let s = '';
  for (let i = 0; i < 8; i++) s += (flags & (0x80 >> i)) !== 0 ? letters[i] : '.';
  return s;
}

function bits16(mask: number, raw: number): string {
  let out = '';
  for (let i = 15; i >= 0; i--) {
    out += (mask >> i) & 1 ? String((raw >> i) & 1) : '.';
    if (i > 0 && i % 4 === 0) out += ' ';
  }
  return out;
}

/** The 48-bit CCMP packet number, as Wireshark's wlan.ccmp.extiv (uint64). */
function ccmpPn(view: ByteView, at: number): bigint {
  const b = (i: number) => BigInt(view.u8(at + i));
  return (b(7) << 40n) | (b(6) << 32n) | (b(5) << 24n) | (b(4) << 16n) | (b(1) << 8n) | b(0);
}

/** An address under one or more names; the first also as the hidden wlan.addr when `withAddr`. */
function addr(view: ByteView, ctx: DissectContext, rel: number, names: readonly string[], withAddr: boolean): void {
  const mac = view.slice(rel, 6);
  if (!ctx.building) return;
  const t: Item = ctx.layer;
  names.forEach((n, i) => {
    t.add(n, rel, 6, mac);
    if (i === 0 && withAddr) t.hidden('wlan.addr', rel, 6, mac);
  });
}

function hiddenAddr(view: ByteView, ctx: DissectContext, rel: number): void {
  if (ctx.building) ctx.layer.hidden('wlan.addr', rel, 6, view.slice(rel, 6));
}

/** Management and data frame addresses 1-3 (address 4 is added by the caller), in Wireshark's order. */
function addresses(view: ByteView, ctx: DissectContext, type: number, flags: number): number {
  view.check(0, 24);
  ctx.cols.destination = formatEther(view.bytes, view.start + 4);
  ctx.cols.source = formatEther(view.bytes, view.start + 10);
  const ds = flags & 3;
  const a1 = 4;
  const a2 = 10;
  const a3 = 16;
  addr(view, ctx, a1, ['wlan.ra'], true);
  addr(view, ctx, a2, ['wlan.ta'], true);
  if (type === MGT || ds === 0) {
    addr(view, ctx, a1, ['wlan.da'], false);
    addr(view, ctx, a2, ['wlan.sa'], false);
    addr(view, ctx, a3, ['wlan.bssid'], false);
  } else if (ds === 1) {
    addr(view, ctx, a3, ['wlan.da'], false);
    addr(view, ctx, a2, ['wlan.sa'], false);
    addr(view, ctx, a1, ['wlan.bssid'], false);
    addr(view, ctx, a2, ['wlan.staa'], false);
    ctx.cols.destination = formatEther(view.bytes, view.start + a3);
  } else if (ds === 2) {
    addr(view, ctx, a1, ['wlan.da'], false);
    addr(view, ctx, a3, ['wlan.sa'], false);
    addr(view, ctx, a2, ['wlan.bssid'], false);
    addr(view, ctx, a1, ['wlan.staa'], false);
    ctx.cols.source = formatEther(view.bytes, view.start + a3);
  } else {
    addr(view, ctx, a3, ['wlan.da'], false);
    view.check(24, 6);
    ctx.cols.destination = formatEther(view.bytes, view.start + a3);
    ctx.cols.source = formatEther(view.bytes, view.start + 24);
  }
  return 24;
}

/** Control frames: RA for all; TA (or BSSID) where the subtype has a second address. */
function controlAddresses(view: ByteView, ctx: DissectContext, subtype: number): number {
  view.check(0, 10);
  const ra = formatEther(view.bytes, view.start + 4);
  ctx.cols.destination = `${ra} (RA)`;
  ctx.cols.source = '';
  if (subtype === 10) {
    // PS-Poll: AID in the duration field, BSSID then TA.
    addr(view, ctx, 4, ['wlan.bssid'], true);
    addr(view, ctx, 10, ['wlan.ta'], true);
    ctx.cols.destination = `${ra} (BSSID)`;
    ctx.cols.source = `${formatEther(view.bytes, view.start + 10)} (TA)`;
    return 16;
  }
  addr(view, ctx, 4, ['wlan.ra'], true);
  if (subtype === 12 || subtype === 13) return 10;
  if (subtype === 14 || subtype === 15) {
    addr(view, ctx, 10, ['wlan.bssid'], true);
    return 16;
  }
  addr(view, ctx, 10, ['wlan.ta'], true);
  ctx.cols.source = `${formatEther(view.bytes, view.start + 10)} (TA)`;
  return 16;
}

function qos(view: ByteView, ctx: DissectContext, at: number): number {
  const q = view.u16le(at);
  if (ctx.building) {
    const qi = ctx.layer.add('wlan.qos', at, 2, q);
    qi.add('wlan.qos.tid', at, 2, q & 0xf, undefined, q);
    qi.add('wlan.qos.priority', at, 2, q & 0x7, undefined, q);
    qi.add('wlan.qos.eosp', at, 2, (q & 0x10) !== 0, undefined, q);
    qi.add('wlan.qos.ack', at, 2, (q >> 5) & 3, undefined, q);
    qi.add('wlan.qos.amsdupresent', at, 2, (q & 0x80) !== 0, undefined, q);
  }
  return at + 2;
}
