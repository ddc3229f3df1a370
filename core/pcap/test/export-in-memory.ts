/** Test helper: export chosen packets of a capture held in memory, as the export service does from disk. */
import type { InterfaceInfo } from '../../api';
import { createCaptureParser } from '../capture-parser';
import { PcapngExporter } from '../pcapng-export';
import { readPcapngSourceHeader } from '../pcapng-export-source';

export interface IndexedRecord {
  number: number;
  recordOffset: number;
  dataOffset: number;
  caplen: number;
  origlen: number;
  sec: number;
  nsec: number;
  iface: number;
}

export function indexCapture(file: Uint8Array): { records: IndexedRecord[]; interfaces: InterfaceInfo[]; format: 'pcap' | 'pcapng' } {
  const records: IndexedRecord[] = [];
  const parser = createCaptureParser({
    packet(recordOffset, dataOffset, caplen, origlen, sec, nsec, iface) {
      records.push({ number: records.length + 1, recordOffset, dataOffset, caplen, origlen, sec, nsec, iface });
    },
    interface: () => undefined,
  });
  parser.push(file);
  parser.finish();
  return { records, interfaces: [...parser.interfaces], format: parser.header?.format === 'pcapng' ? 'pcapng' : 'pcap' };
}

/** The export of the packets `keep` accepts (all by default), as one pcapng file. */
export async function exportInMemory(file: Uint8Array, keep: (r: IndexedRecord) => boolean = () => true, comment?: string): Promise<Uint8Array> {
  const { records, interfaces, format } = indexCapture(file);
  const chosen = records.filter(keep);
  const used = [...new Set(chosen.map((r) => r.iface))].sort((a, b) => a - b);
  const header =
    format === 'pcapng'
      ? await readPcapngSourceHeader(async (o, n) => file.subarray(o, o + n), used.length === 0 ? 0 : used[used.length - 1] + 1, 64)
      : undefined;
  const exporter = new PcapngExporter({ format, interfaces, idbs: header?.idbs, section: header?.section }, { used, comment });
  const out = new Uint8Array(1 << 22);
  const view = new DataView(out.buffer);
  const head = exporter.header();
  out.set(head);
  let pos = head.length;
  const src = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (const r of chosen) {
    pos = exporter.write(out, view, pos, file, src, format === 'pcapng' ? r.recordOffset : -1, r.dataOffset, r.caplen, r.origlen, r.sec, r.nsec, r.iface);
    if (pos < 0) throw new Error('test export buffer too small');
  }
  return out.slice(0, pos);
}
