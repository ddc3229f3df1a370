import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCaptureParser } from '../core/pcap/index';
import { BlockType, MAX_BLOCK_LEN } from '../core/pcap/pcapng-reader';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { PcapngBlockSplitter, isPacketBlock, type PcapngBlock } from './pcapng-block-splitter';

const GENERATOR = join(CAPTURES_DIR, 'pcapng-test-generator');
// Three sections of different byte order with every kind of block; the .txt beside it lists the blocks.
const MIXED = ['output_be', 'output_le'].map((d) => join(GENERATOR, d, 'difficult', 'test202.pcapng'));
const LEAK_TEST = join(CAPTURES_DIR, 'zeek-traces', 'snmp', 'leak_test.pcapng'); // 79 EPBs, one section

const TYPE_BY_NAME: Record<string, number> = { ...BlockType };

/** The generator's own list of the file's blocks ("Block sequence: SHB, IDB, …"). */
function documentedSequence(pcapng: string): number[] {
  const txt = readFileSync(pcapng.replace(/\.pcapng$/, '.txt'), 'utf8');
  const line = /^Block sequence: (.*)$/m.exec(txt);
  assert.ok(line, `${pcapng}.txt lists no block sequence`);
  return line[1].split(', ').map((name) => {
    const type = TYPE_BY_NAME[name];
    assert.notEqual(type, undefined, `unknown block name ${name}`);
    return type;
  });
}

function split(chunks: readonly Uint8Array[]): { blocks: PcapngBlock[]; splitter: PcapngBlockSplitter } {
  const splitter = new PcapngBlockSplitter();
  const blocks = chunks.flatMap((c) => splitter.push(c));
  return { blocks, splitter };
}

function describeBlocks(blocks: readonly PcapngBlock[]): string[] {
  return blocks.map((b) => `${b.type}@${b.offset}+${b.bytes.length}:${Buffer.from(b.bytes).toString('hex')}`);
}

/** A little-endian block of `length` bytes (as its header says) with `trailer` at its end. */
function block(type: number, length: number, trailer = length, size = Math.max(length, 12)): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(length, 4);
  b.writeUInt32LE(trailer, size - 4);
  return b;
}

const shbOf = (file: Buffer) => file.subarray(0, file.readUInt32LE(4)); // LEAK_TEST is little-endian

describe('PcapngBlockSplitter', () => {
  for (const path of MIXED) {
    it(`cuts ${path.split('/').slice(-3).join('/')} into the blocks its generator lists, in both byte orders`, () => {
      const file = readFileSync(path);
      const { blocks, splitter } = split([file]);
      assert.deepEqual(blocks.map((b) => b.type), documentedSequence(path));
      assert.deepEqual(Buffer.concat(blocks.map((b) => b.bytes)), file);
      assert.equal(splitter.finish(), undefined);
      // The magic's first byte on disk: 0x1a is big-endian. The file holds both; the last section's order wins.
      const orders = blocks.filter((b) => b.type === BlockType.SHB).map((b) => (b.bytes[8] === 0x1a ? 'big' : 'little'));
      assert.deepEqual(new Set(orders), new Set(['big', 'little']));
      assert.equal(splitter.byteOrder, orders.at(-1));
    });

    it(`gives the same blocks for ${path.split('/').slice(-3).join('/')} cut at every byte position, and byte by byte`, () => {
      const file = readFileSync(path);
      const whole = describeBlocks(split([file]).blocks);
      for (let k = 0; k <= file.length; k++) {
        const { blocks, splitter } = split([file.subarray(0, k), file.subarray(k)]);
        assert.deepEqual(describeBlocks(blocks), whole, `cut at ${k}`);
        assert.equal(splitter.finish(), undefined);
      }
      const bytes = Array.from({ length: file.length }, (_, i) => file.subarray(i, i + 1));
      assert.deepEqual(describeBlocks(split(bytes).blocks), whole);
    });
  }

  it('hands blocks that lie inside one chunk out as views of it, and spanning ones as copies', () => {
    const file = readFileSync(LEAK_TEST);
    const cut = 5000;
    const first = file.subarray(0, cut);
    const splitter = new PcapngBlockSplitter();
    const a = splitter.push(first);
    assert.ok(a.every((b) => b.bytes.buffer === first.buffer));
    const held = cut - a.reduce((n, b) => n + b.bytes.length, 0);
    assert.equal(splitter.pendingBytes, held);
    const b = splitter.push(file.subarray(cut));
    assert.notEqual(b[0].bytes.buffer, file.buffer, 'the block across the cut is a copy');
    assert.equal(b[0].offset, cut - held);
  });

  it('lets the parser read the blocks it gives out, packet for packet as it reads the whole file (79 EPBs)', () => {
    const file = readFileSync(LEAK_TEST);
    const record = () => {
      const rows: string[] = [];
      return { rows, sink: { packet: (...a: number[]) => void rows.push(a.join(',')), interface: () => undefined } };
    };
    const whole = record();
    createCaptureParser(whole.sink).push(file);
    const pieces = record();
    const parser = createCaptureParser(pieces.sink);
    const { blocks } = split(Array.from({ length: Math.ceil(file.length / 997) }, (_, i) => file.subarray(i * 997, (i + 1) * 997)));
    for (const b of blocks) assert.equal(parser.push(b.bytes), true);
    assert.equal(blocks.filter((b) => isPacketBlock(b.type)).length, 79);
    assert.equal(pieces.rows.length, 79);
    assert.deepEqual(pieces.rows, whole.rows);
  });

  it('scan hands each block to the visitor in place, with its section byte order, and stops for good when the visitor says so', () => {
    for (const path of MIXED) {
      const file = readFileSync(path);
      const seen: string[] = [];
      const splitter = new PcapngBlockSplitter();
      const visitor = {
        block: (type: number, bytes: Uint8Array, view: DataView, pos: number, total: number, little: boolean) => {
          assert.equal(view.getUint32(pos + total - 4, little), total, 'the trailer reads right in the order given');
          seen.push(`${type}@${splitter.streamOffset}+${total}`);
          assert.ok(bytes.buffer === file.buffer || bytes.length === total, 'in place, or a copy of just the block');
          return seen.length < 5;
        },
      };
      const cut = 200;
      assert.equal(splitter.scan(file.subarray(0, cut), visitor), true);
      assert.equal(splitter.scan(file.subarray(cut), visitor), false);
      assert.equal(splitter.scan(file, visitor), false, 'nothing more once stopped');
      const all = split([file]).blocks.map((b) => `${b.type}@${b.offset}+${b.bytes.length}`);
      assert.deepEqual(seen, all.slice(0, 5));
      assert.equal(splitter.problem, undefined, 'a visitor stopping is not a framing problem');
    }
  });

  describe('stops at broken framing and says where', () => {
    const file = readFileSync(LEAK_TEST);
    const shb = shbOf(file);
    const cases: { name: string; bad: Buffer; code: string; reason: RegExp }[] = [
      { name: 'a length below 12', bad: block(BlockType.EPB, 8), code: 'bad-block-length', reason: /invalid total length of 8 bytes \(less than 12\)/ },
      { name: 'a length of 0', bad: block(BlockType.EPB, 0), code: 'bad-block-length', reason: /total length of 0 bytes/ },
      { name: 'a length not a multiple of 4', bad: block(BlockType.EPB, 30, 30, 32), code: 'bad-block-length', reason: /not a multiple of 4/ },
      { name: 'an absurd length', bad: block(BlockType.IDB, MAX_BLOCK_LEN + 4, 0, 16), code: 'bad-block-length', reason: new RegExp(`more than ${MAX_BLOCK_LEN}`) },
      { name: 'a trailer that differs', bad: block(BlockType.EPB, 32, 36), code: 'block-length-mismatch', reason: /32 at its start and 36 at its end/ },
      { name: 'an SHB without byte-order magic', bad: block(BlockType.SHB, 28), code: 'bad-magic', reason: /no valid byte-order magic/ },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.code} at the block's offset; the blocks before it come out`, () => {
        const good = file.subarray(0, 2000);
        const { blocks: before } = split([good]);
        const validEnd = before.reduce((n, b) => n + b.bytes.length, 0);
        const stream = Buffer.concat([file.subarray(0, validEnd), c.bad, file.subarray(validEnd)]);
        for (const cut of [1, validEnd + 5, stream.length]) {
          const { blocks, splitter } = split([stream.subarray(0, cut), stream.subarray(cut)]);
          assert.deepEqual(describeBlocks(blocks), describeBlocks(before), `cut at ${cut}`);
          assert.equal(splitter.problem?.code, c.code);
          assert.equal(splitter.problem?.offset, validEnd);
          assert.match(splitter.problem?.reason ?? '', c.reason);
          assert.deepEqual(splitter.push(file), [], 'nothing after the problem');
          assert.equal(splitter.finish(), splitter.problem);
        }
      });
    }

    it('a stream that does not start with a Section Header Block', () => {
      const { blocks, splitter } = split([file.subarray(shb.length)]);
      assert.deepEqual(blocks, []);
      assert.equal(splitter.problem?.code, 'not-pcapng');
      assert.equal(splitter.problem?.offset, 0);
      assert.match(splitter.problem?.reason ?? '', /does not start with a pcapng Section Header Block \(it starts with 0x00000001\)/);
    });

    it('a stream that ends inside a block: truncated, at the block, after every whole block came out', () => {
      for (const end of [shb.length + 5, 3000, file.length - 1]) {
        const { blocks, splitter } = split([file.subarray(0, end)]);
        const whole = blocks.reduce((n, b) => n + b.bytes.length, 0);
        assert.deepEqual(Buffer.concat(blocks.map((b) => b.bytes)), file.subarray(0, whole));
        assert.equal(splitter.pendingBytes, end - whole);
        const p = splitter.finish();
        assert.equal(p?.code, 'truncated');
        assert.equal(p?.offset, whole);
        assert.match(p?.reason ?? '', new RegExp(`only ${end - whole} bytes of it arrived`));
      }
    });
  });
});
