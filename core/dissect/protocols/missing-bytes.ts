/**
 * Wireshark 4.0 shows a bytes field of no bytes as `<MISSING>`, in the tree and in `tshark -T fields`
 * (e.g. `dns.opt.data` of an empty EDNS option). field-text.ts prints an empty Uint8Array as nothing, so
 * protocols that can meet empty byte fields give this text instead.
 */
export const MISSING = '<MISSING>';

export function missingIfEmpty(bytes: Uint8Array): Uint8Array | string {
  return bytes.length === 0 ? MISSING : bytes;
}
