import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FilterError } from '../../core/errors';
import { compileStages } from '../../core/filter/compile';
import { printAst } from '../../core/filter/print-ast';
import { printIr } from '../../core/filter/ir-print';
import { tcpdumpDump } from '../../workers/test/tcpdump-filter-oracle';
import { REPO_ROOT } from '../../scripts/shared-captures';
import { UsageError } from '../command';
import { formatFilterError } from '../filter-error-text';
import { compileCommand } from './compile';

async function trawlCompile(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await compileCommand.run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/**
 * [DLT name, expression, optimised]: cases where our compiler emits exactly libpcap 1.10's program.
 * Each is compared in all three of tcpdump's formats. Extend freely as the compiler grows.
 */
const SAME_AS_TCPDUMP: [string, string, boolean][] = [
  ['EN10MB', 'ip', true],
  ['EN10MB', 'ip', false],
  ['EN10MB', 'tcp port 80', true],
  ['EN10MB', 'tcp port 80', false],
  ['EN10MB', 'port 53', true],
  ['EN10MB', 'src host 10.0.0.1', true],
  ['EN10MB', 'dst net 192.168.0.0/16', true],
  ['EN10MB', 'net 10.0.0.0 mask 255.0.0.0', false],
  ['EN10MB', 'ether host 00:11:22:33:44:55', true],
  ['EN10MB', 'ether broadcast', true],
  ['EN10MB', 'vlan 100', true],
  ['EN10MB', 'vlan and ip', false],
  ['EN10MB', 'pppoes', true],
  ['EN10MB', 'len > 100', true],
  ['EN10MB', 'tcp[tcpflags] & (tcp-syn|tcp-fin) != 0', true],
  ['EN10MB', 'icmp[icmptype] = icmp-echo', true],
  ['EN10MB', 'tcp and not port 22', true],
  ['EN10MB', 'host 10.0.0.1 and (port 80 or port 443)', false],
  ['EN10MB', 'ip6 multicast', true],
  ['EN10MB', 'ip6 host ::1', true],
  ['RAW', 'tcp port 80', true],
  ['RAW', 'ip6 net 2001:db8::/32', true],
  ['RAW', 'tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420', true],
  ['RAW', 'sctp', false],
  ['LINUX_SLL', 'arp', true],
  ['LINUX_SLL', 'tcp port 80', false],
  ['LINUX_SLL', 'dst net 192.168.0.0/16', true],
  // Block order as libpcap's convert_code_r lays it out (the reject reached first by jf comes last).
  ['EN10MB', 'tcp portrange 25-26', true],
  ['EN10MB', 'tcp portrange 25-26', false],
  ['EN10MB', 'ip and not ip proto 6', true],
  ['EN10MB', 'ip and not ip proto 6', false],
  ['EN10MB', 'host 10.0.0.1 and not port 22', false],
  ['EN10MB', 'udp src portrange bootps-bootpc', true],
  ['EN10MB', 'sctp dst portrange 5672', true],
  ['EN10MB', 'src portrange 1023-1', true],
  ['EN10MB', 'not ip or igmp', true],
  ['EN10MB', 'igmp and not ip6', false],
  ['EN10MB', 'vlan 8 and llc', true],
  ['EN10MB', 'vlan 8 and llc', false],
  ['EN10MB', 'icmp[icmptype] != icmp-echo and icmp[icmptype] != icmp-echoreply', true],
  ['EN10MB', 'icmp6[icmp6type] != icmp6-echo and icmp6[icmp6type] != icmp6-echoreply', true],
  ['EN10MB', 'ip[6:2] & 0x1fff = 0', true],
  ['LINUX_SLL', 'udp portrange 1000-2000', true],
  ['LINUX_SLL', 'udp portrange 1000-2000', false],
  ['MTP2', 'lssu', false],
  // Jump threading through a chain of settled blocks (the IPv6 fragment-header test of udp).
  ['EN10MB', 'tcp or udp', true],
  ['EN10MB', 'tcp or udp or icmp', true],
  ['EN10MB', 'not (tcp or udp)', true],
];

test('trawl compile prints what tcpdump -d, -dd and -ddd print', async () => {
  for (const [dlt, expression, optimised] of SAME_AS_TCPDUMP) {
    for (const format of ['d', 'dd', 'ddd'] as const) {
      const args = [`-${format}`, '-y', dlt, ...(optimised ? [] : ['-O']), expression];
      const r = await trawlCompile(args);
      const at = `trawl compile ${args.join(' ')}`;
      assert.equal(r.code, 0, `${at}: ${r.err}`);
      assert.equal(r.out, tcpdumpDump(dlt, format, expression, optimised), at);
    }
  }
});

test('-d is the default, EN10MB the default link type; -y takes any case, a DLT_ prefix or a LINKTYPE_ number; words are joined', async () => {
  const base = await trawlCompile(['-d', '-y', 'EN10MB', 'tcp port 80']);
  assert.deepEqual(await trawlCompile(['tcp', 'port', '80']), base);
  const raw = await trawlCompile(['-y', 'RAW', 'udp']);
  assert.equal(raw.out, tcpdumpDump('RAW', 'd', 'udp'));
  assert.deepEqual(await trawlCompile(['-y', 'raw', 'udp']), raw);
  assert.deepEqual(await trawlCompile(['-y', 'DLT_RAW', 'udp']), raw);
  assert.deepEqual(await trawlCompile(['-y', '101', 'udp']), raw);
  const empty = await trawlCompile(['']);
  assert.equal(empty.out, tcpdumpDump('EN10MB', 'd', ''));
});

test('--stage ast and --stage ir print the earlier stages', async () => {
  const expression = 'tcp port 80 and not host 10.0.0.1';
  const stages = compileStages(expression, { linkType: 1 });
  assert.ok(stages.ast && stages.ir);
  const ast = await trawlCompile(['--stage', 'ast', expression]);
  assert.equal(ast.code, 0);
  assert.equal(ast.out, `${printAst(stages.ast).trimEnd()}\n`);
  const ir = await trawlCompile(['--stage=ir', expression]);
  assert.equal(ir.out, printIr(stages.ir));
  const unopt = await trawlCompile(['--stage', 'ir', '-O', expression]);
  const plain = compileStages(expression, { linkType: 1, optimize: false });
  assert.ok(plain.ir);
  assert.equal(unopt.out, printIr(plain.ir));
  assert.deepEqual(await trawlCompile(['--stage', 'bpf', expression]), await trawlCompile([expression]));
});

test('a bad expression exits 1 with the message and carets under the span', async () => {
  for (const expression of ['tcp port', 'tcp prot 80', 'host 10.0.0.1 and', 'ether host 1.2.3.4.5', 'tcp[13] & 2 = = 1']) {
    let span: readonly [number, number] = [0, 0];
    let message = '';
    try {
      compileStages(expression, { linkType: 1 });
      assert.fail(`${expression} compiled`);
    } catch (e) {
      assert.ok(e instanceof FilterError, String(e));
      span = e.span;
      message = e.message;
    }
    const r = await trawlCompile([expression]);
    assert.equal(r.code, 1, expression);
    assert.equal(r.out, '');
    const lines = r.err.split('\n');
    assert.equal(lines[0], `trawl compile: ${message}`);
    assert.equal(lines[1], `  ${expression}`);
    const carets = Math.max(1, span[1] - span[0]);
    assert.equal(lines[2], `  ${' '.repeat(span[0])}${'^'.repeat(carets)}`, expression);
  }
});

test('the caret line: one caret per character of the span, at least one, tabs kept', () => {
  const e = (a: number, b: number) => new FilterError('x', 'msg', [a, b]);
  assert.equal(formatFilterError('compile', 'tcp prot 80', e(4, 8)), 'trawl compile: msg\n  tcp prot 80\n      ^^^^\n');
  assert.equal(formatFilterError('compile', 'tcp port', e(8, 8)), 'trawl compile: msg\n  tcp port\n          ^\n');
  assert.equal(formatFilterError('read', 'tcp\tprot', e(4, 8)), 'trawl read: msg\n  tcp\tprot\n     \t^^^^\n');
});

test('usage errors: unknown option, unknown link type, --stage without a known stage', async () => {
  await assert.rejects(trawlCompile(['-x', 'tcp']), UsageError);
  await assert.rejects(trawlCompile(['-y', 'NOPE', 'tcp']), UsageError);
  await assert.rejects(trawlCompile(['-y']), UsageError);
  await assert.rejects(trawlCompile(['--stage', 'asm', 'tcp']), UsageError);
});

test('exit statuses through the trawl binary: 0 compiled, 1 bad expression, 2 usage', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'cli/main.ts'), 'compile', ...args], { encoding: 'utf8', cwd: REPO_ROOT });
  const ok = run('-ddd', 'ip');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, tcpdumpDump('EN10MB', 'ddd', 'ip'));
  const bad = run('tcp port');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /\n {2}tcp port\n {2}\s*\^+\n$/);
  const usage = run('-q', 'ip');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /unknown option -q/);
});
