/**
 * SCTP variable-length parameters (RFC 9260 §3.2.1) and error causes (§3.3.10), as Wireshark 4.0's
 * packet-sctp.c shows them: one item per parameter with its type (and the two action bits of the type),
 * length, value and padding; one item per cause with its code, length and information.
 */
import type { ByteView } from '../byte-view';
import type { Item } from '../context';
import type { FieldDefs } from '../field';
import { formatIpv4, formatIpv6 } from '../format';

const PARAMETER_NAMES: Readonly<Record<number, string>> = {
  0x1: 'Heartbeat info', 0x5: 'IPv4 address', 0x6: 'IPv6 address', 0x7: 'State cookie', 0x8: 'Unrecognized parameter',
  0x9: 'Cookie preservative', 0xb: 'Hostname address', 0xc: 'Supported address types', 0xd: 'Outgoing SSN reset request',
  0xe: 'Incoming SSN reset request', 0xf: 'SSN/TSN reset request', 0x10: 'Re-configuration response', 0x11: 'Add outgoing streams request',
  0x12: 'Add incoming streams request', 0x8000: 'ECN', 0x8002: 'Random', 0x8003: 'Authenticated Chunk list',
  0x8004: 'Requested HMAC Algorithm', 0x8008: 'Supported Extensions', 0xc000: 'Forward TSN supported', 0xc001: 'Add IP address',
  0xc002: 'Delete IP address', 0xc003: 'Error cause indication', 0xc004: 'Set primary address', 0xc005: 'Success report',
  0xc006: 'Adaptation Layer Indication',
};

const ADDRESS_TYPES: Readonly<Record<number, string>> = { 5: 'IPv4 address', 6: 'IPv6 address', 11: 'Hostname address' };

const CAUSE_NAMES: Readonly<Record<number, string>> = {
  0x1: 'Invalid stream identifier', 0x2: 'Missing mandatory parameter', 0x3: 'Stale cookie error', 0x4: 'Out of resource',
  0x5: 'Unresolvable address', 0x6: 'Unrecognized chunk type', 0x7: 'Invalid mandatory parameter', 0x8: 'Unrecognized parameters',
  0x9: 'No user data', 0xa: 'Cookie received while shutting down', 0xb: 'Restart of an association with new addresses',
  0xc: 'User initiated ABORT', 0xd: 'Protocol violation', 0xa0: 'Request to delete last address',
  0xa1: 'Operation refused due to resource shortage', 0xa2: 'Request to delete source address',
  0xa3: 'Association Aborted due to illegal ASCONF-ACK', 0xa4: 'Request refused - no authorization', 0x105: 'Unsupported HMAC identifier',
};

export const SCTP_PARAMETER_FIELDS: FieldDefs = {
  'sctp.parameter_type': { name: 'Parameter type', type: 'uint16', base: 'hex', strings: PARAMETER_NAMES },
  'sctp.parameter_bit_1': { name: 'Bit', type: 'bool', mask: 0x8000, bitWidth: 16, tfs: ['Skip parameter and continue processing of the chunk', 'Stop processing of chunk'] },
  'sctp.parameter_bit_2': { name: 'Bit', type: 'bool', mask: 0x4000, bitWidth: 16, tfs: ['Do report', 'Do not report'] },
  'sctp.parameter_length': { name: 'Parameter length', type: 'uint16' },
  'sctp.parameter_value': { name: 'Parameter value', type: 'bytes' },
  'sctp.parameter_padding': { name: 'Parameter padding', type: 'bytes' },
  'sctp.parameter_heartbeat_information': { name: 'Heartbeat information', type: 'bytes' },
  'sctp.parameter_ipv4_address': { name: 'IP Version 4 address', type: 'ipv4' },
  'sctp.parameter_ipv6_address': { name: 'IP Version 6 address', type: 'ipv6' },
  'sctp.parameter_state_cookie': { name: 'State cookie', type: 'bytes' },
  'sctp.parameter_cookie_preservative_incr': { name: 'Suggested Cookie life-span increment (msec)', type: 'uint32' },
  'sctp.parameter_hostname': { name: 'Hostname', type: 'string' },
  'sctp.parameter_supported_address_type': { name: 'Supported address type', type: 'uint16', strings: ADDRESS_TYPES },
  'sctp.supported_chunk_type': { name: 'Supported chunk type', type: 'uint8' },
  'sctp.adaptation_layer_indication': { name: 'Indication', type: 'uint32', base: 'hex' },
  'sctp.cause_code': { name: 'Cause code', type: 'uint16', base: 'hex', strings: CAUSE_NAMES },
  'sctp.cause_length': { name: 'Cause length', type: 'uint16' },
  'sctp.cause_information': { name: 'Cause information', type: 'bytes' },
  'sctp.cause_padding': { name: 'Cause padding', type: 'bytes' },
  'sctp.cause_stream_identifier': { name: 'Stream identifier', type: 'uint16' },
  'sctp.cause_reserved': { name: 'Reserved', type: 'uint16' },
  'sctp.cause_measure_of_staleness': { name: 'Measure of staleness in usec', type: 'uint32' },
  'sctp.cause_nr_of_missing_parameters': { name: 'Number of missing parameters', type: 'uint32' },
  'sctp.cause_missing_parameter_type': { name: 'Missing parameter type', type: 'uint16', base: 'hex', strings: PARAMETER_NAMES },
};

/** Length of a TLV padded to a multiple of 4, bounded by `end`. */
function padded(at: number, len: number, end: number): number {
  return Math.min(at + ((len + 3) & ~3), end) - at;
}

/**
 * The parameters in bytes [at, end) of the current layer (INIT, INIT ACK, HEARTBEAT …), under `parent`.
 * Only called when building. A length under 4 or past `end` is an expert item and ends the list.
 */
export function addParameters(view: ByteView, parent: Item, at: number, end: number): void {
  while (at + 4 <= end) {
    const type = view.u16(at);
    const len = view.u16(at + 2);
    const name = PARAMETER_NAMES[type] ?? 'Unknown';
    if (len < 4 || at + len > end) {
      parent.text(`${name} parameter`, at, end - at).expert('warn', `Parameter length bad: ${len}`);
      return;
    }
    const v = at + 4;
    const n = len - 4;
    const p = parent.text(`${name} parameter`, at, padded(at, len, end));
    const typeItem = p.add('sctp.parameter_type', at, 2, type);
    typeItem.add('sctp.parameter_bit_1', at, 2, (type & 0x8000) !== 0, undefined, type);
    typeItem.add('sctp.parameter_bit_2', at, 2, (type & 0x4000) !== 0, undefined, type);
    p.add('sctp.parameter_length', at + 2, 2, len);
    const detail = addParameterValue(view, p, type, v, n);
    if (detail !== '') p.setLabel(`${name} parameter (${detail})`);
    const pad = padded(at, len, end) - len;
    if (pad > 0) p.add('sctp.parameter_padding', at + len, pad, view.slice(at + len, pad));
    at += padded(at, len, end);
  }
  if (at < end) parent.text('Trailing bytes too short for a parameter', at, end - at).expert('warn', 'Parameter length bad');
}

/** A parameter's value fields; returns the detail its label shows in parentheses ('' for none). */
function addParameterValue(view: ByteView, p: Item, type: number, v: number, n: number): string {
  switch (type) {
    case 0x1:
      if (n > 0) p.add('sctp.parameter_heartbeat_information', v, n, view.slice(v, n));
      return `Information: ${n} bytes`;
    case 0x5:
      if (n !== 4) break;
      p.add('sctp.parameter_ipv4_address', v, 4, view.slice(v, 4));
      return `Address: ${formatIpv4(view.bytes, view.start + v)}`;
    case 0x6:
      if (n !== 16) break;
      p.add('sctp.parameter_ipv6_address', v, 16, view.slice(v, 16));
      return `Address: ${formatIpv6(view.bytes, view.start + v)}`;
    case 0x7:
      if (n > 0) p.add('sctp.parameter_state_cookie', v, n, view.slice(v, n));
      return `Cookie length: ${n} bytes`;
    case 0x9:
      if (n !== 4) break;
      p.add('sctp.parameter_cookie_preservative_incr', v, 4, view.u32(v));
      return `Increment: ${view.u32(v)} msec`;
    case 0xb: {
      let s = '';
      for (let i = 0; i < n && view.u8(v + i) !== 0; i++) s += String.fromCharCode(view.u8(v + i));
      p.add('sctp.parameter_hostname', v, n, s);
      return `Hostname: ${s}`;
    }
    case 0xc: {
      const names: string[] = [];
      for (let i = 0; i + 2 <= n; i += 2) {
        const t = view.u16(v + i);
        p.add('sctp.parameter_supported_address_type', v + i, 2, t);
        names.push(t === 5 ? 'IPv4' : t === 6 ? 'IPv6' : t === 11 ? 'hostname' : `${t}`);
      }
      return `Supported types: ${names.join(', ')}`;
    }
    case 0x8000:
    case 0xc000:
      return '';
    case 0x8008:
      for (let i = 0; i < n; i++) p.add('sctp.supported_chunk_type', v + i, 1, view.u8(v + i));
      return '';
    case 0xc006:
      if (n !== 4) break;
      p.add('sctp.adaptation_layer_indication', v, 4, view.u32(v));
      return `Indication: ${view.u32(v)}`;
    default:
      break;
  }
  if (n > 0) p.add('sctp.parameter_value', v, n, view.slice(v, n));
  return n > 0 ? `Information: ${n} byte${n === 1 ? '' : 's'}` : '';
}

/** The error causes in bytes [at, end) of an ABORT or ERROR chunk, under `parent`. Only called when building. */
export function addCauses(view: ByteView, parent: Item, at: number, end: number): void {
  while (at + 4 <= end) {
    const code = view.u16(at);
    const len = view.u16(at + 2);
    const name = CAUSE_NAMES[code] ?? 'Unknown';
    if (len < 4 || at + len > end) {
      parent.text(`${name} cause`, at, end - at).expert('warn', `Cause length bad: ${len}`);
      return;
    }
    const c = parent.text(`${name} cause`, at, padded(at, len, end));
    c.add('sctp.cause_code', at, 2, code);
    c.add('sctp.cause_length', at + 2, 2, len);
    const v = at + 4;
    const n = len - 4;
    if (code === 0x1 && n >= 4) {
      c.add('sctp.cause_stream_identifier', v, 2, view.u16(v));
      c.add('sctp.cause_reserved', v + 2, 2, view.u16(v + 2));
      c.setLabel(`${name} cause (SID: ${view.u16(v)})`);
    } else if (code === 0x2 && n >= 4) {
      const count = view.u32(v);
      c.add('sctp.cause_nr_of_missing_parameters', v, 4, count);
      for (let i = 0; i < count && v + 4 + 2 * i + 2 <= at + len; i++) c.add('sctp.cause_missing_parameter_type', v + 4 + 2 * i, 2, view.u16(v + 4 + 2 * i));
    } else if (code === 0x3 && n >= 4) {
      c.add('sctp.cause_measure_of_staleness', v, 4, view.u32(v));
      c.setLabel(`${name} cause (Measure: ${view.u32(v)} usec)`);
    } else if (n > 0) {
      c.add('sctp.cause_information', v, n, view.slice(v, n));
    }
    const pad = padded(at, len, end) - len;
    if (pad > 0) c.add('sctp.cause_padding', at + len, pad, view.slice(at + len, pad));
    at += padded(at, len, end);
  }
}
