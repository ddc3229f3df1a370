import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FollowChunk } from '../../core/api';
import { directionLabel, followLines, gapText, linesText } from './follow-render';

const enc = (s: string) => new TextEncoder().encode(s);
const chunk = (packet: number, from: 'client' | 'server', text: string | Uint8Array, gap = 0): FollowChunk => ({
  packet,
  from,
  bytes: typeof text === 'string' ? enc(text) : text,
  gap,
});

const stream = {
  chunks: [
    chunk(4, 'client', 'GET / HTTP/1.1\r\nHost: a\r\n\r\n'),
    chunk(6, 'server', 'HTTP/1.1 200 OK\r\n'),
    chunk(6, 'server', new Uint8Array(0), 100),
    chunk(9, 'server', new Uint8Array([0x68, 0x69, 0x00, 0xff, 0x09, 0x21])),
  ],
};

test('ASCII: newlines break lines, CR drops, other bytes show as dots; each side keeps its colour; gaps are marked', () => {
  const lines = followLines(stream, 'ascii');
  assert.deepEqual(
    lines.map((l) => [l.side, l.text, l.packet]),
    [
      ['client', 'GET / HTTP/1.1', 4],
      ['client', 'Host: a', 4],
      ['client', '', 4],
      ['server', 'HTTP/1.1 200 OK', 6],
      ['gap', '[100 bytes missing]', 6],
      ['server', 'hi..\t!', 9],
    ],
  );
  assert.equal(gapText(1), '[1 byte missing]');
});

test('hex dump: offsets per direction (gaps count), 16 bytes a line, the server indented', () => {
  const lines = followLines(stream, 'hex');
  assert.equal(lines[0].text, '00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1..');
  assert.equal(lines[1].text, '00000010  48 6f 73 74 3a 20 61 0d  0a 0d 0a                 Host: a....');
  assert.equal(lines[2].text, '    00000000  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  HTTP/1.1 200 OK.');
  assert.equal(lines[3].text, `    00000010  0a${' '.repeat(48)}.`);
  assert.equal(lines[4].side, 'gap');
  assert.equal(lines[5].text.slice(0, 16), '    00000075  68', 'the server sent 17 bytes, then 100 went missing: 117 = 0x75');
});

test('raw: each chunk as hex; one direction only', () => {
  const raw = followLines(stream, 'raw', 'server');
  assert.deepEqual(
    raw.map((l) => l.text),
    ['485454502f312e3120323030204f4b0d0a', '[100 bytes missing]', '686900ff0921'],
  );
  assert.ok(followLines(stream, 'ascii', 'client').every((l) => l.side === 'client'));
  assert.equal(linesText(followLines({ chunks: [chunk(1, 'client', 'a\nb')] }, 'ascii')), 'a\nb');
  assert.equal(directionLabel('10.0.0.1:1', '10.0.0.2:80', 1575), '10.0.0.1:1 → 10.0.0.2:80 (1,575 bytes)');
});
