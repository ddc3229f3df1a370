import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureFormatError, FileAccessError } from '../../core/errors';
import { UsageError } from '../command';
import { infoCommand } from './info';
import { CAPTURES_DIR } from '../../scripts/shared-captures';

const CAPTURES = CAPTURES_DIR;

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await infoCommand.run(args, { out: (t) => (out += t), err: (t) => (out += t) });
  return { code, out };
}

function capinfos(path: string): string[] {
  return execFileSync('capinfos', ['-T', '-M', '-r', '-c', '-d', '-a', '-e', '-S', path], { encoding: 'utf8' }).trim().split('\t');
}

test('--json agrees with capinfos on packets, bytes and times (multi-interface pcapng, mixed precision)', async () => {
  const path = `${CAPTURES}/zeek-traces/pcapng-multi-interface.pcapng`;
  const { code, out } = await run(['--json', path]);
  assert.equal(code, 0);
  const j = JSON.parse(out);
  const [, packets, bytes, first, last] = capinfos(path);
  assert.equal(j.packets, Number(packets));
  assert.equal(j.bytes, Number(bytes.replace(/ bytes$/, '')));
  assert.ok(j.firstTime.epoch.startsWith(first), `${j.firstTime.epoch} vs ${first}`);
  assert.ok(j.lastTime.epoch.startsWith(last), `${j.lastTime.epoch} vs ${last}`);
  assert.equal(j.format, 'pcapng');
  assert.ok(j.interfaces.length >= 2);
  assert.equal(typeof j.interfaces[0].linkTypeName, 'string');
  assert.equal(j.problem, undefined);
});

test('text output names format, interfaces with link types and the packet count; gzip is transparent', async () => {
  const path = `${CAPTURES}/wireshark-captures/wpa-Induction.pcap.gz`;
  const { code, out } = await run([path]);
  assert.equal(code, 0);
  assert.match(out, /File format: +pcap \(usec\) 2\.4, gzip-compressed/);
  assert.match(out, /#0: IEEE802_11_RADIO \(127\)/);
  assert.match(out, new RegExp(`Packets: +${capinfos(path)[1]}\\n`));
});

test('a truncated file reports the problem with record and offset', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-info-test-'));
  const src = execFileSync('cat', [`${CAPTURES}/libpcap-tests/filter/ISIS_external_lsp.pcap`]);
  const cut = join(dir, 'cut.pcap');
  writeFileSync(cut, src.subarray(0, src.length - 10));
  const j = JSON.parse((await run(['--json', cut])).out);
  assert.equal(j.packets, 9);
  assert.equal(j.problem.code, 'truncated');
  assert.equal(j.problem.record, 10);
  assert.ok(j.problem.offset > 24);
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'hello world\n');
  await assert.rejects(run([text]), (e) => e instanceof CaptureFormatError && e.code === 'not-a-capture' && /text/.test(e.message));
  await assert.rejects(run([join(dir, 'missing.pcap')]), FileAccessError);
});

test('usage errors', async () => {
  await assert.rejects(run([]), UsageError);
  await assert.rejects(run(['--bogus', 'x.pcap']), UsageError);
  await assert.rejects(run(['a.pcap', 'b.pcap']), UsageError);
});
