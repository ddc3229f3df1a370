/** QUIC version numbers as Wireshark names them (packet-quic.c quic_version_vals), for labels and the heuristic. */

const names: Record<number, string> = { 0: 'Version Negotiation', 1: '1', 0x6b3343cf: '2' };
for (let d = 22; d <= 34; d++) names[0xff000000 + d] = `draft-${d}`;
names[0xfaceb001] = 'Facebook mvfst (draft-22)';
names[0xfaceb002] = 'Facebook mvfst (draft-27)';

export const QUIC_VERSIONS: Readonly<Record<number, string>> = names;

/** QUIC version 2 (RFC 9369) numbers its long header packet types differently. */
export function isQuicV2(version: number): boolean {
  return version === 0x6b3343cf;
}

/** Versions the heuristic accepts: 1, 2, the IETF drafts, mvfst, and GREASE-style 0x?a?a?a?a versions. */
export function isKnownQuicVersion(version: number): boolean {
  return names[version] !== undefined || (version & 0x0f0f0f0f) === 0x0a0a0a0a;
}
