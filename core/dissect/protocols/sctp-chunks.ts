/**
 * SCTP chunks (RFC 9260 §3.3), as Wireshark 4.0's packet-sctp.c shows them: one item per chunk with its
 * type (and the two action bits of the type), flags (with the bits of DATA, SACK, ABORT and SHUTDOWN
 * COMPLETE), length, the fields of DATA, INIT, INIT ACK, SACK, HEARTBEAT (ACK), ABORT, SHUTDOWN, ERROR,
 * COOKIE ECHO and COOKIE ACK, and the padding; the Info column's word for each (`DATA (TSN=…)`, `INIT_ACK`).
 *
 * TSNs are absolute: Wireshark's relative TSNs (sctp.relative_tsns) need the association's state.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDefs } from '../field';
import { addCauses, addParameters } from './sctp-params';

export const CHUNK_NAMES: Readonly<Record<number, string>> = {
  0: 'DATA', 1: 'INIT', 2: 'INIT_ACK', 3: 'SACK', 4: 'HEARTBEAT', 5: 'HEARTBEAT_ACK', 6: 'ABORT', 7: 'SHUTDOWN', 8: 'SHUTDOWN_ACK',
  9: 'ERROR', 10: 'COOKIE_ECHO', 11: 'COOKIE_ACK', 12: 'ECNE', 13: 'CWR', 14: 'SHUTDOWN_COMPLETE', 15: 'AUTH', 16: 'NR_SACK',
  64: 'I_DATA', 128: 'ASCONF_ACK', 129: 'PKTDROP', 130: 'RE_CONFIG', 132: 'PAD', 192: 'FORWARD_TSN', 193: 'ASCONF',
  194: 'I_FORWARD_TSN', 255: 'IETF_EXTENSION',
};

const DATA = 0;
const INIT = 1;
const INIT_ACK = 2;
const SACK = 3;
const HEARTBEAT = 4;
const HEARTBEAT_ACK = 5;
const ABORT = 6;
const SHUTDOWN = 7;
const ERROR = 9;
const COOKIE_ECHO = 10;
const ECNE = 12;
const CWR = 13;
const SHUTDOWN_COMPLETE = 14;

export const SCTP_CHUNK_FIELDS: FieldDefs = {
  'sctp.chunk_type': { name: 'Chunk type', type: 'uint8', strings: CHUNK_NAMES },
  'sctp.chunk_bit_1': { name: 'Bit', type: 'bool', mask: 0x80, tfs: ['Skip chunk and continue processing of the packet', 'Stop processing of the packet'] },
  'sctp.chunk_bit_2': { name: 'Bit', type: 'bool', mask: 0x40, tfs: ['Do report', 'Do not report'] },
  'sctp.chunk_flags': { name: 'Chunk flags', type: 'uint8', base: 'hex' },
  'sctp.chunk_length': { name: 'Chunk length', type: 'uint16' },
  'sctp.chunk_padding': { name: 'Chunk padding', type: 'bytes' },
  'sctp.chunk_value': { name: 'Chunk value', type: 'bytes' },
  'sctp.data_i_bit': { name: 'I-Bit', type: 'bool', mask: 0x08, tfs: ['Send SACK immediately', 'Possibly delay SACK'] },
  'sctp.data_u_bit': { name: 'U-Bit', type: 'bool', mask: 0x04, tfs: ['Unordered delivery', 'Ordered delivery'] },
  'sctp.data_b_bit': { name: 'B-Bit', type: 'bool', mask: 0x02, tfs: ['First segment', 'Subsequent segment'] },
  'sctp.data_e_bit': { name: 'E-Bit', type: 'bool', mask: 0x01, tfs: ['Last segment', 'Not the last segment'] },
  // Relative TSNs need the association's state (issue 6); like tshark with sctp.relative_tsns off, only the
  // absolute field is shown. The relative names stay declared so filters using them still compile.
  'sctp.data_tsn': { name: 'Transmission sequence number (relative)', type: 'uint32', blurb: 'Not shown yet: needs association state' },
  'sctp.data_tsn_raw': { name: 'Transmission sequence number (absolute)', type: 'uint32' },
  'sctp.data_sid': { name: 'Stream identifier', type: 'uint16', base: 'hex' },
  'sctp.data_ssn': { name: 'Stream sequence number', type: 'uint16' },
  'sctp.data_payload_proto_id': { name: 'Payload protocol identifier', type: 'uint32' },
  'sctp.init_initiate_tag': { name: 'Initiate tag', type: 'uint32', base: 'hex' },
  'sctp.init_credit': { name: 'Advertised receiver window credit (a_rwnd)', type: 'uint32' },
  'sctp.init_nr_out_streams': { name: 'Number of outbound streams', type: 'uint16' },
  'sctp.init_nr_in_streams': { name: 'Number of inbound streams', type: 'uint16' },
  'sctp.init_initial_tsn': { name: 'Initial TSN', type: 'uint32' },
  'sctp.initack_initiate_tag': { name: 'Initiate tag', type: 'uint32', base: 'hex' },
  'sctp.initack_credit': { name: 'Advertised receiver window credit (a_rwnd)', type: 'uint32' },
  'sctp.initack_nr_out_streams': { name: 'Number of outbound streams', type: 'uint16' },
  'sctp.initack_nr_in_streams': { name: 'Number of inbound streams', type: 'uint16' },
  'sctp.initack_initial_tsn': { name: 'Initial TSN', type: 'uint32' },
  'sctp.sack_nounce_sum': { name: 'Nounce sum', type: 'uint8', mask: 0x01 },
  'sctp.sack_cumulative_tsn_ack': { name: 'Cumulative TSN ACK (relative)', type: 'uint32', blurb: 'Not shown yet: needs association state' },
  'sctp.sack_cumulative_tsn_ack_raw': { name: 'Cumulative TSN ACK (absolute)', type: 'uint32' },
  'sctp.sack_a_rwnd': { name: 'Advertised receiver window credit (a_rwnd)', type: 'uint32' },
  'sctp.sack_number_of_gap_blocks': { name: 'Number of gap acknowledgement blocks', type: 'uint16' },
  'sctp.sack_number_of_duplicated_tsns': { name: 'Number of duplicated TSNs', type: 'uint16' },
  'sctp.sack_gap_block_start': { name: 'Start', type: 'uint16' },
  'sctp.sack_gap_block_end': { name: 'End', type: 'uint16' },
  'sctp.sack_duplicate_tsn': { name: 'Duplicate TSN', type: 'uint32' },
  'sctp.abort_t_bit': { name: 'T-Bit', type: 'bool', mask: 0x01, tfs: ['TCB not destroyed', 'TCB destroyed'] },
  'sctp.shutdown_complete_t_bit': { name: 'T-Bit', type: 'bool', mask: 0x01, tfs: ['No TCB destroyed', 'TCB destroyed'] },
  'sctp.shutdown_cumulative_tsn_ack': { name: 'Cumulative TSN Ack', type: 'uint32' },
  'sctp.cookie': { name: 'Cookie', type: 'bytes' },
  'sctp.ecne_lowest_tsn': { name: 'Lowest TSN', type: 'uint32' },
  'sctp.cwr_lowest_tsn': { name: 'Lowest TSN', type: 'uint32' },
};

/** What one chunk contributes: its Info word and, for DATA, where its user data lies. */
export interface ChunkResult {
  info: string;
  /** DATA: the user data's offset and length within the layer, and its payload protocol identifier. */
  data?: { at: number; len: number; ppi: number; complete: boolean };
}

/**
 * One chunk at `at` of `len` bytes (4 ≤ len ≤ bytes left) whose padded extent is `span`. `stated` is its
 * length field when that runs past the packet (then `len` is what is left). A chunk too short for its
 * fixed fields is an expert item.
 */
export function dissectChunk(view: ByteView, ctx: DissectContext, at: number, len: number, span: number, stated = len): ChunkResult {
  const type = view.u8(at);
  const flags = view.u8(at + 1);
  const name = CHUNK_NAMES[type] ?? 'RESERVED';
  const building = ctx.building;
  const c: Item = building ? ctx.layer.text(`${name} chunk`, at, span) : ctx.layer;
  if (building) {
    addChunkTypeAndFlags(c, type, flags, at);
    const l = c.add('sctp.chunk_length', at + 2, 2, stated);
    if (stated > len) l.expert('error', `Chunk length (${stated}) is longer than remaining data (${len}) in the packet.`);
  }
  const minimum = MINIMUM_LENGTH[type] ?? 4;
  let result: ChunkResult = { info: name };
  if (len < minimum) {
    if (building) c.expert('warn', `Chunk length bad: ${len} is less than ${minimum} for ${name}`);
  } else {
    result = chunkBody(view, ctx, c, type, flags, at, len) ?? result;
  }
  if (building && span > len) c.add('sctp.chunk_padding', at + len, span - len, view.slice(at + len, span - len));
  return result;
}

/** The smallest length each chunk type's fixed fields need. */
const MINIMUM_LENGTH: Readonly<Record<number, number>> = { [DATA]: 16, [INIT]: 20, [INIT_ACK]: 20, [SACK]: 16, [SHUTDOWN]: 8 };

/** A chunk's type (with its action bits) and flags (with the bits its type defines). */
export function addChunkTypeAndFlags(c: Item, type: number, flags: number, at: number): void {
  const t = c.add('sctp.chunk_type', at, 1, type);
  t.add('sctp.chunk_bit_1', at, 1, (type & 0x80) !== 0, undefined, type);
  t.add('sctp.chunk_bit_2', at, 1, (type & 0x40) !== 0, undefined, type);
  addFlagBits(c.add('sctp.chunk_flags', at + 1, 1, flags), type, flags, at + 1);
}

function addFlagBits(f: Item, type: number, flags: number, at: number): void {
  if (type === DATA) {
    for (const bit of ['sctp.data_i_bit', 'sctp.data_u_bit', 'sctp.data_b_bit', 'sctp.data_e_bit']) {
      const mask = bit === 'sctp.data_i_bit' ? 0x08 : bit === 'sctp.data_u_bit' ? 0x04 : bit === 'sctp.data_b_bit' ? 0x02 : 0x01;
      f.add(bit, at, 1, (flags & mask) !== 0, undefined, flags);
    }
  } else if (type === SACK) {
    f.add('sctp.sack_nounce_sum', at, 1, flags & 0x01, undefined, flags);
  } else if (type === ABORT) {
    f.add('sctp.abort_t_bit', at, 1, (flags & 0x01) !== 0, undefined, flags);
  } else if (type === SHUTDOWN_COMPLETE) {
    f.add('sctp.shutdown_complete_t_bit', at, 1, (flags & 0x01) !== 0, undefined, flags);
  }
}

/** The fields after the chunk header; returns the Info word and DATA's user data, or undefined for the plain name. */
function chunkBody(view: ByteView, ctx: DissectContext, c: Item, type: number, flags: number, at: number, len: number): ChunkResult | undefined {
  const building = ctx.building;
  const end = at + len;
  switch (type) {
    case DATA: {
      const tsn = view.u32(at + 4);
      const sid = view.u16(at + 8);
      const ssn = view.u16(at + 10);
      const ppi = view.u32(at + 12);
      const n = len - 16;
      if (building) {
        c.add('sctp.data_tsn_raw', at + 4, 4, tsn);
        c.add('sctp.data_sid', at + 8, 2, sid);
        c.add('sctp.data_ssn', at + 10, 2, ssn);
        c.add('sctp.data_payload_proto_id', at + 12, 4, ppi);
        const order = flags & 0x04 ? 'unordered' : 'ordered';
        const seg = (flags & 0x03) === 0x03 ? 'complete segment' : flags & 0x02 ? 'first segment' : flags & 0x01 ? 'last segment' : 'middle segment';
        c.setLabel(`DATA chunk (${order}, ${seg}, TSN: ${tsn}, SID: ${sid}, SSN: ${ssn}, PPID: ${ppi}, payload length: ${n} bytes)`);
      }
      const complete = (flags & 0x03) === 0x03;
      return { info: `DATA (TSN=${tsn})${complete ? '' : ' (Message Fragment)'}`, data: { at: at + 16, len: n, ppi, complete } };
    }
    case INIT:
    case INIT_ACK: {
      const p = type === INIT ? 'sctp.init_' : 'sctp.initack_';
      if (building) {
        c.add(`${p}initiate_tag`, at + 4, 4, view.u32(at + 4));
        c.add(`${p}credit`, at + 8, 4, view.u32(at + 8));
        c.add(`${p}nr_out_streams`, at + 12, 2, view.u16(at + 12));
        c.add(`${p}nr_in_streams`, at + 14, 2, view.u16(at + 14));
        c.add(`${p}initial_tsn`, at + 16, 4, view.u32(at + 16));
        c.setLabel(`${CHUNK_NAMES[type]} chunk (Outbound streams: ${view.u16(at + 12)}, inbound streams: ${view.u16(at + 14)})`);
        addParameters(view, c, at + 20, end);
      }
      return undefined;
    }
    case SACK: {
      const cum = view.u32(at + 4);
      const arwnd = view.u32(at + 8);
      if (building) addSack(view, c, at, end, cum, arwnd);
      // Wireshark's Info adds the end offset of the last gap block: `Ack=1000+14`.
      const gaps = view.u16(at + 12);
      const lastEnd = gaps > 0 && at + 16 + 4 * gaps <= end ? `+${view.u16(at + 14 + 4 * gaps)}` : '';
      return { info: `SACK (Ack=${cum}${lastEnd}, Arwnd=${arwnd})` };
    }
    case HEARTBEAT:
    case HEARTBEAT_ACK:
      if (building) {
        c.setLabel(`${CHUNK_NAMES[type]} chunk (Information: ${len - 4} bytes)`);
        addParameters(view, c, at + 4, end);
      }
      return undefined;
    case ABORT:
    case ERROR:
      if (building) addCauses(view, c, at + 4, end);
      return undefined;
    case SHUTDOWN: {
      const cum = view.u32(at + 4);
      if (building) {
        c.add('sctp.shutdown_cumulative_tsn_ack', at + 4, 4, cum);
        c.setLabel(`SHUTDOWN chunk (Cumulative TSN ack: ${cum})`);
      }
      return undefined;
    }
    case ECNE:
    case CWR:
      if (building && len >= 8) c.add(type === ECNE ? 'sctp.ecne_lowest_tsn' : 'sctp.cwr_lowest_tsn', at + 4, 4, view.u32(at + 4));
      return undefined;
    case COOKIE_ECHO:
      if (building) {
        if (len > 4) c.add('sctp.cookie', at + 4, len - 4, view.slice(at + 4, len - 4));
        c.setLabel(`COOKIE_ECHO chunk (Cookie length: ${len - 4} bytes)`);
      }
      return undefined;
    default:
      // SHUTDOWN ACK, COOKIE ACK and SHUTDOWN COMPLETE have no value; other chunks' values show as bytes.
      if (building && len > 4) c.add('sctp.chunk_value', at + 4, len - 4, view.slice(at + 4, len - 4));
      return undefined;
  }
}

function addSack(view: ByteView, c: Item, at: number, end: number, cum: number, arwnd: number): void {
  const gaps = view.u16(at + 12);
  const dups = view.u16(at + 14);
  c.setLabel(`SACK chunk (Cumulative TSN: ${cum}, a_rwnd: ${arwnd}, gaps: ${gaps}, duplicate TSNs: ${dups})`);
  c.add('sctp.sack_cumulative_tsn_ack_raw', at + 4, 4, cum);
  const a = c.add('sctp.sack_a_rwnd', at + 8, 4, arwnd);
  if (arwnd === 0) a.expert('note', 'Zero Advertised Receiver Window Credit');
  c.add('sctp.sack_number_of_gap_blocks', at + 12, 2, gaps);
  c.add('sctp.sack_number_of_duplicated_tsns', at + 14, 2, dups);
  let p = at + 16;
  for (let i = 0; i < gaps; i++, p += 4) {
    if (p + 4 > end) {
      c.text('Gap blocks run past the chunk', p, end - p).expert('warn', 'Malformed gap block.');
      return;
    }
    const start = view.u16(p);
    const stop = view.u16(p + 2);
    const g = c.text(`Gap Acknowledgement for TSN ${(cum + start) >>> 0} to ${(cum + stop) >>> 0}`, p, 4);
    g.add('sctp.sack_gap_block_start', p, 2, start);
    g.add('sctp.sack_gap_block_end', p + 2, 2, stop);
    if (start > stop) g.expert('warn', 'Malformed gap block.');
  }
  for (let i = 0; i < dups && p + 4 <= end; i++, p += 4) c.add('sctp.sack_duplicate_tsn', p, 4, view.u32(p));
}
