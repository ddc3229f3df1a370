/**
 * Stream Control Transmission Protocol (RFC 9260). Wireshark: packet-sctp.c. The common header, then every
 * chunk (sctp-chunks.ts). The user data of a DATA chunk that ends the packet goes to the protocol registered
 * for its payload protocol identifier (`sctp.ppi`), else for its ports (`sctp.port`, low port first).
 *
 * Checksums are not verified, as Wireshark's default (sctp.checksum: None). TSNs are absolute (relative
 * TSNs need the association's state), so the Info column matches tshark run with -o sctp.relative_tsns:FALSE.
 */
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { CHECKSUM_STATUS, CHECKSUM_UNVERIFIED } from './checksum-status';
import { addChunkTypeAndFlags, CHUNK_NAMES, dissectChunk, SCTP_CHUNK_FIELDS, type ChunkResult } from './sctp-chunks';
import { SCTP_PARAMETER_FIELDS } from './sctp-params';

export const sctp = defineProtocol({
  abbrev: 'sctp',
  name: 'Stream Control Transmission Protocol',
  short: 'SCTP',
  registersIn: [['ip.proto', 132]],
  ownsTables: ['sctp.port', 'sctp.ppi'],
  fields: {
    'sctp.srcport': { name: 'Source port', type: 'uint16', offset: 0 },
    'sctp.dstport': { name: 'Destination port', type: 'uint16', offset: 2 },
    'sctp.port': { name: 'Port', type: 'uint16' },
    'sctp.verification_tag': { name: 'Verification tag', type: 'uint32', base: 'hex', offset: 4 },
    'sctp.checksum': { name: 'Checksum', type: 'uint32', base: 'hex', offset: 8 },
    'sctp.checksum.status': { name: 'Checksum Status', type: 'uint8', strings: CHECKSUM_STATUS },
    ...SCTP_CHUNK_FIELDS,
    ...SCTP_PARAMETER_FIELDS,
  },
  dissect(view, ctx) {
    view.check(0, 12);
    const sport = view.u16(0);
    const dport = view.u16(2);
    const t = ctx.layer;
    ctx.facts.transport = 132;
    ctx.facts.srcPort = sport;
    ctx.facts.dstPort = dport;
    if (ctx.building) {
      t.setLabel(`Stream Control Transmission Protocol, Src Port: ${sport} (${sport}), Dst Port: ${dport} (${dport})`);
      t.add('sctp.srcport', 0, 2, sport);
      t.hidden('sctp.port', 0, 2, sport);
      t.add('sctp.dstport', 2, 2, dport);
      t.hidden('sctp.port', 2, 2, dport);
      t.add('sctp.verification_tag', 4, 4, view.u32(4));
      const checksum = view.u32(8);
      t.add('sctp.checksum', 8, 4, checksum, `Checksum: ${hex(checksum, 8)} [unverified]`);
      t.add('sctp.checksum.status', 8, 0, CHECKSUM_UNVERIFIED, '[Checksum Status: Unverified]');
    }
    ctx.cols.info = '';
    const end = view.reportedLength;
    let at = 12;
    let last: ChunkResult | undefined;
    while (at < end) {
      if (end - at < 4) {
        ctx.expert('warn', `${end - at} bytes after the last chunk are too few for a chunk header`, at, end - at);
        ctx.malformed('Chunk header runs past the packet');
        return at;
      }
      const len = view.u16(at + 2);
      if (len < 4) {
        // Wireshark names the chunk, shows its header and stops without marking the packet malformed.
        const name = CHUNK_NAMES[view.u8(at)] ?? 'RESERVED';
        if (ctx.building) {
          const c = ctx.layer.text(`${name} chunk, bogus chunk length ${len} < 4)`, at, end - at);
          addChunkTypeAndFlags(c, view.u8(at), view.u8(at + 1), at);
          c.add('sctp.chunk_length', at + 2, 2, len, `Chunk length: ${len} (invalid, should be >= 4)`).expert('error', `Chunk length bad: ${len} < 4`);
        }
        ctx.cols.info += `${name} `;
        return end;
      }
      if (at + len > end) {
        // The chunk's fields are shown as far as the packet goes, then the packet is malformed.
        last = dissectChunk(view, ctx, at, end - at, end - at, len);
        ctx.cols.info += `${last.info} `;
        ctx.malformed(`Chunk length (${len}) is longer than remaining data (${end - at}) in the packet`);
        return end;
      }
      const span = Math.min((len + 3) & ~3, end - at);
      last = dissectChunk(view, ctx, at, len, span);
      at += span;
      ctx.cols.info += `${last.info} `;
    }
    const data = last?.data;
    if (data === undefined || !data.complete || data.len <= 0 || data.at + data.len + 3 < end) return at;
    // The last chunk is complete user data: hand it to its protocol (PPI first, then the ports, as Wireshark).
    if (!ctx.handoff('sctp.ppi', data.ppi)) ctx.handoff('sctp.port', Math.min(sport, dport), Math.max(sport, dport));
    // Chunk padding after the data would be taken for a frame trailer, so the payload keeps it when present.
    if (data.at + data.len === end) ctx.setPayloadLength(data.len);
    return data.at;
  },
});
