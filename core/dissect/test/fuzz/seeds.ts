/**
 * Seed packets for the fuzzer: real packets from the shared corpus, a few per distinct protocol stack
 * (frame.protocols) so every dissector is reached without millions of near-identical TCP segments.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES_DIR } from '../../../../scripts/shared-captures';
import { collectFields } from '../../index';
import type { FrameMeta } from '../../types';
import { readCapture } from '../read-capture';

export interface SeedPacket {
  /** Where it came from: capture path (relative to captures/) and packet number. */
  source: string;
  linkType: number;
  bytes: Uint8Array;
  origlen: number;
  /** Absolute byte ranges of length and count fields, whose values the fuzzer randomises. */
  lengthFields: { offset: number; length: number }[];
}

/** A field whose value says how long something is or how many follow. */
const LENGTH_NAME = /(^|[._])(len|length|hdr_len|count|cnt|size|ihl|offset|plen|dlen|num|total)([._]|$)|_len$|\.len\b|length$|count$/i;

export function metaFor(number: number, linkType: number, caplen: number, origlen: number): FrameMeta {
  return {
    number,
    timestamp: { sec: 1700000000, nsec: 0 },
    relTime: 0,
    caplen,
    origlen,
    interface: { id: 0, linkType, linkTypeName: 'FUZZ', snapLen: 262144, tsDigits: 9 },
  };
}

function readableCaptures(): string[] {
  const lines = readFileSync(join(CAPTURES_DIR, 'MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean);
  const head = lines[0].split('\t');
  const iPath = head.indexOf('path');
  const iWs = head.indexOf('wireshark_4.0_read');
  return lines
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[iWs] === 'ok')
    .map((c) => c[iPath]);
}

/** Up to `perStack` packets per protocol stack, from at most `maxFiles` captures (all when undefined). */
export function loadSeeds(perStack = 3, maxFiles?: number): SeedPacket[] {
  const seen = new Map<string, number>();
  const seeds: SeedPacket[] = [];
  const files = readableCaptures();
  for (const rel of maxFiles === undefined ? files : files.slice(0, maxFiles)) {
    let packets;
    try {
      packets = readCapture(join(CAPTURES_DIR, rel)).packets;
    } catch (e) {
      // A capture the reader rejects outright has no packets to seed from; the capture tests cover it.
      if (e instanceof Error) continue;
      throw e;
    }
    for (const p of packets) {
      if (p.iface.linkType < 0 || p.bytes.length === 0) continue;
      const fields = collectFields(p.bytes, metaFor(p.number, p.iface.linkType, p.bytes.length, p.origlen));
      const stack = String(fields.find((f) => f.name === 'frame.protocols')?.value ?? '');
      const n = seen.get(stack) ?? 0;
      if (n >= perStack) continue;
      seen.set(stack, n + 1);
      seeds.push({
        source: `${rel}#${p.number}`,
        linkType: p.iface.linkType,
        bytes: p.bytes.slice(),
        origlen: Math.max(p.origlen, p.bytes.length),
        lengthFields: fields
          .filter((f) => f.length > 0 && f.length <= 4 && typeof f.value === 'number' && LENGTH_NAME.test(f.name))
          .map((f) => ({ offset: f.offset, length: f.length })),
      });
    }
  }
  return seeds;
}
