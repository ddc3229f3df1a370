import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES_DIR } from '../../scripts/shared-captures';
import { UsageError } from '../command';
import { flowsCommand, parseFlowsArgs } from './flows';

test('arguments: kind names as tshark\'s conv names, -Y, --json; mistakes are usage errors', () => {
  assert.deepEqual(parseFlowsArgs(['a.pcap']), { path: 'a.pcap', kind: 'tcp', json: false });
  assert.deepEqual(parseFlowsArgs(['--kind', 'ip', '-Y', 'udp', '--json', 'a.pcap']), { path: 'a.pcap', kind: 'ipv4', json: true, filter: 'udp' });
  assert.throws(() => parseFlowsArgs(['--kind', 'sctp', 'a.pcap']), UsageError);
  assert.throws(() => parseFlowsArgs(['a.pcap', 'b.pcap']), UsageError);
  assert.throws(() => parseFlowsArgs(['-Y']), UsageError);
  assert.throws(() => parseFlowsArgs(['--bogus', 'a.pcap']), UsageError);
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await flowsCommand.run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('trawl flows prints what tshark -n -q -z conv,KIND[,FILTER] prints', { timeout: 120_000 }, async () => {
  const path = join(CAPTURES_DIR, 'zeek-traces/tunnels/vxlan.pcap');
  for (const [kind, conv, filter] of [
    ['tcp', 'tcp', undefined],
    ['udp', 'udp', undefined],
    ['ip', 'ip', undefined],
    ['eth', 'eth', undefined],
    ['ip', 'ip', 'icmp.type == 8'],
  ] as const) {
    const r = await run(['--kind', kind, ...(filter ? ['-Y', filter] : []), path]);
    assert.equal(r.code, 0, r.err);
    const tshark = execFileSync('tshark', ['-n', '-r', path, '-q', '-z', `conv,${conv}${filter ? `,${filter}` : ''}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    assert.equal(r.out, tshark, `${kind} ${filter ?? ''}`);
  }
  const json = await run(['--json', '--kind', 'udp', path]);
  const parsed = JSON.parse(json.out) as { conversations: { id: number; packetsAtoB: number }[] };
  assert.ok(parsed.conversations.length > 0);
  assert.equal(parsed.conversations[0].id, 0);
});
