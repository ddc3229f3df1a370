/**
 * IP Authentication Header (RFC 4302). Wireshark: packet-ipsec.c. Next header, length, SPI, sequence and
 * the ICV; then the protected packet continues with its next header (transport or tunnel mode alike).
 */
import { defineProtocol } from '../protocol';
import { IP_PROTO_NAMES } from './ip-proto-names';

export const ah = defineProtocol({
  abbrev: 'ah',
  name: 'Authentication Header',
  short: 'AH',
  registersIn: [['ip.proto', 51]],
  fields: {
    'ah.next_header': { name: 'Next header', type: 'uint8', strings: IP_PROTO_NAMES, offset: 0 },
    'ah.length': { name: 'Length', type: 'uint8', offset: 1 },
    'ah.reserved': { name: 'Reserved', type: 'bytes', offset: 2 },
    'ah.spi': { name: 'AH SPI', type: 'uint32', base: 'hex', offset: 4 },
    'ah.sequence': { name: 'AH Sequence', type: 'uint32', offset: 8 },
    'ah.icv': { name: 'AH ICV', type: 'bytes', offset: 12 },
  },
  dissect(view, ctx) {
    const nxt = view.u8(0);
    const units = view.u8(1);
    const len = (units + 2) * 4;
    const spi = view.u32(4);
    ctx.cols.info = `AH (SPI=0x${spi.toString(16).padStart(8, '0')})`;
    if (ctx.building) {
      const t = ctx.layer;
      t.add('ah.next_header', 0, 1, nxt);
      t.add('ah.length', 1, 1, units, `Length: ${units} (${len} bytes)`);
      t.add('ah.reserved', 2, 2, view.slice(2, 2));
      t.add('ah.spi', 4, 4, spi);
      t.add('ah.sequence', 8, 4, view.u32(8));
      if (len > 12) t.add('ah.icv', 12, len - 12, view.slice(12, len - 12));
    }
    if (len < 12) {
      ctx.malformed(`AH length ${len} is shorter than its fixed part (12 bytes)`);
      return Math.min(view.length, 12);
    }
    view.check(0, len);
    if (ctx.facts.ipPayloadLength >= 0) ctx.facts.ipPayloadLength = Math.max(0, ctx.facts.ipPayloadLength - len);
    ctx.handoff('ip.proto', nxt);
    return len;
  },
});
