import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frames, generateCapture } from './generate-capture';

const PACKETS = 2000;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-bench-gen-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const tool = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('capinfos counts the packets asked for, tshark finds nothing malformed, and the same seed gives the same bytes', async () => {
  await withDir(async (dir) => {
    const a = join(dir, 'a.pcapng');
    const b = join(dir, 'b.pcapng');
    const made = await generateCapture(a, { packets: PACKETS, seed: 42 });
    await generateCapture(b, { packets: PACKETS, seed: 42 });
    assert.equal(made.packets, PACKETS);

    const count = /Number of packets:\s+(\d+)/.exec(tool('capinfos', ['-M', '-c', a]));
    assert.ok(count, 'capinfos printed a packet count');
    assert.equal(Number(count[1]), PACKETS);
    assert.equal(tool('tshark', ['-r', a, '-Y', '_ws.malformed']), '');

    const [bytesA, bytesB] = await Promise.all([readFile(a), readFile(b)]);
    assert.equal(bytesA.length, made.bytes);
    assert.ok(bytesA.equals(bytesB), 'same seed, same bytes');
    assert.deepEqual(await readdir(dir), ['a.pcapng', 'b.pcapng'], 'no partial files left behind');
  });
});

test('the mix holds every protocol the benchmarks need, with ~5% VLAN-tagged frames and some retransmissions', async () => {
  await withDir(async (dir) => {
    const f = join(dir, 'mix.pcapng');
    await generateCapture(f, { packets: PACKETS, seed: 1 });
    const fields = tool('tshark', ['-r', f, '-T', 'fields', '-E', 'separator=|', '-e', 'frame.protocols', '-e', 'tcp.analysis.retransmission', '-e', 'tls.handshake.extensions_server_name']);
    const lines = fields.trim().split('\n');
    const has = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    for (const proto of [/:ip:tcp/, /:ipv6:tcp/, /:http/, /:tls/, /:dns/, /:icmp:/, /:icmpv6/, /eth:ethertype:arp/]) {
      assert.ok(has(proto) > 0, `some frames match ${proto}`);
    }
    const vlanShare = has(/:vlan:/) / lines.length;
    assert.ok(vlanShare > 0.01 && vlanShare < 0.15, `VLAN share ${vlanShare}`);
    assert.ok(has(/\|1\|/) > 0, 'some TCP retransmissions');
    assert.ok(has(/\|[a-z]+\.[a-z]+\d+\.[a-z]+$/) > 0, 'ClientHellos carry a server name');
  });
});

test('timestamps increase strictly and a different seed gives a different capture', () => {
  let prev = -1;
  const first: Uint8Array[] = [];
  for (const f of frames(3, 500)) {
    const t = f.timestamp.sec * 1e9 + f.timestamp.nsec;
    assert.ok(t > prev, 'monotonic');
    assert.ok(f.timestamp.nsec >= 0 && f.timestamp.nsec < 1e9);
    prev = t;
    if (first.length < 10) first.push(f.data);
  }
  const other = [...frames(4, 10)].map((f) => f.data);
  assert.notDeepEqual(other, first);
});
