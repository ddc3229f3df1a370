import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaptureParser } from './capture-parser';
import { encodeEpb, encodeIdb, encodeIsb, encodeShb } from './pcapng-writer';
import { readRecordDetail } from './record-detail';

// Ethernet + IPv4 + UDP (DNS port) frame; tshark dissects it without complaint.
const FRAME = Uint8Array.from(Buffer.from(
  '00112233445566778899aabb0800' + '4500001c0001000040110000c0a80001c0a80002' + 'd4310035000800000000',
  'hex',
));

test('written pcapng reads back identically with our parser, tshark and capinfos', () => {
  const times = [
    { sec: 1700000000, nsec: 123456789 },
    { sec: 1700000000, nsec: 999999999 },
    { sec: 1700000123, nsec: 1 },
  ];
  const blocks = [
    encodeShb({ userAppl: 'trawl test', os: 'Linux', hardware: 'x86_64', comments: ['section comment'] }),
    encodeIdb({ linkType: 1, snapLen: 65535, name: 'eth0', description: 'test interface', tsResol: 9 }),
    ...times.map((t, i) => encodeEpb({ interfaceId: 0, timestamp: t, tsResol: 9, data: FRAME, comments: i === 0 ? ['first packet'] : [], flags: i === 1 ? 2 : undefined })),
    encodeIsb({ interfaceId: 0, timestamp: times[2], tsResol: 9, ifRecv: 3n, ifDrop: 0n }),
  ];
  const file = join(mkdtempSync(join(tmpdir(), 'trawl-writer-test-')), 'out.pcapng');
  writeFileSync(file, Buffer.concat(blocks));

  const ours: [number, number, number][] = [];
  const offsets: number[] = [];
  const parser = createCaptureParser({ packet: (r, _d, c, _o, s, n) => { ours.push([s, n, c]); offsets.push(r); }, interface: () => {} });
  const bytes = Buffer.concat(blocks);
  parser.push(bytes);
  assert.equal(parser.finish(), undefined);
  assert.deepEqual(ours, times.map((t) => [t.sec, t.nsec, FRAME.length]));
  assert.deepEqual(parser.interfaces[0].name, 'eth0');
  assert.equal(parser.header?.sections[0].application, 'trawl test');
  assert.deepEqual(parser.header?.sections[0].comments, ['section comment']);
  assert.deepEqual(readRecordDetail(bytes.subarray(offsets[0]), parser.header!), { comments: ['first packet'] });
  assert.deepEqual(readRecordDetail(bytes.subarray(offsets[1]), parser.header!), { comments: [], flags: 2 });

  const tshark = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.comment', '-e', '_ws.malformed'], { encoding: 'utf8' });
  assert.equal(tshark.status, 0, tshark.stderr);
  assert.equal(tshark.stderr.replace(/Running as user "root".*\n/, ''), '');
  const lines = tshark.stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(lines.map((l) => l[0]), times.map((t) => `${t.sec}.${String(t.nsec).padStart(9, '0')}`));
  assert.equal(lines[0][1], 'first packet');
  assert.ok(lines.every((l) => !l[2]), 'no malformed packets');
  const cap = execFileSync('capinfos', ['-T', '-M', '-r', '-c', '-a', '-e', '-S', file], { encoding: 'utf8' }).trim().split('\t');
  assert.deepEqual(cap.slice(1), ['3', '1700000000.123456789', '1700000123.000000001']);
});
