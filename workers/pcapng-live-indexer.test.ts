import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CaptureProblem, InterfaceInfo } from '../core/api';
import { createCaptureParser, type PacketSink } from '../core/pcap/index';
import { BlockType } from '../core/pcap/pcapng-reader';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { PcapngBlockSplitter } from './pcapng-block-splitter';
import { PcapngLiveIndexer } from './pcapng-live-indexer';

const LEAK_TEST = join(CAPTURES_DIR, 'zeek-traces', 'snmp', 'leak_test.pcapng'); // SHB, IDB, 79 EPBs

interface Read {
  rows: string[];
  interfaces: InterfaceInfo[];
  problem: CaptureProblem | undefined;
}

function recorder(): { read: Read; sink: PacketSink } {
  const read: Read = { rows: [], interfaces: [], problem: undefined };
  return { read, sink: { packet: (...a: number[]) => void read.rows.push(a.join(' ')), interface: (i) => void read.interfaces.push(i) } };
}

/** What core/pcap reports reading the whole file at once. */
function parsed(file: Uint8Array): Read {
  const { read, sink } = recorder();
  const parser = createCaptureParser(sink);
  try {
    parser.push(file);
    read.problem = parser.finish();
  } catch (e) {
    read.problem = { code: (e as { code: string }).code, record: 1, offset: (e as { offset: number }).offset, reason: (e as Error).message };
  }
  return read;
}

/** What the live indexer reports for the same file cut into `piece`-byte chunks (file offset = stream offset). */
function indexed(file: Uint8Array, piece: number): Read & { framing: string | undefined } {
  const { read, sink } = recorder();
  const indexer = new PcapngLiveIndexer(sink);
  const splitter = new PcapngBlockSplitter();
  const visitor = { block: (type: number, _b: Uint8Array, view: DataView, pos: number, total: number, little: boolean) => indexer.block(type, view, pos, total, little, splitter.streamOffset) };
  for (let at = 0; at < file.length && splitter.scan(file.subarray(at, at + piece), visitor); at += piece);
  read.problem = indexer.problem;
  return { ...read, framing: splitter.finish()?.code };
}

function pcapngFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.pcapng'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

describe('PcapngLiveIndexer', () => {
  it('reports what core/pcap reads for every pcapng of the shared captures (packets, interfaces, problems), in any chunking (the malformed cases below check problems)', () => {
    const files = pcapngFiles(CAPTURES_DIR);
    assert.ok(files.length > 50, `${files.length} pcapng captures`);
    let packets = 0;
    for (const path of files) {
      const file = readFileSync(path);
      if (file.readUInt32LE(0) !== BlockType.SHB) continue; // gzip or not pcapng: not what the helper writes
      const want = parsed(file);
      for (const piece of [997, 65536]) {
        const got = indexed(file, piece);
        if (got.framing !== undefined) {
          // The splitter stops at bad framing before the indexer sees the block; the parser reports it itself.
          assert.ok(want.problem !== undefined, `${path}: framing ${got.framing} but the parser saw no problem`);
          assert.deepEqual(got.rows, want.rows.slice(0, got.rows.length), path);
          continue;
        }
        assert.deepEqual(got.rows, want.rows, `${path} in ${piece}-byte chunks`);
        assert.deepEqual(got.interfaces, want.interfaces, path);
        assert.deepEqual(got.problem, want.problem, path);
      }
      packets += want.rows.length;
    }
    assert.ok(packets > 1000, `${packets} packets compared`);
  });

  describe('malformed blocks: the same problem at the same place as core/pcap, and the packets before it', () => {
    const file = readFileSync(LEAK_TEST);
    const shbLen = file.readUInt32LE(4);
    const idbLen = file.readUInt32LE(shbLen + 4);
    const firstEpb = shbLen + idbLen;
    const epbAt = (k: number) => {
      let at = firstEpb;
      for (let i = 0; i < k; i++) at += file.readUInt32LE(at + 4);
      return at;
    };
    const edit = (change: (b: Buffer) => void) => {
      const copy = Buffer.from(file);
      change(copy);
      return copy;
    };
    const shortEpb = Buffer.alloc(28);
    shortEpb.writeUInt32LE(BlockType.EPB, 0);
    shortEpb.writeUInt32LE(28, 4);
    shortEpb.writeUInt32LE(28, 24);
    const badIdb = Buffer.alloc(28); // Ethernet, if_tsresol 80 (beyond 10^-19)
    for (const [at, v] of [[0, BlockType.IDB], [4, 28], [8, 1], [16, 0x00010009], [20, 80], [24, 28]]) badIdb.writeUInt32LE(v, at);
    const v2Shb = Buffer.from(file.subarray(0, shbLen));
    v2Shb.writeUInt16LE(2, 12);
    const at10 = epbAt(10);
    const cases: { name: string; bytes: Buffer; code: string }[] = [
      { name: 'an EPB naming interface 3 of 1', bytes: edit((b) => b.writeUInt32LE(3, at10 + 8)), code: 'bad-interface' },
      { name: 'an EPB whose caplen exceeds the block', bytes: edit((b) => b.writeUInt32LE(5000, at10 + 20)), code: 'bad-caplen' },
      { name: 'an EPB of 28 bytes', bytes: Buffer.concat([file.subarray(0, at10), shortEpb, file.subarray(at10)]), code: 'bad-block-length' },
      { name: 'a second IDB with a broken option', bytes: Buffer.concat([file.subarray(0, at10), badIdb, file.subarray(at10)]), code: 'bad-option' },
      { name: 'a second section of version 2', bytes: Buffer.concat([file.subarray(0, at10), v2Shb, file.subarray(at10)]), code: 'unsupported-version' },
      { name: 'a first section of version 2', bytes: Buffer.concat([v2Shb, file.subarray(shbLen)]), code: 'unsupported-version' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const want = parsed(c.bytes);
        assert.equal(want.problem?.code, c.code, 'core/pcap sees the problem this case is about');
        for (const piece of [1, 997, c.bytes.length]) {
          const got = indexed(c.bytes, piece);
          assert.equal(got.framing, undefined);
          assert.deepEqual(got.problem, want.problem, `${piece}-byte chunks`);
          assert.deepEqual(got.rows, want.rows);
          assert.deepEqual(got.interfaces, want.interfaces);
        }
      });
    }

    it('indexes nothing after the problem', () => {
      const { read, sink } = recorder();
      const indexer = new PcapngLiveIndexer(sink);
      const bad = edit((b) => b.writeUInt32LE(3, at10 + 8));
      const view = new DataView(bad.buffer, bad.byteOffset, bad.byteLength);
      let at = 0;
      const results: boolean[] = [];
      for (let k = 0; k < 13; k++) {
        const total = bad.readUInt32LE(at + 4);
        results.push(indexer.block(bad.readUInt32LE(at), view, at, total, true, at));
        at += total;
      }
      assert.deepEqual(results, [...Array(12).fill(true), false].map((_, i) => i < 12));
      assert.equal(read.rows.length, 10);
      assert.equal(indexer.packets, 10);
      assert.equal(indexer.problem?.record, 11);
      assert.equal(indexer.problem?.offset, at10);
    });
  });
});
