/** Test helper: every packet of a capture file, read with core/pcap's streaming parser. */
import { readFileSync } from 'node:fs';
import type { InterfaceInfo } from '../../api';
import { createCaptureParser } from '../../pcap/index';
import type { CaptureProblem } from '../../api';

export interface TestPacket {
  number: number;
  bytes: Uint8Array;
  caplen: number;
  origlen: number;
  tsSec: number;
  tsNsec: number;
  iface: InterfaceInfo;
}

export function readCapture(path: string): { packets: TestPacket[]; problem: CaptureProblem | undefined } {
  const file = new Uint8Array(readFileSync(path));
  const packets: TestPacket[] = [];
  const interfaces: InterfaceInfo[] = [];
  const parser = createCaptureParser({
    interface(info) {
      interfaces.push(info);
    },
    packet(_recordOffset, dataOffset, caplen, origlen, tsSec, tsNsec, interfaceId) {
      const iface = interfaces[interfaceId] ?? { id: interfaceId, linkType: -1, linkTypeName: 'unknown', snapLen: 0, tsDigits: 6 };
      packets.push({
        number: packets.length + 1,
        bytes: file.subarray(dataOffset, Math.min(file.length, dataOffset + caplen)),
        caplen,
        origlen,
        tsSec,
        tsNsec,
        iface,
      });
    },
  });
  parser.push(file);
  const problem = parser.finish();
  return { packets, problem };
}
