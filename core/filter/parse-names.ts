/**
 * The names the filter parser looks up by value: grammar.y's str2tok tables for 802.11 types,
 * subtypes and directions, LLC S and U subtypes, and PF reasons and actions. Matched
 * case-insensitively, as libpcap does.
 */

export const WLAN_TYPE_MASK = 0x0c;
export const WLAN_SUBTYPE_MASK = 0xf0;
export const WLAN_TYPES: Readonly<Record<string, number>> = { data: 0x08, mgt: 0x00, management: 0x00, ctl: 0x04, control: 0x04 };
const WLAN_MGT_SUBTYPES: Readonly<Record<string, number>> = {
  assocreq: 0x00, 'assoc-req': 0x00, assocresp: 0x10, 'assoc-resp': 0x10, reassocreq: 0x20, 'reassoc-req': 0x20,
  reassocresp: 0x30, 'reassoc-resp': 0x30, probereq: 0x40, 'probe-req': 0x40, proberesp: 0x50, 'probe-resp': 0x50,
  beacon: 0x80, atim: 0x90, disassoc: 0xa0, disassociation: 0xa0, auth: 0xb0, authentication: 0xb0,
  deauth: 0xc0, deauthentication: 0xc0,
};
/** libpcap 1.10 has no names for BAR (0x80) and BA (0x90); later versions add `bar` and `ba`. */
const WLAN_CTL_SUBTYPES: Readonly<Record<string, number>> = {
  'ps-poll': 0xa0, rts: 0xb0, cts: 0xc0, ack: 0xd0, 'cf-end': 0xe0, 'cf-end-ack': 0xf0,
};
const WLAN_DATA_SUBTYPES: Readonly<Record<string, number>> = {
  data: 0x00, 'data-cf-ack': 0x10, 'data-cf-poll': 0x20, 'data-cf-ack-poll': 0x30, null: 0x40, 'cf-ack': 0x50,
  'cf-poll': 0x60, 'cf-ack-poll': 0x70, 'qos-data': 0x80, 'qos-data-cf-ack': 0x90, 'qos-data-cf-poll': 0xa0,
  'qos-data-cf-ack-poll': 0xb0, qos: 0xc0, 'qos-cf-poll': 0xe0, 'qos-cf-ack-poll': 0xf0,
};
/** In grammar.y's search order for `subtype NAME` without a type. */
export const WLAN_SUBTYPES_BY_TYPE: readonly (readonly [number, Readonly<Record<string, number>>])[] = [
  [0x00, WLAN_MGT_SUBTYPES], [0x04, WLAN_CTL_SUBTYPES], [0x08, WLAN_DATA_SUBTYPES],
];
export const WLAN_DIRS: Readonly<Record<string, number>> = { nods: 0, tods: 1, fromds: 2, dstods: 3 };
export const LLC_S_SUBTYPES: Readonly<Record<string, number>> = { rr: 0x01, rnr: 0x05, rej: 0x09 };
export const LLC_U_SUBTYPES: Readonly<Record<string, number>> = {
  ui: 0x03, ua: 0x63, disc: 0x43, dm: 0x0f, sabme: 0x6f, test: 0xe3, xid: 0xaf, frmr: 0x87,
};
/** libpcap 1.10 on Linux (no OS-specific reasons or actions). */
export const PF_REASONS: Readonly<Record<string, number>> = {
  match: 0, 'bad-offset': 1, fragment: 2, short: 3, normalize: 4, memory: 5, 'bad-timestamp': 6, congestion: 7,
  'ip-option': 8, 'proto-cksum': 9, 'state-mismatch': 10, 'state-insert': 11, 'state-limit': 12, 'src-limit': 13,
  synproxy: 14,
};
export const PF_ACTIONS: Readonly<Record<string, number>> = {
  pass: 0, accept: 0, drop: 1, block: 1, scrub: 2, noscrub: 3, nat: 4, nonat: 5, binat: 6, nobinat: 7, rdr: 8,
  nordr: 9, 'synproxy-drop': 10,
};

/** The value `name` has in `table`, ignoring case; undefined when the table has no such name. */
export function lookup(table: Readonly<Record<string, number>>, name: string): number | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The names of a table, for "(known: …)" in error messages. */
export const names = (table: Readonly<Record<string, number>>) => Object.keys(table).join(', ');

/** A byte as `0x0c`, for error messages. */
export const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
