/** Every packet of a set of capture files, read with Trawl's own parser, as the filter sees them. */
import { readFileSync } from 'node:fs';
import { createCaptureParser } from '../../pcap/capture-parser';
import { filterCaplen } from '../../pcap/filter-caplen';

export interface LoadedPacket {
  readonly data: Uint8Array;
  readonly wireLength: number;
  readonly linkType: number;
}

export interface LoadedFile {
  readonly path: string;
  readonly packets: readonly LoadedPacket[];
}

export function loadPackets(path: string): LoadedFile {
  const bytes = new Uint8Array(readFileSync(path));
  const linkTypes: number[] = [];
  const snapLens: number[] = [];
  const packets: LoadedPacket[] = [];
  const parser = createCaptureParser({
    interface: (info) => {
      linkTypes.push(info.linkType);
      snapLens.push(info.snapLen);
    },
    packet: (_record, dataOffset, caplen, origlen, _s, _n, interfaceId) => {
      const seen = filterCaplen(caplen, snapLens[interfaceId] ?? 0);
      packets.push({ data: bytes.subarray(dataOffset, dataOffset + seen), wireLength: origlen, linkType: linkTypes[interfaceId] ?? -1 });
    },
  });
  parser.push(bytes);
  parser.finish();
  return { path, packets };
}
