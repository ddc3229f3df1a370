/**
 * The frames tcpdump keeps for a capture-filter expression, as 1-based frame numbers of a capture: the
 * oracle for display filtering (engine) and `trawl read -f`.
 *
 * libpcap 1.10 cannot read a pcapng whose interfaces differ in link type (or snap length), so the
 * capture's frames are grouped by link type, each group is written to a plain pcap of that link type,
 * `tcpdump -r GROUP -w OUT EXPR` runs on it, and OUT's records are mapped back to frame numbers by their
 * bytes and wire length, in order (tcpdump keeps the order, so they are a subsequence of the group).
 * A link type the expression does not compile for keeps no frames, as in Trawl.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InterfaceInfo } from '../../core/api';
import { createCaptureParser } from '../../core/pcap/index';

export interface Frame {
  number: number;
  linkType: number;
  origlen: number;
  data: Uint8Array;
}

/** Every frame of a (non-gzip) capture, with its interface's link type. */
export function readFrames(path: string): Frame[] {
  const file = new Uint8Array(readFileSync(path));
  const raw: { dataOffset: number; caplen: number; origlen: number; iface: number }[] = [];
  const interfaces: InterfaceInfo[] = [];
  const parser = createCaptureParser({
    packet: (_r, dataOffset, caplen, origlen, _s, _n, iface) => raw.push({ dataOffset, caplen, origlen, iface }),
    interface: (info) => interfaces.push(info),
  });
  parser.push(file);
  parser.finish();
  return raw.map((r, i) => ({
    number: i + 1,
    linkType: parser.interfaces[r.iface]?.linkType ?? interfaces[r.iface]?.linkType ?? -1,
    origlen: r.origlen,
    data: file.subarray(r.dataOffset, r.dataOffset + r.caplen),
  }));
}

function writePcap(path: string, linkType: number, frames: readonly Frame[]): void {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(linkType, 20);
  parts.push(head);
  frames.forEach((f, i) => {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(i, 0);
    rec.writeUInt32LE(f.data.length, 8);
    rec.writeUInt32LE(f.origlen, 12);
    parts.push(rec, Buffer.from(f.data));
  });
  writeFileSync(path, Buffer.concat(parts));
}

/** Records of a little- or big-endian µs/ns pcap: bytes and wire length. */
function readPcapRecords(path: string): { data: Buffer; origlen: number }[] {
  const b = readFileSync(path);
  const magic = b.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const out: { data: Buffer; origlen: number }[] = [];
  for (let at = 24; at + 16 <= b.length; ) {
    const caplen = u32(at + 8);
    out.push({ data: b.subarray(at + 16, at + 16 + caplen), origlen: u32(at + 12) });
    at += 16 + caplen;
  }
  return out;
}

/** 1-based numbers of the frames of `path` that `tcpdump EXPR` keeps (see the file comment). */
export function tcpdumpKeeps(path: string, expression: string): number[] {
  const frames = readFrames(path);
  const dir = mkdtempSync(join(tmpdir(), 'trawl-tcpdump-oracle-'));
  try {
    const kept: number[] = [];
    for (const linkType of new Set(frames.map((f) => f.linkType))) {
      const group = frames.filter((f) => f.linkType === linkType);
      const input = join(dir, `in-${linkType}.pcap`);
      const output = join(dir, `out-${linkType}.pcap`);
      writePcap(input, linkType, group);
      const r = spawnSync('tcpdump', ['-r', input, '-w', output, expression], { encoding: 'utf8' });
      if (r.status !== 0) {
        // tcpdump compiles before it opens the output: no output means the expression does not compile
        // for this link type, and none of its frames are kept.
        if (!existsSync(output)) continue;
        throw new Error(`tcpdump failed on ${path} (link type ${linkType}): ${r.stderr}`);
      }
      let g = 0;
      for (const rec of readPcapRecords(output)) {
        while (g < group.length && !(group[g].origlen === rec.origlen && Buffer.from(group[g].data).equals(rec.data))) g++;
        if (g === group.length) throw new Error(`a record tcpdump kept is not among the frames of ${path} in order`);
        kept.push(group[g++].number);
      }
    }
    return kept.sort((a, b) => a - b);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `tcpdump -y LINKTYPE -d|-dd|-ddd [-O] EXPR`'s output. */
export function tcpdumpDump(dlt: string, format: 'd' | 'dd' | 'ddd', expression: string, optimize = true): string {
  return execFileSync('tcpdump', ['-y', dlt, `-${format}`, ...(optimize ? [] : ['-O']), expression], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
