/**
 * IP Encapsulating Security Payload (RFC 4303). Wireshark: packet-ipsec.c. The SPI and sequence number;
 * everything after them is encrypted, so (without keys, as tshark by default) it is not dissected further.
 */
import { defineProtocol } from '../protocol';

export const esp = defineProtocol({
  abbrev: 'esp',
  name: 'Encapsulating Security Payload',
  short: 'ESP',
  registersIn: [['ip.proto', 50]],
  fields: {
    'esp.spi': { name: 'ESP SPI', type: 'uint32', base: 'hex_dec', offset: 0 },
    'esp.sequence': { name: 'ESP Sequence', type: 'uint32', offset: 4 },
  },
  dissect(view, ctx) {
    const spi = view.u32(0);
    if (ctx.building) ctx.layer.add('esp.spi', 0, 4, spi);
    ctx.cols.info = `ESP (SPI=0x${spi.toString(16).padStart(8, '0')})`;
    const seq = view.u32(4);
    if (ctx.building) ctx.layer.add('esp.sequence', 4, 4, seq);
    // The rest is ciphertext: it belongs to this layer, not to a data layer (Wireshark shows none).
    return view.length;
  },
});
