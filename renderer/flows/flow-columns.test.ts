import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Conversation, Endpoint } from '../../core/api';
import { tsharkCells } from '../../core/dissect/test/tshark-fields';
import { CAPTURES_DIR } from '../../scripts/shared-captures';
import { bitsPerSecond, compareAddresses, conversationColumns, endpointColumns, formatFlowDuration, formatRate, formatRelStart, formatSize, sortEndpoints } from './flow-columns';

test('sizes take the largest SI prefix that leaves ten whole units, as Wireshark', () => {
  assert.equal(formatSize(0, 'bytes'), '0 bytes');
  assert.equal(formatSize(9999, 'bytes'), '9,999 bytes');
  assert.equal(formatSize(10_000, 'bytes'), '10 kB');
  assert.equal(formatSize(1_585_123, 'bytes'), '1,585 kB');
  assert.equal(formatSize(10_000_000, 'bytes'), '10 MB');
  assert.equal(formatSize(99_999_999_999, 'bytes'), '99 GB');
  assert.equal(formatSize(12_345.9, 'bits/s'), '12 kbps');
  assert.equal(formatSize(640, 'bits/s'), '640 bits/s');
  assert.equal(formatSize(Number.NaN, 'bytes'), '');
});

test('bits/s only over more than 5 ms, per direction', () => {
  assert.equal(bitsPerSecond(1000, 0.005), null);
  assert.equal(bitsPerSecond(1000, 2), 4000);
  assert.equal(formatRate(1000, 0), '');
  assert.equal(formatRate(125_000, 1), '1,000 kbps');
  assert.equal(formatRelStart(1.75877, false), '1.758770');
  assert.equal(formatRelStart(1.75877, true), '1.758770000');
  assert.equal(formatFlowDuration(0.21854, false), '0.2185');
  assert.equal(formatFlowDuration(0.21854, true), '0.218540');
});

const conv: Conversation = {
  kind: 'tcp',
  id: 3,
  addressA: '10.0.0.1',
  portA: 49996,
  addressB: '10.0.0.2',
  portB: 80,
  packetsAtoB: 6,
  bytesAtoB: 1575,
  packetsBtoA: 4,
  bytesBtoA: 1005,
  relStart: 1.75877,
  duration: 0.2185,
};

test('conversation columns: ports only for TCP and UDP; every sortable column names an engine sort key', () => {
  const tcp = conversationColumns('tcp');
  assert.deepEqual(
    tcp.map((c) => c.label),
    ['Address A', 'Port A', 'Address B', 'Port B', 'Packets', 'Bytes', 'Stream ID', 'Packets A → B', 'Bytes A → B', 'Packets B → A', 'Bytes B → A', 'Rel Start', 'Duration', 'Bits/s A → B', 'Bits/s B → A'],
  );
  assert.deepEqual(
    tcp.map((c) => c.text(conv, { nanoseconds: false })),
    ['10.0.0.1', '49996', '10.0.0.2', '80', '10', '2,580 bytes', '3', '6', '1,575 bytes', '4', '1,005 bytes', '1.758770', '0.2185', '57 kbps', '36 kbps'],
  );
  assert.equal(conversationColumns('ipv4').some((c) => c.key === 'portA'), false);
  assert.equal(tcp.filter((c) => c.sortKey === undefined).length, 2, 'only the rates are not sorted by the engine');
});

test('endpoints sort here, addresses by value, stably', () => {
  const e = (address: string, packetsTx: number): Endpoint => ({ kind: 'ipv4', address, packetsTx, bytesTx: 0, packetsRx: 0, bytesRx: 0 });
  const rows = [e('10.0.0.10', 1), e('10.0.0.9', 5), e('10.0.0.2', 1)];
  const cols = endpointColumns('ipv4');
  assert.deepEqual(sortEndpoints(rows, cols[0], false).map((r) => r.address), ['10.0.0.2', '10.0.0.9', '10.0.0.10']);
  const packets = cols.find((c) => c.key === 'packets');
  assert.deepEqual(sortEndpoints(rows, packets, true).map((r) => r.address), ['10.0.0.9', '10.0.0.10', '10.0.0.2']);
  assert.ok(compareAddresses('fe80::1', 'fe80::2') < 0);
  assert.equal(endpointColumns('udp')[1].label, 'Port');
});

const SMB = join(CAPTURES_DIR, 'zeek-traces/smb/smb2.pcap');
const tshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return void e;
  }
})();

test('conversation byte totals print as tshark -z conv,tcp prints them', { skip: !tshark || !existsSync(SMB) ? 'needs tshark and shared/captures' : false }, async () => {
  // Each stream's total from its frames, formatted here, against tshark's own table (same sizes, as a multiset).
  const cells = await tsharkCells(SMB, ['tcp.stream', 'frame.len']);
  const totals = new Map<string, number>();
  for (const [stream, len] of cells) if (stream !== '') totals.set(stream, (totals.get(stream) ?? 0) + Number(len));
  const ours = [...totals.values()].map((n) => formatSize(n, 'bytes').replace(/,/g, '')).sort();
  const table = execFileSync('tshark', ['-r', SMB, '-q', '-z', 'conv,tcp'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const theirs = table
    .split('\n')
    .filter((l) => l.includes('<->'))
    .map((l) => /\s(\d+)\s+(\d+ (?:bytes|[kMGT]B))\s+[\d.]+\s+[\d.]+\s*$/.exec(l)?.[2] ?? `unparsed: ${l}`)
    .sort();
  assert.ok(theirs.length > 0);
  assert.deepEqual(ours, theirs);
});
