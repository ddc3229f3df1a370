/**
 * pcapng options: a list of (code u16, length u16, value padded to 32 bits) ending with opt_endofopt or
 * the end of the block body. Shared by the reader (SHB, IDB) and the record detail (EPB comments, flags).
 */

export const OptionCode = {
  endOfOpt: 0,
  comment: 1,
  shbHardware: 2,
  shbOs: 3,
  shbUserAppl: 4,
  ifName: 2,
  ifDescription: 3,
  ifTsResol: 9,
  ifTsOffset: 14,
  epbFlags: 2,
  isbStartTime: 2,
  isbEndTime: 3,
  isbIfRecv: 4,
  isbIfDrop: 5,
} as const;

export interface PcapngOption {
  code: number;
  /** Offset of the value in the bytes given to `readOptions`. */
  offset: number;
  length: number;
}

/** Why an option list is invalid, or undefined when it is fine. */
export interface OptionsResult {
  options: PcapngOption[];
  error?: string;
}

export function readOptions(view: DataView, start: number, end: number, little: boolean): OptionsResult {
  const options: PcapngOption[] = [];
  let p = start;
  while (p + 4 <= end) {
    const code = view.getUint16(p, little);
    const length = view.getUint16(p + 2, little);
    if (code === OptionCode.endOfOpt) break;
    if (p + 4 + length > end) {
      return { options, error: `option ${code} of length ${length} runs past the end of the block` };
    }
    options.push({ code, offset: p + 4, length });
    p += 4 + ((length + 3) & ~3);
  }
  return { options };
}

const utf8 = new TextDecoder('utf-8');

export function optionString(view: DataView, o: PcapngOption): string {
  let len = o.length;
  // Writers sometimes include a terminating NUL; it is not part of the text.
  while (len > 0 && view.getUint8(o.offset + len - 1) === 0) len--;
  return utf8.decode(new Uint8Array(view.buffer, view.byteOffset + o.offset, len));
}
