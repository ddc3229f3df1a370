/**
 * User Datagram Protocol (RFC 768, RFC 8200 §8.1, RFC 2675). Wireshark: packet-udp.c. Length checks and
 * checksum status as Wireshark 4.0 with its defaults (checksums are not verified); dispatches on
 * `udp.port` (low port first).
 */
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { movedEndpoints } from '../flow-observer';
import { CHECKSUM_ILLEGAL, CHECKSUM_NOT_PRESENT, CHECKSUM_STATUS, CHECKSUM_UNVERIFIED } from './checksum-status';

export const udp = defineProtocol({
  abbrev: 'udp',
  name: 'User Datagram Protocol',
  short: 'UDP',
  registersIn: [['ip.proto', 17]],
  ownsTables: ['udp.port'],
  fields: {
    'udp.srcport': { name: 'Source Port', type: 'uint16', offset: 0 },
    'udp.dstport': { name: 'Destination Port', type: 'uint16', offset: 2 },
    'udp.port': { name: 'Source or Destination Port', type: 'uint16' },
    'udp.length': { name: 'Length', type: 'uint16', offset: 4 },
    'udp.stream': { name: 'Stream index', type: 'uint32' },
    'udp.checksum': { name: 'Checksum', type: 'uint16', base: 'hex', offset: 6 },
    'udp.checksum.status': { name: 'Checksum Status', type: 'uint8', strings: CHECKSUM_STATUS },
    'udp.payload': { name: 'Payload', type: 'bytes' },
  },
  dissect(view, ctx) {
    view.check(0, 8);
    const sport = view.u16(0);
    const dport = view.u16(2);
    let length = view.u16(4);
    const checksum = view.u16(6);
    const t = ctx.layer;
    // Under IPv6 a zero checksum is illegal (RFC 8200 §8.1); under IPv4 it means none.
    const ipv6 = ctx.facts.ipVersion === 6;
    // The flow engine's udp.stream is of the frame's first UDP header (one an ICMP error quotes only when
    // it is the only one, and then it is the first).
    const stream = ctx.facts.udpLayers++ === 0 ? ctx.flowInfo?.udpStream : undefined;
    ctx.facts.transport = 17;
    ctx.facts.srcPort = sport;
    ctx.facts.dstPort = dport;
    if (ctx.building) {
      t.setLabel(`User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`);
      t.add('udp.srcport', 0, 2, sport);
      t.hidden('udp.port', 0, 2, sport);
      t.add('udp.dstport', 2, 2, dport);
      t.hidden('udp.port', 2, 2, dport);
    }
    const ports = `${sport} → ${dport}`;
    let info: string;
    if (length === 0 && ipv6) {
      // RFC 2675: a zero length over IPv6 means "as long as the IP payload" (a jumbogram).
      if (ctx.building) {
        const l = t.add('udp.length', 4, 2, length);
        if (view.reportedLength < 65536) l.expert('warn', 'Length is zero but payload < 65536');
      }
      length = view.reportedLength;
      info = `${ports} Len=${length - 8} [Jumbogram]`;
    } else if (length < 8) {
      ctx.cols.info = `${ports} [BAD UDP LENGTH ${length} < 8]`;
      if (ctx.building) t.add('udp.length', 4, 2, length, `Length: ${length} (bogus, must be >= 8)`).expert('error', `Bad length value ${length} < 8`);
      ctx.malformed(`Bad length value ${length} < 8`);
      return 8;
    } else if (length > view.reportedLength) {
      if (ctx.building) {
        t.add('udp.length', 4, 2, length, `Length: ${length} (bogus, payload length ${view.reportedLength})`).expert('error', `Bad length value ${length} > IP payload length`);
      }
      info = `${ports} [BAD UDP LENGTH ${length} > IP PAYLOAD LENGTH] Len=${length - 8}`;
      length = view.reportedLength;
    } else {
      if (ctx.building) t.add('udp.length', 4, 2, length);
      info = `${ports} Len=${length - 8}`;
    }
    const payload = length - 8;
    ctx.cols.info = checksum === 0 && ipv6 ? `${info} [ILLEGAL CHECKSUM (0)]` : info;
    if (ctx.building) {
      if (checksum === 0 && !ipv6) {
        t.add('udp.checksum', 6, 2, checksum, 'Checksum: 0x0000 [zero-value ignored]').add('udp.checksum.status', 6, 0, CHECKSUM_NOT_PRESENT, '[Checksum Status: Not present]');
      } else if (checksum === 0) {
        const c = t.add('udp.checksum', 6, 2, checksum, 'Checksum: 0x0000 [zero-value illegal]');
        c.expert('error', 'Illegal checksum value (0)');
        c.add('udp.checksum.status', 6, 0, CHECKSUM_ILLEGAL, '[Checksum Status: Illegal]');
      } else {
        // Wireshark does not verify UDP checksums by default (udp.check_checksum: FALSE).
        t.add('udp.checksum', 6, 2, checksum, `Checksum: ${hex(checksum, 4)} [unverified]`);
        t.add('udp.checksum.status', 6, 0, CHECKSUM_UNVERIFIED, '[Checksum Status: Unverified]');
      }
      if (stream !== undefined) t.add('udp.stream', 0, 0, stream, `[Stream index: ${stream}]`);
      // As tshark: the item's bytes run to the end of the IP payload, its label counts the UDP length's.
      const captured = Math.max(0, view.length - 8);
      if (captured > 0) t.add('udp.payload', 8, captured, view.slice(8, captured), `UDP payload (${payload} byte${payload === 1 ? '' : 's'})`);
    }
    ctx.setPayloadLength(payload);
    if (ctx.flow !== undefined) {
      const capturedLength = Math.max(0, Math.min(payload, view.length - 8));
      ctx.flow.udp({ srcPort: sport, dstPort: dport, length: view.u16(4), headerOffset: view.start, payloadOffset: view.start + 8, payloadLength: payload, capturedLength, inError: ctx.facts.inErrorPacket, endpoints: movedEndpoints(ctx) });
    }
    ctx.handoff('udp.port', Math.min(sport, dport), Math.max(sport, dport));
    return 8;
  },
});
