/**
 * Names what a file that is not a capture looks like, from its first bytes, so that "not a capture" can
 * say "this is a text file" or "this is a ZIP archive" instead of only refusing.
 */
import { CaptureFormatError } from '../errors';

const SIGNATURES: readonly { bytes: readonly number[]; kind: string }[] = [
  { bytes: [0x1f, 0x8b], kind: 'gzip-compressed data (open it through a reader that decompresses, e.g. `trawl info`)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a ZIP archive (extract the capture from it first)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], kind: 'zstd-compressed data (decompress it first)' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], kind: 'xz-compressed data (decompress it first)' },
  { bytes: [0x42, 0x5a, 0x68], kind: 'bzip2-compressed data (decompress it first)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'an ELF executable' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'a PNG image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'a PDF document' },
];

function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  for (const c of b) {
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

function whatItIs(sample: Uint8Array, totalLen: number): string {
  if (totalLen === 0) return 'The file is empty';
  for (const s of SIGNATURES) {
    if (sample.length >= s.bytes.length && s.bytes.every((v, k) => sample[k] === v)) return `The file is ${s.kind}`;
  }
  if (looksLikeText(sample)) return 'The file is text, not a packet capture';
  if (totalLen < 4) return `The file has only ${totalLen} byte${totalLen === 1 ? '' : 's'}, too few for a capture`;
  const hex = Array.from(sample.subarray(0, 4), (v) => v.toString(16).padStart(2, '0')).join(' ');
  return `The file starts with bytes ${hex}, which is no pcap or pcapng magic number`;
}

/** The error for bytes that are not a pcap or pcapng capture; `sample` holds the file's first bytes. */
export function describeNonCapture(sample: Uint8Array, totalLen: number): CaptureFormatError {
  return new CaptureFormatError(
    'not-a-capture',
    `${whatItIs(sample, totalLen)}. Trawl opens pcap and pcapng captures (optionally gzip-compressed).`,
    0,
  );
}
