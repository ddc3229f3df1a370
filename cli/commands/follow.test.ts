import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { BadRequestError } from '../../core/errors';
import { followKey, tsharkFollow } from '../../core/flow/test/follow-tshark';
import { CAPTURES_DIR } from '../../scripts/shared-captures';
import { UsageError } from '../command';
import { followCommand, parseFollowArgs } from './follow';

const CAPTURE = join(CAPTURES_DIR, 'zeek-traces/http/concurrent-range-requests.pcap');

test('arguments: FILE tcp|udp STREAM, one mode (ascii by default)', () => {
  assert.deepEqual(parseFollowArgs(['a.pcap', 'tcp', '3']), { path: 'a.pcap', protocol: 'tcp', stream: 3, mode: 'ascii' });
  assert.deepEqual(parseFollowArgs(['--raw', 'a.pcap', 'udp', '0']), { path: 'a.pcap', protocol: 'udp', stream: 0, mode: 'raw' });
  assert.equal(parseFollowArgs(['a.pcap', 'tcp', '1', '--hex']).mode, 'hex');
  assert.throws(() => parseFollowArgs(['a.pcap', 'tcp']), UsageError);
  assert.throws(() => parseFollowArgs(['a.pcap', 'sctp', '1']), /follow tcp or udp/);
  assert.throws(() => parseFollowArgs(['a.pcap', 'tcp', '-1']), UsageError);
  assert.throws(() => parseFollowArgs(['a.pcap', 'tcp', 'x']), /stream is a number/);
  assert.throws(() => parseFollowArgs(['a.pcap', 'tcp', '1', '--raw', '--hex']), /one of/);
  assert.throws(() => parseFollowArgs(['a.pcap', 'tcp', '1', '--json']), /unknown option/);
});

test('trawl follow goes through the engine: tshark’s text once the flow service numbers streams', async () => {
  let out = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (out += t) };
  try {
    const code = await followCommand.run([CAPTURE, 'tcp', '1', '--raw'], io);
    const theirs = await tsharkFollow(CAPTURE, [{ protocol: 'tcp', mode: 'raw', stream: 1 }]);
    assert.equal(code, 0);
    assert.equal(out, theirs.get(followKey('tcp', 'raw', 1)));
  } catch (e) {
    // Until FlowService is built (issue 6, another part), the engine says so; nothing else may fail here.
    assert.ok(e instanceof BadRequestError && /streamPackets .* not built yet/.test(e.message), String(e));
  }
});
