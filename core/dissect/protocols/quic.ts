/**
 * QUIC (RFC 9000, 9369 for version 2). Wireshark: packet-quic.c. Every packet of a datagram (coalesced
 * long-header packets, then at most one short-header packet): header form and fixed bit, packet type,
 * version, connection IDs, token and length; Version Negotiation with its supported versions; Retry with
 * its token and integrity tag; a short header's spin bit.
 *
 * Packet protection is not removed: the packet number, the reserved and key-phase bits and the payload
 * stay encrypted ("Remaining Payload"). tshark derives Initial keys from the client's DCID and shows the
 * Initial's frames; Trawl does not yet, so an Initial's Info lacks `PKN: …, CRYPTO, …`. A short header's
 * DCID length is known only from the connection's long headers, so it is taken as 0 (as Wireshark does
 * for a connection it has not seen).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDef } from '../field';
import { hexBytes } from '../format';
import { defineProtocol } from '../protocol';
import { QUIC_VERSIONS, isKnownQuicVersion, isQuicV2 } from './quic-versions';

export const QUIC_UDP_PORT = 443;

const LONG_TYPES: Readonly<Record<number, string>> = { 0: 'Initial', 1: '0-RTT', 2: 'Handshake', 3: 'Retry' };
const LONG_TYPES_V2: Readonly<Record<number, string>> = { 0: 'Retry', 1: 'Initial', 2: '0-RTT', 3: 'Handshake' };
const u8 = (name: string): FieldDef => ({ name, type: 'uint8' });
const bytes = (name: string): FieldDef => ({ name, type: 'bytes' });

/** A variable-length integer (RFC 9000 §16) at `at`: value and encoded length. */
function varint(view: ByteView, at: number): { value: number; len: number } {
  const b = view.u8(at);
  const len = 1 << (b >> 6);
  let v = b & 0x3f;
  for (let i = 1; i < len; i++) v = v * 256 + view.u8(at + i);
  return { value: v, len };
}

export const quic = defineProtocol({
  abbrev: 'quic',
  name: 'QUIC IETF',
  short: 'QUIC',
  registersIn: [['udp.port', QUIC_UDP_PORT]],
  heuristicIn: ['udp.port'],
  heuristic: (view) => {
    if (!view.has(0, 6)) return false;
    const b0 = view.u8(0);
    const version = view.u32(1);
    return (b0 & 0x80) !== 0 && (version === 0 || ((b0 & 0x40) !== 0 && isKnownQuicVersion(version))) && view.u8(5) <= 20;
  },
  fields: {
    'quic.packet_length': { name: 'Packet Length', type: 'uint32' },
    'quic.header_form': { name: 'Header Form', type: 'uint8', mask: 0x80, strings: { 0: 'Short Header', 1: 'Long Header' } },
    'quic.fixed_bit': { name: 'Fixed Bit', type: 'bool', mask: 0x40, tfs: ['True', 'False'] },
    'quic.long.packet_type': { name: 'Packet Type', type: 'uint8', mask: 0x30, strings: LONG_TYPES },
    'quic.long.packet_type_v2': { name: 'Packet Type', type: 'uint8', mask: 0x30, strings: LONG_TYPES_V2 },
    'quic.vn.unused': { name: 'Unused', type: 'uint8', base: 'hex', mask: 0x7f },
    'quic.version': { name: 'Version', type: 'uint32', base: 'hex', strings: QUIC_VERSIONS },
    'quic.dcil': u8('Destination Connection ID Length'),
    'quic.dcid': bytes('Destination Connection ID'),
    'quic.scil': u8('Source Connection ID Length'),
    'quic.scid': bytes('Source Connection ID'),
    'quic.token_length': { name: 'Token Length', type: 'uint64' },
    'quic.token': bytes('Token'),
    'quic.length': { name: 'Length', type: 'uint64' },
    'quic.supported_version': { name: 'Supported Version', type: 'uint32', base: 'hex', strings: QUIC_VERSIONS },
    'quic.retry_token': bytes('Retry Token'),
    'quic.retry_integrity_tag': bytes('Retry Integrity Tag'),
    'quic.short': { name: 'QUIC Short Header', type: 'none' },
    'quic.spin_bit': { name: 'Spin Bit', type: 'bool', mask: 0x20, tfs: ['True', 'False'] },
    'quic.remaining_payload': bytes('Remaining Payload'),
  },
  dissect(view, ctx) {
    let at = 0;
    let info = '';
    let first = true;
    let dcid: Uint8Array | undefined;
    while (at < view.length) {
      const start = at;
      // A coalesced packet must carry the first packet's DCID (RFC 9000 §12.2); other bytes are padding or junk.
      if (dcid !== undefined && !sameDcid(view, at, dcid)) break;
      dcid ??= firstDcid(view);
      const t = first ? ctx.layer : ctx.building ? ctx.layer.text('QUIC IETF', at, view.length - at) : ctx.layer;
      const r = (view.u8(at) & 0x80) !== 0 ? longPacket(view, ctx, t, at) : shortPacket(view, t, at);
      info = r.info;
      at = r.end;
      if (!first) t.setLength(at - start);
      first = false;
      if (at <= start) break;
    }
    ctx.cols.info = info;
    return view.length;
  },
});

/** The first packet's DCID when it has a long header (a short header's length is not known). */
function firstDcid(view: ByteView): Uint8Array {
  return (view.u8(0) & 0x80) !== 0 && view.has(5, 1) && view.has(6, view.u8(5)) ? view.slice(6, view.u8(5)) : new Uint8Array(0);
}

function sameDcid(view: ByteView, at: number, dcid: Uint8Array): boolean {
  const long = (view.u8(at) & 0x80) !== 0;
  if (long && (!view.has(at + 5, 1) || view.u8(at + 5) !== dcid.length)) return false;
  const from = long ? at + 6 : at + 1;
  if (!view.has(from, dcid.length)) return false;
  for (let i = 0; i < dcid.length; i++) if (view.u8(from + i) !== dcid[i]) return false;
  return true;
}

interface PacketResult {
  end: number;
  info: string;
}

/** A long header packet (Initial, 0-RTT, Handshake, Retry, or Version Negotiation). */
function longPacket(view: ByteView, ctx: DissectContext, t: Item, at: number): PacketResult {
  const b0 = view.u8(at);
  const version = view.u32(at + 1);
  const dcil = view.u8(at + 5);
  const dcid = view.slice(at + 6, dcil);
  const scilAt = at + 6 + dcil;
  const scil = view.u8(scilAt);
  const scid = view.slice(scilAt + 1, scil);
  let p = scilAt + 1 + scil;
  const ids = `${dcil > 0 ? `, DCID=${hexBytes(dcid)}` : ''}${scil > 0 ? `, SCID=${hexBytes(scid)}` : ''}`;

  if (version === 0) {
    t.add('quic.packet_length', at, 0, view.length - at, `[Packet Length: ${view.length - at}]`);
    t.add('quic.header_form', at, 1, 1, undefined, b0);
    t.add('quic.vn.unused', at, 1, b0 & 0x7f, undefined, b0);
    connectionIds(view, t, at, version, dcil, dcid, scilAt, scil, scid);
    for (; p + 4 <= view.length; p += 4) t.add('quic.supported_version', p, 4, view.u32(p));
    return { end: view.length, info: `Version Negotiation${ids}` };
  }

  const typeBits = (b0 & 0x30) >> 4;
  const v2 = isQuicV2(version);
  const type = (v2 ? LONG_TYPES_V2 : LONG_TYPES)[typeBits];
  const end = longPacketEnd(view, p, type);
  t.add('quic.packet_length', at, 0, end - at, `[Packet Length: ${end - at}]`);
  t.add('quic.header_form', at, 1, 1, undefined, b0);
  t.add('quic.fixed_bit', at, 1, (b0 & 0x40) !== 0, undefined, b0);
  t.add(v2 ? 'quic.long.packet_type_v2' : 'quic.long.packet_type', at, 1, typeBits, undefined, b0);
  connectionIds(view, t, at, version, dcil, dcid, scilAt, scil, scid);
  if (type === 'Retry') {
    const tagAt = view.length - 16;
    if (tagAt < p) {
      ctx.malformed('Retry packet shorter than its integrity tag');
      return { end: view.length, info: `Retry${ids}` };
    }
    t.add('quic.retry_token', p, tagAt - p, view.slice(p, tagAt - p));
    t.add('quic.retry_integrity_tag', tagAt, 16, view.slice(tagAt, 16));
    return { end: view.length, info: `Retry${ids}` };
  }
  if (type === 'Initial') {
    const tl = varint(view, p);
    t.add('quic.token_length', p, tl.len, BigInt(tl.value));
    p += tl.len;
    if (tl.value > 0) {
      view.check(p, tl.value);
      t.add('quic.token', p, tl.value, view.slice(p, tl.value));
      p += tl.value;
    }
  }
  const len = varint(view, p);
  t.add('quic.length', p, len.len, BigInt(len.value));
  p += len.len;
  if (p + len.value > view.length) {
    ctx.expert('error', `Length ${len.value} runs past the end of the datagram (${view.length - p} bytes left)`, p - len.len, len.len);
  }
  if (end > p) t.add('quic.remaining_payload', p, end - p, view.slice(p, end - p));
  return { end, info: `${type}${ids}` };
}

/** Where a long header packet ends: after its Length's bytes (Initial: after the token too), or at the datagram's end. */
function longPacketEnd(view: ByteView, p: number, type: string | undefined): number {
  if (type === 'Retry') return view.length;
  if (type === 'Initial') {
    const tl = varint(view, p);
    p += tl.len + tl.value;
  }
  const len = varint(view, p);
  return Math.min(view.length, p + len.len + len.value);
}

function connectionIds(view: ByteView, t: Item, at: number, version: number, dcil: number, dcid: Uint8Array, scilAt: number, scil: number, scid: Uint8Array): void {
  t.add('quic.version', at + 1, 4, version);
  t.add('quic.dcil', at + 5, 1, dcil);
  if (dcil > 0) t.add('quic.dcid', at + 6, dcil, dcid);
  t.add('quic.scil', scilAt, 1, scil);
  if (scil > 0) t.add('quic.scid', scilAt + 1, scil, scid);
}

/** A short header packet: the rest of the datagram (its DCID length is not known without the connection). */
function shortPacket(view: ByteView, t: Item, at: number): PacketResult {
  const b0 = view.u8(at);
  const len = view.length - at;
  t.add('quic.packet_length', at, 0, len, `[Packet Length: ${len}]`);
  const sh = t.add('quic.short', at, 1, '', 'QUIC Short Header');
  sh.add('quic.header_form', at, 1, 0, undefined, b0);
  sh.add('quic.fixed_bit', at, 1, (b0 & 0x40) !== 0, undefined, b0);
  sh.add('quic.spin_bit', at, 1, (b0 & 0x20) !== 0, undefined, b0);
  if (len > 1) t.add('quic.remaining_payload', at + 1, len - 1, view.slice(at + 1, len - 1));
  // The key phase bit is under header protection; Wireshark shows KP0 when it cannot remove it.
  return { end: view.length, info: 'Protected Payload (KP0)' };
}
