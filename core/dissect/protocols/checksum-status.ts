/**
 * Wireshark's checksum status values (proto_checksum_vals), shared by the `*.checksum.status` fields of
 * TCP, UDP and SCTP. tshark -T fields prints the number.
 */
export const CHECKSUM_STATUS: Readonly<Record<number, string>> = { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present', 4: 'Illegal' };

export const CHECKSUM_BAD = 0;
export const CHECKSUM_GOOD = 1;
export const CHECKSUM_UNVERIFIED = 2;
export const CHECKSUM_NOT_PRESENT = 3;
export const CHECKSUM_ILLEGAL = 4;
