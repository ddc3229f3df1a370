/** Wireshark's `_ws` pseudo-protocol: the fields of expert items the framework itself adds. */
import { defineProtocol } from './protocol';

export const ws = defineProtocol({
  abbrev: '_ws',
  name: 'Wireshark',
  short: '_WS',
  fields: {
    '_ws.malformed': { name: 'Malformed Packet', type: 'protocol' },
    '_ws.short': { name: 'Packet size limited during capture', type: 'none' },
    '_ws.expert': { name: 'Expert Info', type: 'none' },
  },
  dissect: () => 0,
});
