/**
 * X.501 Information Framework (Wireshark: packet-x509if.c): the distinguished name structure of a
 * certificate's issuer and subject. Nothing dispatches to it; TLS adds these fields (tls-x509.ts).
 */
import { defineProtocol } from '../protocol';

export const x509if = defineProtocol({
  abbrev: 'x509if',
  name: 'X.509 Information Framework',
  short: 'X509IF',
  fields: {
    'x509if.RDNSequence_item': { name: 'RDNSequence item', type: 'uint32' },
  },
  // Names are read by the protocol carrying the certificate, never dispatched to.
  dissect: () => 0,
});
