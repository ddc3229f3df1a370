/** User Datagram Protocol (RFC 768). Wireshark: packet-udp.c. Dispatches on `udp.port` (low port first). */
import { hex } from '../format';
import { defineProtocol } from '../protocol';

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
    'udp.checksum': { name: 'Checksum', type: 'uint16', base: 'hex', offset: 6 },
    'udp.payload': { name: 'UDP payload', type: 'bytes' },
  },
  dissect(view, ctx) {
    view.check(0, 8);
    const sport = view.u16(0);
    const dport = view.u16(2);
    const length = view.u16(4);
    const checksum = view.u16(6);
    const t = ctx.layer;
    if (ctx.building) {
      t.setLabel(`User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`);
      t.add('udp.srcport', 0, 2, sport);
      t.add('udp.dstport', 2, 2, dport);
      t.add('udp.length', 4, 2, length);
      t.add('udp.checksum', 6, 2, checksum, `Checksum: ${hex(checksum, 4)} ${checksum === 0 ? '[zero-value ignored]' : '[unverified]'}`);
    }
    if (length < 8) {
      ctx.cols.info = `${sport} → ${dport} Len=${length}`;
      ctx.expert('error', `Bad length value ${length} < 8`, 4, 2);
      ctx.malformed(`Bad length value ${length} < 8`);
      return 8;
    }
    let payload = length - 8;
    ctx.cols.info = `${sport} → ${dport} Len=${payload}`;
    if (length > view.reportedLength) {
      ctx.expert('error', `Bad length value ${length} > IP payload length`, 4, 2);
      ctx.cols.info = `${sport} → ${dport} [BAD UDP LENGTH ${length} > IP PAYLOAD LENGTH] Len=${payload}`;
      payload = view.reportedLength - 8;
    }
    if (ctx.building && payload > 0) t.text(`UDP payload (${payload} byte${payload === 1 ? '' : 's'})`, 8, Math.min(payload, Math.max(0, view.length - 8)));
    ctx.setPayloadLength(payload);
    ctx.facts.transport = 17;
    ctx.facts.srcPort = sport;
    ctx.facts.dstPort = dport;
    ctx.handoff('udp.port', Math.min(sport, dport), Math.max(sport, dport));
    return 8;
  },
});
