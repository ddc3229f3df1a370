/** Test helper: every packet of a capture file, read with core/pcap's streaming parser. */
import { readFileSync } from 'node:fs';
import type { InterfaceInfo } from '../../api';
import { createCaptureParser } from '../../pcap/index';
import type { CaptureProblem } from '../../api';
import type { FrameMeta } from '../types';

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

/** Each packet's FrameMeta as the engine builds it: times relative to the first packet, to the nanosecond. */
export function frameMetas(packets: readonly TestPacket[]): FrameMeta[] {
  const first = packets[0];
  return packets.map((p) => {
    let dSec = p.tsSec - (first?.tsSec ?? 0);
    let dNsec = p.tsNsec - (first?.tsNsec ?? 0);
    if (dNsec < 0) {
      dSec -= 1;
      dNsec += 1e9;
    }
    return {
      number: p.number,
      timestamp: { sec: p.tsSec, nsec: p.tsNsec },
      relTime: dSec + dNsec / 1e9,
      firstTimestamp: first ? { sec: first.tsSec, nsec: first.tsNsec } : undefined,
      caplen: p.caplen,
      origlen: p.origlen,
      interface: p.iface,
    };
  });
}
