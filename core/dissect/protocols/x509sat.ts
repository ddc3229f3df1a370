/**
 * X.509 Selected Attribute Types (Wireshark: packet-x509sat.c): the attribute value fields a certificate's
 * names hold. Nothing dispatches to it; TLS adds these fields when it reads a certificate (tls-x509.ts).
 */
import { defineProtocol } from '../protocol';

const s = (name: string) => ({ name, type: 'string' as const });

export const x509sat = defineProtocol({
  abbrev: 'x509sat',
  name: 'X.509 Selected Attribute Types',
  short: 'X509SAT',
  fields: {
    'x509sat.CountryName': s('CountryName'),
    'x509sat.PrintableString': s('PrintableString'),
    'x509sat.IA5String': s('IA5String'),
    'x509sat.printableString': s('printableString'),
    'x509sat.uTF8String': s('uTF8String'),
    'x509sat.teletexString': s('teletexString'),
    'x509sat.bmpString': s('bmpString'),
    'x509sat.universalString': s('universalString'),
  },
  // Attribute values are read by the protocol carrying the certificate, never dispatched to.
  dissect: () => 0,
});
