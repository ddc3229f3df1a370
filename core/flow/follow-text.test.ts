import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FollowChunk } from '../api';
import { followText } from './follow-text';

const bytes = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

const chunks: FollowChunk[] = [
  { packet: 4, from: 'client', bytes: bytes('GET / HTTP/1.1\r\n'), gap: 0 },
  { packet: 6, from: 'server', bytes: bytes('HTTP/1.1 200 OK\x00\x7f'), gap: 0 },
  { packet: 9, from: 'server', bytes: new Uint8Array(0), gap: 5 },
];
const stream = { protocol: 'tcp' as const, filter: 'tcp.stream eq 2', client: '10.0.0.1:40000', server: '10.0.0.2:80', chunks };

const SEP = '===================================================================';

test('raw: one hex line per chunk, server lines after a tab, a gap as tshark’s marker text and its NUL', () => {
  // As `tshark -q -z follow,tcp,raw,2` prints it.
  const marker = Buffer.from('[5 bytes missing in capture file]\0', 'latin1').toString('hex');
  assert.equal(
    followText(stream, 'raw'),
    `\n${SEP}\nFollow: tcp,raw\nFilter: tcp.stream eq 2\nNode 0: 10.0.0.1:40000\nNode 1: 10.0.0.2:80\n` +
      `474554202f20485454502f312e310d0a\n\t485454502f312e3120323030204f4b007f\n\t${marker}\n${SEP}\n`,
  );
});

test('ascii: the length, then the bytes with dots for what is not printable (\\r and \\n kept)', () => {
  assert.equal(
    followText(stream, 'ascii'),
    `\n${SEP}\nFollow: tcp,ascii\nFilter: tcp.stream eq 2\nNode 0: 10.0.0.1:40000\nNode 1: 10.0.0.2:80\n` +
      `16\nGET / HTTP/1.1\r\n\n\t17\nHTTP/1.1 200 OK..\n\t34\n[5 bytes missing in capture file].\n${SEP}\n`,
  );
});

test('hex: 16 bytes a line, offsets counted per side, the character column after a fixed hex column', () => {
  const lines = followText(stream, 'hex').split('\n');
  assert.deepEqual(lines.slice(6, 11), [
    '00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HT TP/1.1..',
    '\t00000000  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 00  HTTP/1.1  200 OK.',
    '\t00000010  7f                                                .',
    '\t00000011  5b 35 20 62 79 74 65 73  20 6d 69 73 73 69 6e 67  [5 bytes  missing',
    '\t00000021  20 69 6e 20 63 61 70 74  75 72 65 20 66 69 6c 65   in capt ure file',
  ]);
});

test('hex: a line of exactly 8 bytes loses the spacer after its characters; an empty stream prints tshark’s empty nodes', () => {
  const text = followText({ ...stream, chunks: [{ packet: 1, from: 'client', bytes: bytes('abcdefgh'), gap: 0 }] }, 'hex');
  assert.ok(text.includes('\n00000000  61 62 63 64 65 66 67 68                           abcdefgh\n'));
  const empty = followText({ ...stream, client: '', server: '', chunks: [] }, 'ascii');
  assert.equal(empty, `\n${SEP}\nFollow: tcp,ascii\nFilter: tcp.stream eq 2\nNode 0: :0\nNode 1: :0\n${SEP}\n`);
});
