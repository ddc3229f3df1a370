import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureFormatError, NotFoundError } from '../../core/errors';
import { tcpdumpKeeps } from '../../workers/test/tcpdump-filter-oracle';
import { UsageError } from '../command';
import { formatLine, readCommand } from './read';
import { CAPTURES_DIR } from '../../scripts/shared-captures';

const CAPTURES = CAPTURES_DIR;
/** Top protocols whose Protocol column our dissectors must name as tshark does. */
const COVERED = new Set(['TCP', 'UDP', 'ICMP', 'ICMPv6', 'ARP']);

interface Line {
  number: string;
  time: string;
  src: string;
  dst: string;
  proto: string;
  length: string;
  info: string;
}

function parse(line: string): Line {
  const m = /^\s*(\d+)\s+(-?\d+\.\d+)\s+(\S*) → (\S*)\s+(\S+) (\d+) ?(.*)$/.exec(line);
  assert.ok(m, `unparsable line: ${line}`);
  return { number: m[1], time: m[2], src: m[3], dst: m[4], proto: m[5], length: m[6], info: m[7] };
}

async function trawlReadArgs(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await readCommand.run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const trawlRead = (path: string) => trawlReadArgs([path]);

function tsharkRead(path: string): string {
  return execFileSync('tshark', ['-r', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C.UTF-8' } });
}

test('formatLine lays columns out as tshark does', () => {
  assert.equal(formatLine(1, 0, 6, 98, '10.20.30.41', '10.20.30.40', 'ICMP', 'Echo'), '    1   0.000000  10.20.30.41 → 10.20.30.40  ICMP 98 Echo');
  assert.equal(formatLine(123456, 0.127521774, 9, 76, 'a', 'b', 'TCP', 'x'), '123456 0.127521774            a → b            TCP 76 x');
});

// [file, whether its top protocols include COVERED ones]
for (const [file, covered] of [
  ['zeek-traces/ssh/ssh.pcap', true],
  ['tcpdump-tests/tcp-handshake-nano.pcap', true],
  ['libpcap-tests/filter/gateway_or_not.pcap', true],
  ['wireshark-captures/dhcp-nanosecond.pcapng', false],
] as const) {
  test(`trawl read matches tshark -r on ${file}`, async () => {
    const path = join(CAPTURES, file);
    const ours = await trawlRead(path);
    assert.equal(ours.code, 0, ours.err);
    const a = ours.out.trimEnd().split('\n').map(parse);
    const b = tsharkRead(path).trimEnd().split('\n').map(parse);
    assert.equal(a.length, b.length);
    let compared = 0;
    for (let i = 0; i < a.length; i++) {
      const at = `${file} packet ${i + 1}`;
      assert.equal(a[i].number, b[i].number, at);
      assert.equal(a[i].time, b[i].time, at);
      assert.equal(a[i].length, b[i].length, at);
      if (/^[\d.]+$|:.*:/.test(b[i].src) && !/_/.test(b[i].src)) {
        assert.equal(a[i].src, b[i].src, at);
        assert.equal(a[i].dst, b[i].dst, at);
      }
      // A segment tshark holds back for reassembly (issue 6's flow engine) is TCP there and its own protocol here.
      if (COVERED.has(b[i].proto) && !b[i].info.includes('[TCP segment of a reassembled PDU]')) {
        assert.equal(a[i].proto, b[i].proto, at);
        compared++;
        // Info where it depends on this packet alone (no cross-packet analysis such as "(request in 1)").
        if ((b[i].proto === 'ARP' || b[i].proto.startsWith('ICMP')) && !/\((request|reply) in \d+\)|no response found/.test(b[i].info)) {
          assert.equal(a[i].info, b[i].info, at);
        }
      }
    }
    assert.equal(compared > 0, covered);
  });
}

test('a truncated capture prints the valid packets, then where it stops', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-read-test-'));
  try {
    const whole = await readFile(join(CAPTURES, 'libpcap-tests/filter/gateway_or_not.pcap'));
    const cut = join(dir, 'cut.pcap');
    await writeFile(cut, whole.subarray(0, whole.length - 30));
    const r = await trawlRead(cut);
    assert.equal(r.code, 1);
    assert.equal(r.out.trimEnd().split('\n').length, 13);
    assert.match(r.err, /stops being valid at byte \d+ \(record 14\)/);
    const junk = join(dir, 'junk.pcap');
    await writeFile(junk, 'hello, world\n'.repeat(10));
    await assert.rejects(trawlRead(junk), CaptureFormatError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// [capture, expression]: `trawl read -f EXPR --numbers` must list exactly the frames tcpdump keeps.
for (const [file, expression] of [
  ['zeek-traces/ssh/ssh.pcap', 'tcp[tcpflags] & (tcp-syn|tcp-fin) != 0'],
  ['libpcap-tests/filter/gateway_or_not.pcap', 'icmp or arp'],
  ['wireshark-captures/dhcp-nanosecond.pcapng', 'udp dst port 67'],
  ['pcapng-test-generator/output_le/difficult/test201.pcapng', 'udp port 17500 or ether broadcast'],
] as const) {
  test(`trawl read -f '${expression}' --numbers lists the frames tcpdump keeps (${file})`, async () => {
    const path = join(CAPTURES, file);
    const r = await trawlReadArgs([path, '-f', expression, '--numbers']);
    assert.equal(r.code, 0, r.err);
    const expected = tcpdumpKeeps(path, expression);
    assert.ok(expected.length > 0, 'the case selects something');
    assert.equal(r.out, expected.map((n) => `${n}\n`).join(''));
  });
}

test('trawl read -f prints the lines of the matching packets only', async () => {
  const path = join(CAPTURES, 'zeek-traces/ssh/ssh.pcap');
  const all = (await trawlRead(path)).out.trimEnd().split('\n');
  const r = await trawlReadArgs(['-f', 'tcp[tcpflags] & tcp-syn != 0', path]);
  assert.equal(r.code, 0, r.err);
  const expected = tcpdumpKeeps(path, 'tcp[tcpflags] & tcp-syn != 0').map((n) => all[n - 1]);
  assert.deepEqual(r.out.trimEnd().split('\n'), expected);
});

test('trawl read -f with a bad expression exits 1 and points at the mistake', async () => {
  const r = await trawlReadArgs([join(CAPTURES, 'zeek-traces/ssh/ssh.pcap'), '-f', 'tcp port']);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /^trawl read: .+\n {2}tcp port\n {2}\s*\^+\n$/);
  await assert.rejects(trawlReadArgs([join(CAPTURES, 'zeek-traces/ssh/ssh.pcap'), '-f']), UsageError);
});

/** Fields Trawl prints as tshark does on the captures below (frame, Ethernet, IPv4, UDP, TCP basics). */
const AGREED_FIELDS = [
  'frame.number', 'frame.len', 'frame.cap_len', 'frame.time', 'frame.time_epoch', 'frame.encap_type',
  'eth.src', 'eth.dst', 'eth.type', 'eth.addr',
  'ip.src', 'ip.dst', 'ip.proto', 'ip.ttl', 'ip.len', 'ip.id', 'ip.flags.df', 'ip.checksum',
  'udp.srcport', 'udp.dstport', 'udp.length', 'tcp.srcport', 'tcp.dstport', 'tcp.flags',
];

/** tshark's stdout with the same arguments (UTC, as Trawl prints absolute times). */
function tsharkOut(args: string[]): string {
  return execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } });
}

const fieldArgs = (fields: readonly string[]) => fields.flatMap((f) => ['-e', f]);

// [capture, extra arguments]: stdout byte for byte as tshark's.
for (const [file, extra] of [
  ['tcpdump-tests/tcp-handshake-nano.pcap', []],
  ['libpcap-tests/filter/gateway_or_not.pcap', []],
  ['wireshark-captures/dhcp-nanosecond.pcapng', []],
  ['zeek-traces/ssh/ssh.pcap', ['-Y', 'udp']],
  ['zeek-traces/ssh/ssh.pcap', []],
] as const) {
  test(`trawl read -T fields prints what tshark prints: ${AGREED_FIELDS.length} fields of ${file} ${extra.join(' ')}`, async () => {
    const path = join(CAPTURES, file);
    const args = [path, '-T', 'fields', ...extra, ...fieldArgs(AGREED_FIELDS)];
    const ours = await trawlReadArgs(args);
    assert.equal(ours.code, 0, ours.err);
    const theirs = tsharkOut(['-r', ...args]);
    assert.ok(theirs.split('\n').length > 2, 'the capture has packets');
    assert.equal(ours.out, theirs);
  });
}

test('trawl read -T fields with -E header, separator, occurrence and aggregator prints what tshark prints', async () => {
  const path = join(CAPTURES, 'libpcap-tests/filter/gateway_or_not.pcap');
  const fields = ['frame.number', 'eth.addr', 'ip.src', 'frame.time_relative', 'tcp.port', 'ip.addr', 'eth.addr'];
  for (const opts of [
    ['-E', 'header=y'],
    ['-E', 'header=y', '-E', 'separator=/s', '-E', 'aggregator=/s'],
    ['-E', 'separator=c', '-E', 'occurrence=f'],
    ['-E', 'occurrence=l', '-E', 'aggregator=;', '-E', 'separator=|', '-E', 'quote=n'],
  ]) {
    const args = [path, '-T', 'fields', ...opts, ...fieldArgs(fields)];
    const ours = await trawlReadArgs(args);
    assert.equal(ours.code, 0, ours.err);
    assert.equal(ours.out, tsharkOut(['-r', ...args]), opts.join(' '));
  }
});

test('trawl read -T fields: an unknown field is refused by name with close names, before any output', async () => {
  const path = join(CAPTURES, 'libpcap-tests/filter/gateway_or_not.pcap');
  let out = '';
  await assert.rejects(
    readCommand.run([path, '-T', 'fields', '-E', 'header=y', '-e', 'ip.src', '-e', 'udp.dstprt'], { out: (t) => (out += t), err: () => undefined }),
    (e: unknown) => e instanceof NotFoundError && e.code === 'field-not-found' && /Some fields aren't valid/.test(e.message) && /udp\.dstprt \(did you mean udp\.dstport/.test(e.message),
  );
  assert.equal(out, '');
  // Through the command line: exit 1 and the message, as for every error the user can fix.
  const cli = join(import.meta.dirname, '..', 'main.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'read', path, '-T', 'fields', '-e', 'udp.dstprt'], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^trawl read: Some fields aren't valid \(Trawl does not know them\):\n {2}udp\.dstprt \(did you mean udp\.dstport[^)]*\)\n/);
});

test('trawl read: -e, -E and -T fields only together', async () => {
  const path = join(CAPTURES, 'libpcap-tests/filter/gateway_or_not.pcap');
  await assert.rejects(trawlReadArgs([path, '-e', 'ip.src']), /-e and -E need -T fields/);
  await assert.rejects(trawlReadArgs([path, '-T', 'fields']), /needs the fields to print/);
  await assert.rejects(trawlReadArgs([path, '-T', 'json', '-e', 'ip.src']), UsageError);
  await assert.rejects(trawlReadArgs([path, '-T', 'fields', '-e', 'ip.src', '-E', 'occurrence=2']), /occurrence must be a \(all\)/);
  await assert.rejects(trawlReadArgs([path, '-T', 'fields', '-e', 'ip.src', '-E', 'bom=y']), /unknown field output option/);
  await assert.rejects(trawlReadArgs([path, '-f', 'udp', '-Y', 'tcp']), /give one filter/);
});

/** Frame numbers `tshark -r path -Y expression` displays. */
function tsharkDisplayed(path: string, expression: string): number[] {
  const out = execFileSync('tshark', ['-r', path, '-Y', expression, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter((l) => l !== '').map(Number);
}

// [capture, filter, language]: -Y takes display filters (checked against tshark -Y) and pcap filters
// (checked against tcpdump); 10 filters over 3 captures.
const Y_CASES: [string, string, 'display' | 'pcap'][] = [
  ['zeek-traces/wikipedia.pcap', 'dns.qry.name contains "a"', 'display'],
  ['zeek-traces/wikipedia.pcap', 'http.request or http.response', 'display'],
  ['zeek-traces/wikipedia.pcap', 'frame.len > 600', 'display'],
  ['zeek-traces/wikipedia.pcap', 'udp port 53', 'pcap'],
  ['zeek-traces/smtp.pcap', 'tcp.port == 25 && tcp.flags.push == 1', 'display'],
  ['zeek-traces/smtp.pcap', 'ip.addr == 10.10.1.4 and not tcp', 'display'],
  ['zeek-traces/smtp.pcap', 'tcp[tcpflags] & tcp-syn != 0', 'pcap'],
  ['zeek-traces/dce-rpc/mapi.pcap', 'eth.dst.ig == 1', 'display'],
  ['zeek-traces/dce-rpc/mapi.pcap', 'udp.length > 100 || arp', 'display'],
  ['zeek-traces/dce-rpc/mapi.pcap', 'ip and greater 500', 'pcap'],
  ['zeek-traces/dce-rpc/mapi.pcap', 'ether multicast and not ip', 'pcap'],
];

for (const [file, expression, language] of Y_CASES) {
  test(`trawl read -Y (${language}) selects what ${language === 'display' ? 'tshark -Y' : 'tcpdump'} selects: ${file} ${expression}`, async () => {
    const path = join(CAPTURES, file);
    const r = await trawlReadArgs([path, '-Y', expression, '--numbers']);
    assert.equal(r.code, 0, r.err);
    const expected = language === 'display' ? tsharkDisplayed(path, expression) : tcpdumpKeeps(path, expression);
    assert.ok(expected.length > 0, 'the case selects something');
    assert.equal(r.out, expected.map((n) => `${n}\n`).join(''));
  });
}

test('trawl read -Y with a display filter prints the lines of the matching packets; a bad one points at the mistake', async () => {
  const path = join(CAPTURES, 'zeek-traces/wikipedia.pcap');
  const all = (await trawlRead(path)).out.trimEnd().split('\n');
  const r = await trawlReadArgs([path, '-Y', 'dns.flags.response == 0']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.trimEnd().split('\n'), tsharkDisplayed(path, 'dns.flags.response == 0').map((n) => all[n - 1]));
  const bad = await trawlReadArgs([path, '-Y', 'dns.flags.respons == 0']);
  assert.equal(bad.code, 1);
  assert.equal(bad.out, '');
  assert.match(bad.err, /^trawl read: .*dns\.flags\.response.*\n {2}dns\.flags\.respons == 0\n {2}\^{17}\n$/s);
});
