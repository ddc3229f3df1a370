/**
 * What the detail view needs of one record beyond the index: a pcapng packet block's comments and
 * epb_flags. Read on demand from the record's bytes (as pread at `recordOffset`), never while indexing.
 */
import { CaptureFormatError } from '../errors';
import { OptionCode, optionString, readOptions } from './pcapng-options';
import { BlockType } from './pcapng-reader';
import type { CaptureHeader, RecordDetail } from './types';

/**
 * `recordBytes`: the whole record, from its first header byte (pcapng: the whole block). pcap records have
 * no options, so their detail is empty. The block's byte order is recognised from its type field.
 */
export function readRecordDetail(recordBytes: Uint8Array, header: CaptureHeader): RecordDetail {
  if (header.format === 'pcap') return { comments: [] };
  const view = new DataView(recordBytes.buffer, recordBytes.byteOffset, recordBytes.byteLength);
  if (recordBytes.length < 12) {
    throw new CaptureFormatError('bad-record', `A pcapng block needs at least 12 bytes; got ${recordBytes.length}.`, 0);
  }
  const little = view.getUint32(0, true) < 0x10000;
  const type = view.getUint32(0, little);
  const total = view.getUint32(4, little);
  if (total > recordBytes.length || total < 12) {
    throw new CaptureFormatError('bad-record', `The pcapng block claims ${total} bytes but ${recordBytes.length} were given.`, 0);
  }
  if (type !== BlockType.EPB && type !== BlockType.PB) return { comments: [] };
  const caplen = view.getUint32(20, little);
  const optStart = 28 + ((caplen + 3) & ~3);
  if (optStart > total - 4) return { comments: [] };
  const { options } = readOptions(view, optStart, total - 4, little);
  const detail: RecordDetail = { comments: [] };
  for (const o of options) {
    if (o.code === OptionCode.comment) detail.comments.push(optionString(view, o));
    else if (o.code === OptionCode.epbFlags && o.length >= 4) detail.flags = view.getUint32(o.offset, little);
  }
  return detail;
}
