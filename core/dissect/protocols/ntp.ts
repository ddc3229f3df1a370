/**
 * Network Time Protocol (RFC 5905; control messages RFC 1305 App. B; ntpd's private mode 7) on UDP port
 * 123. Wireshark: packet-ntp.c. Timestamps are absolute times from NTP's 1900 epoch (a zero timestamp
 * prints `NULL`, as tshark does); root delay and dispersion are 16.16 fixed point seconds.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldValue } from '../field';
import { formatAbsTime, formatIpv4, hex } from '../format';
import { defineProtocol } from '../protocol';

const NTP_TO_UNIX = 2208988800;
const MODES: Readonly<Record<number, string>> = {
  0: 'reserved', 1: 'symmetric active', 2: 'symmetric passive', 3: 'client', 4: 'server', 5: 'broadcast',
  6: 'reserved for NTP control message', 7: 'reserved for private use',
};
/** The Info column's word for each mode. */
const MODE_INFO: Readonly<Record<number, string>> = { ...MODES, 6: 'control', 7: 'private' };
const LEAP: Readonly<Record<number, string>> = {
  0: 'no warning', 1: 'last minute of the day has 61 seconds', 2: 'last minute of the day has 59 seconds', 3: 'unknown (clock unsynchronized)',
};
const VERSIONS: Readonly<Record<number, string>> = Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map((v) => [v, `NTP Version ${v}`]));
const CTRL_OPCODES: Readonly<Record<number, string>> = {
  0: 'reserved', 1: 'read status', 2: 'read variables', 3: 'write variables', 4: 'read clock variables', 5: 'write clock variables',
  6: 'set trap address/port', 7: 'asynchronous message', 8: 'runtime configuration', 9: 'save config to file',
  10: 'retrieve MRU (mrulist)', 11: 'retrieve ordered list', 12: 'request a client nonce', 31: 'unset trap address/port',
};
const PRIV_IMPL: Readonly<Record<number, string>> = { 0: 'UNIV', 2: 'XNTPD_OLD (pre-IPv6)', 3: 'XNTPD' };
const PRIV_CODES = [
  'PEER_LIST', 'PEER_LIST_SUM', 'PEER_INFO', 'PEER_STATS', 'SYS_INFO', 'SYS_STATS', 'IO_STATS', 'MEM_STATS', 'LOOP_INFO', 'TIMER_STATS',
  'CONFIG', 'UNCONFIG', 'SET_SYS_FLAG', 'CLR_SYS_FLAG', 'MONITOR', 'NOMONITOR', 'GET_RESTRICT', 'RESADDFLAGS', 'RESSUBFLAGS',
  'UNRESTRICT', 'MON_GETLIST', 'RESET_STATS', 'RESET_PEER', 'REREAD_KEYS', 'DO_DIRTY_HACK', 'DONT_DIRTY_HACK', 'TRUSTKEY',
  'UNTRUSTKEY', 'AUTHINFO', 'TRAPS', 'ADD_TRAP', 'CLR_TRAP', 'REQUEST_KEY', 'CONTROL_KEY', 'GET_CTLSTATS', 'GET_LEAPINFO',
  'GET_CLOCKINFO', 'SET_CLKFUDGE', 'GET_KERNEL', 'GET_CLKBUGINFO', '', 'SET_PRECISION', 'MON_GETLIST_1', 'HOSTNAME_ASSOCID',
  'IF_STATS', 'IF_RELOAD',
];
const PRIV_CODE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(PRIV_CODES.map((n, i) => [i, n]).filter(([, n]) => n !== ''));

const u8 = (name: string, mask?: number) => ({ name, type: 'uint8', ...(mask !== undefined ? { mask } : {}) }) as const;
const time = (name: string) => ({ name, type: 'time' }) as const;

/** An NTP timestamp (seconds since 1900 and a binary fraction) as a time since 1970, or `NULL` for zero. */
export function ntpTime(view: ByteView, rel: number): FieldValue {
  const sec = view.u32(rel);
  const frac = view.u32(rel + 4);
  if (sec === 0 && frac === 0) return 'NULL';
  // Era 1 (from 2036) when the top bit is clear, as RFC 4330 §3 and Wireshark read it.
  const unix = sec - NTP_TO_UNIX + ((sec & 0x80000000) === 0 ? 2 ** 32 : 0);
  return { sec: unix, nsec: Math.floor((frac * 1e9) / 2 ** 32) };
}

function stratumText(s: number): string {
  if (s === 0) return 'unspecified or invalid';
  if (s === 1) return 'primary reference';
  if (s <= 15) return 'secondary reference';
  return s === 16 ? 'unsynchronized' : 'reserved';
}

export const ntp = defineProtocol({
  abbrev: 'ntp',
  name: 'Network Time Protocol',
  short: 'NTP',
  registersIn: [['udp.port', 123]],
  fields: {
    'ntp.flags': { name: 'Flags', type: 'uint8', base: 'hex', offset: 0 },
    'ntp.flags.li': { ...u8('Leap Indicator', 0xc0), strings: LEAP, offset: 0 },
    'ntp.flags.vn': { ...u8('Version number', 0x38), strings: VERSIONS, offset: 0 },
    'ntp.flags.mode': { ...u8('Mode', 0x07), strings: MODES, offset: 0 },
    'ntp.stratum': { ...u8('Peer Clock Stratum'), offset: 1 },
    'ntp.ppoll': { ...u8('Peer Polling Interval'), offset: 2 },
    'ntp.precision': { ...u8('Peer Clock Precision'), offset: 3 },
    'ntp.rootdelay': { name: 'Root Delay', type: 'uint32', offset: 4 },
    'ntp.rootdispersion': { name: 'Root Dispersion', type: 'uint32', offset: 8 },
    'ntp.refid': { name: 'Reference ID', type: 'bytes', offset: 12 },
    'ntp.reftime': time('Reference Timestamp'),
    'ntp.org': time('Origin Timestamp'),
    'ntp.rec': time('Receive Timestamp'),
    'ntp.xmt': time('Transmit Timestamp'),
    'ntp.keyid': { name: 'Key ID', type: 'bytes' },
    'ntp.mac': { name: 'Message Authentication Code', type: 'bytes' },
    'ntp.ctrl.flags2': { name: 'Flags 2', type: 'uint8', base: 'hex', offset: 1 },
    'ntp.ctrl.flags2.r': { ...u8('Response bit', 0x80), strings: { 0: 'Request', 1: 'Response' } },
    'ntp.ctrl.flags2.error': u8('Error bit', 0x40),
    'ntp.ctrl.flags2.more': u8('More bit', 0x20),
    'ntp.ctrl.flags2.opcode': { ...u8('Opcode', 0x1f), strings: CTRL_OPCODES },
    'ntp.ctrl.sequence': { name: 'Sequence', type: 'uint16', offset: 2 },
    'ntp.ctrl.status': { name: 'Status', type: 'uint16', base: 'hex', offset: 4 },
    'ntp.ctrl.associd': { name: 'AssociationID', type: 'uint16', offset: 6 },
    'ntp.ctrl.offset': { name: 'Offset', type: 'uint16', offset: 8 },
    'ntp.ctrl.count': { name: 'Count', type: 'uint16', offset: 10 },
    'ntp.priv.flags.r': { ...u8('Response bit', 0x80), strings: { 0: 'Request', 1: 'Response' } },
    'ntp.priv.flags.more': u8('More bit', 0x40),
    'ntp.priv.auth_seq': { ...u8('Auth, sequence'), offset: 1 },
    'ntp.priv.auth': u8('Auth bit', 0x80),
    'ntp.priv.seq': u8('Sequence number', 0x7f),
    'ntp.priv.impl': { ...u8('Implementation'), strings: PRIV_IMPL, offset: 2 },
    'ntp.priv.reqcode': { ...u8('Request code'), strings: PRIV_CODE_NAMES, offset: 3 },
  },
  dissect(view, ctx) {
    const flags = view.u8(0);
    const vn = (flags >> 3) & 7;
    const mode = flags & 7;
    ctx.cols.info = `NTP Version ${vn}, ${MODE_INFO[mode]}`;
    if (ctx.building) ctx.layer.setLabel(`Network Time Protocol (${ctx.cols.info})`);
    if (mode === 7) return dissectPrivate(view, ctx, flags);
    if (ctx.building) addFlags(ctx.layer, flags);
    if (mode === 6) return dissectControl(view, ctx);
    return dissectTime(view, ctx);
  },
});

function addFlags(t: Item, flags: number): void {
  const li = flags >> 6;
  const vn = (flags >> 3) & 7;
  const mode = flags & 7;
  const label = `Flags: ${hex(flags, 2)}, Leap Indicator: ${LEAP[li]}, Version number: NTP Version ${vn}, Mode: ${MODES[mode]}`;
  const f = t.add('ntp.flags', 0, 1, flags, label);
  f.add('ntp.flags.li', 0, 1, li, undefined, flags);
  f.add('ntp.flags.vn', 0, 1, vn, undefined, flags);
  f.add('ntp.flags.mode', 0, 1, mode, undefined, flags);
}

/** Modes 1-5: the 48-byte time packet, then a key ID and MAC when present. */
function dissectTime(view: ByteView, ctx: DissectContext): number {
  view.check(0, 48);
  const t = ctx.layer;
  if (ctx.building) {
    const stratum = view.u8(1);
    const poll = view.u8(2);
    const precision = view.u8(3);
    const delay = view.u32(4);
    const disp = view.u32(8);
    const refid = view.slice(12, 4);
    t.add('ntp.stratum', 1, 1, stratum, `Peer Clock Stratum: ${stratumText(stratum)} (${stratum})`);
    t.add('ntp.ppoll', 2, 1, poll, `Peer Polling Interval: ${poll} (${2 ** poll} seconds)`);
    const p = precision >= 128 ? precision - 256 : precision;
    t.add('ntp.precision', 3, 1, precision, `Peer Clock Precision: ${(2 ** p).toFixed(6)} seconds`);
    t.add('ntp.rootdelay', 4, 4, delay, `Root Delay: ${(delay / 65536).toFixed(6)} seconds`);
    t.add('ntp.rootdispersion', 8, 4, disp, `Root Dispersion: ${(disp / 65536).toFixed(6)} seconds`);
    const ascii = stratum <= 1 ? String.fromCharCode(...refid).replace(/\0+$/, '') : formatIpv4(refid, 0);
    t.add('ntp.refid', 12, 4, refid, `Reference ID: ${ascii}`);
    const names = ['ntp.reftime', 'ntp.org', 'ntp.rec', 'ntp.xmt'] as const;
    const words = ['Reference Timestamp', 'Origin Timestamp', 'Receive Timestamp', 'Transmit Timestamp'];
    names.forEach((name, i) => {
      const v = ntpTime(view, 16 + 8 * i);
      const text = typeof v === 'string' ? v : typeof v === 'object' && !(v instanceof Uint8Array) ? formatAbsTime(v.sec, v.nsec) : '';
      t.add(name, 16 + 8 * i, 8, v, `${words[i]}: ${text}`);
    });
  }
  const rest = view.length - 48;
  if (ctx.building && (rest === 20 || rest === 24)) {
    t.add('ntp.keyid', 48, 4, view.slice(48, 4));
    t.add('ntp.mac', 52, rest - 4, view.slice(52, rest - 4));
  }
  return view.length;
}

/** Mode 6: the control message header (RFC 1305 App. B). */
function dissectControl(view: ByteView, ctx: DissectContext): number {
  view.check(0, 12);
  if (!ctx.building) return view.length;
  const t = ctx.layer;
  const f2 = view.u8(1);
  const opcode = f2 & 0x1f;
  const r = f2 >> 7;
  const f = t.add('ntp.ctrl.flags2', 1, 1, f2, `Flags 2: ${hex(f2, 2)}, Response bit: ${r ? 'Response' : 'Request'}, Opcode: ${CTRL_OPCODES[opcode] ?? 'Unknown'}`);
  f.add('ntp.ctrl.flags2.r', 1, 1, r, undefined, f2);
  f.add('ntp.ctrl.flags2.error', 1, 1, (f2 >> 6) & 1, undefined, f2);
  f.add('ntp.ctrl.flags2.more', 1, 1, (f2 >> 5) & 1, undefined, f2);
  f.add('ntp.ctrl.flags2.opcode', 1, 1, opcode, undefined, f2);
  t.add('ntp.ctrl.sequence', 2, 2, view.u16(2));
  t.add('ntp.ctrl.status', 4, 2, view.u16(4));
  t.add('ntp.ctrl.associd', 6, 2, view.u16(6));
  t.add('ntp.ctrl.offset', 8, 2, view.u16(8));
  t.add('ntp.ctrl.count', 10, 2, view.u16(10));
  return view.length;
}

/** Mode 7: ntpd's private request/response header; Info names the request. */
function dissectPrivate(view: ByteView, ctx: DissectContext, flags: number): number {
  view.check(0, 4);
  const r = flags >> 7;
  const code = view.u8(3);
  ctx.cols.info += `, ${r ? 'Response' : 'Request'}, ${PRIV_CODE_NAMES[code] ?? `Unknown (${code})`}`;
  if (!ctx.building) return view.length;
  const t = ctx.layer;
  const vn = (flags >> 3) & 7;
  const f = t.add('ntp.flags', 0, 1, flags, `Flags: ${hex(flags, 2)}, Response bit: ${r ? 'Response' : 'Request'}, Version number: NTP Version ${vn}, Mode: ${MODES[7]}`);
  f.add('ntp.priv.flags.r', 0, 1, r, undefined, flags);
  f.add('ntp.priv.flags.more', 0, 1, (flags >> 6) & 1, undefined, flags);
  f.add('ntp.flags.vn', 0, 1, vn, undefined, flags);
  f.add('ntp.flags.mode', 0, 1, 7, undefined, flags);
  const as = view.u8(1);
  const a = t.add('ntp.priv.auth_seq', 1, 1, as);
  a.add('ntp.priv.auth', 1, 1, as >> 7, undefined, as);
  a.add('ntp.priv.seq', 1, 1, as & 0x7f, undefined, as);
  t.add('ntp.priv.impl', 2, 1, view.u8(2));
  t.add('ntp.priv.reqcode', 3, 1, code);
  return view.length;
}
