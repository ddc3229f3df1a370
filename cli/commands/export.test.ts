import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FollowProtocol } from '../../core/api';
import { CAPTURES_DIR } from '../../scripts/shared-captures';
import { UsageError, type CliIO } from '../command';
import type { SignalSource } from './capture';
import { runExport, widenToFlows } from './export';

function io(): CliIO & { out_: string; err_: string } {
  const r = {
    out_: '',
    err_: '',
    out(t: string) {
      r.out_ += t;
    },
    err(t: string) {
      r.err_ += t;
    },
  };
  return r;
}

const quiet: SignalSource = { on: () => undefined, off: () => undefined };

function frames(path: string, filter?: string): string {
  const args = ['-r', path, ...(filter ? ['-Y', filter] : []), '-T', 'fields', '-e', 'frame.len', '-e', 'frame.time_epoch', '-e', 'frame.comment'];
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

test('trawl export -Y writes the packets tshark -Y shows, with the filter in the section comment', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-cli-export-'));
  try {
    const source = join(CAPTURES_DIR, 'zeek-traces/ssh/ssh.pcap');
    const out = join(dir, 'push.pcapng');
    const o = io();
    assert.equal(await runExport([source, '-Y', 'tcp.flags.push == 1', '-w', out], o, { tty: false, signals: quiet }), 0, o.err_);
    assert.match(o.err_, /wrote \d+ packets/);
    assert.equal(frames(out), frames(source, 'tcp.flags.push == 1'));
    const comment = execFileSync('capinfos', ['-k', out], { encoding: 'utf8' });
    assert.match(comment, /tcp\.flags\.push == 1/);
    const bad = io();
    assert.equal(await runExport([source, '-Y', 'tcp.flags.nope', '-w', join(dir, 'x.pcapng')], bad, { tty: false, signals: quiet }), 1);
    assert.match(bad.err_, /tcp\.flags\.nope/);
    assert.deepEqual((await readdir(dir)).sort(), ['push.pcapng']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('usage errors: no -w, two filters, --flows without a filter, -w -', async () => {
  for (const args of [['a.pcap'], ['a.pcap', '-f', 'tcp', '-Y', 'udp', '-w', 'o'], ['a.pcap', '--flows', '-w', 'o'], ['a.pcap', '-w', '-'], ['-w', 'o']]) {
    await assert.rejects(runExport(args, io(), { tty: false, signals: quiet }), UsageError, args.join(' '));
  }
});

test('Ctrl+C during an export stops it and leaves nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-cli-export-'));
  try {
    // 200,000 copies of a 60-byte frame: long enough to interrupt.
    const header = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');
    const rec = Buffer.concat([Buffer.from('00000000000000003c0000003c000000', 'hex'), Buffer.alloc(60, 1)]);
    const source = join(dir, 'big.pcap');
    await writeFile(source, Buffer.concat([header, Buffer.concat(Array.from({ length: 200000 }, () => rec))]));
    let listener: (() => void) | undefined;
    const signals: SignalSource = {
      on: (_s, l) => (listener = l),
      off: () => undefined,
    };
    const o = io();
    const out = join(dir, 'out.pcapng');
    const run = runExport([source, '-w', out], o, { tty: true, signals });
    // Interrupt as soon as the engine has started working.
    await new Promise((r) => setTimeout(r, 50));
    listener?.();
    assert.equal(await run, 130, o.err_);
    assert.match(o.err_, /nothing was written/);
    assert.deepEqual((await readdir(dir)).sort(), ['big.pcap']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--flows widens matches to their streams: by stream when they are all of one protocol, else packet by packet', async () => {
  // Packets 1..8: tcp 0 = {1, 3, 5}, tcp 1 = {2, 6}, udp 0 = {4, 7}, 8 has no stream.
  const table: Record<number, { protocol: FollowProtocol; stream: number } | null> = {
    1: { protocol: 'tcp', stream: 0 },
    2: { protocol: 'tcp', stream: 1 },
    3: { protocol: 'tcp', stream: 0 },
    4: { protocol: 'udp', stream: 0 },
    5: { protocol: 'tcp', stream: 0 },
    6: { protocol: 'tcp', stream: 1 },
    7: { protocol: 'udp', stream: 0 },
    8: null,
  };
  const streamOf = async (n: number) => table[n];
  assert.deepEqual(await widenToFlows(Uint32Array.of(3, 6), 8, streamOf), { kind: 'flows', protocol: 'tcp', streams: [0, 1] });
  assert.deepEqual(await widenToFlows(Uint32Array.of(7), 8, streamOf), { kind: 'flows', protocol: 'udp', streams: [0] });
  assert.deepEqual(await widenToFlows(Uint32Array.of(3, 7), 8, streamOf), { kind: 'packets', numbers: Uint32Array.of(1, 3, 4, 5, 7) });
  assert.deepEqual(await widenToFlows(Uint32Array.of(2, 8), 8, streamOf), { kind: 'packets', numbers: Uint32Array.of(2, 6, 8) });
});
