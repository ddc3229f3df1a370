/**
 * The capture helper for real: two network namespaces joined by a veth pair, created here with unique
 * names. We capture on `cap` (namespace A) with trawl-capture and, at the same time, with tcpdump using
 * the same expression; traffic comes from namespace B (tcpreplay of a shared capture, UDP to a closed
 * port so A answers with ICMP). Needs root, `ip netns`, tcpdump, tshark, tcpreplay and setpriv; CI runs
 * it as root. Without them the suite fails and says why — it never skips silently.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RawInsn } from '../core/bpf/opcodes';
import { compileFilter } from '../core/filter/compile';
import { createCaptureParser, readRecordDetail } from '../core/pcap/index';
import { CAPTURES_DIR, REPO_ROOT } from '../scripts/shared-captures';
import {
  HelperError,
  HelperExit,
  encodeProgram,
  helperLinkType,
  startCaptureHelper,
  type CaptureHelper,
  type HelperOptions,
} from './capture-helper';

const HELPER = join(REPO_ROOT, 'dist', 'helper', 'trawl-capture');
const REPLAY = join(CAPTURES_DIR, 'zeek-traces', 'dns-edns-ecs.pcap'); // 89 frames: DNS over UDP/TCP, IPv4 and IPv6
// 802.1Q and QinQ (802.1ad outer tag): the kernel takes the outer tag off; the helper must put it back.
const REPLAY_VLAN = [join(CAPTURES_DIR, 'zeek-traces', 'http-vlan-0.pcap'), join(CAPTURES_DIR, 'zeek-traces', 'http-qinq-0.pcap')];
const run = `${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
const NS_A = `trawl-cap-a-${run}`;
const NS_B = `trawl-cap-b-${run}`;
const IF_A = 'trawl0';
const IF_B = 'trawl1';
const ADDR_A = '10.200.0.1';
let work = '';
let macA: Buffer;

function sh(cmd: string, args: readonly string[], input?: Uint8Array): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function must(cmd: string, ...args: string[]): string {
  const r = sh(cmd, args);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const inNs = (ns: string): string[] => ['ip', 'netns', 'exec', ns];

function requirements(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('capture-helper tests need root to create network namespaces (CI runs them as root): sudo npx tsx --test workers/capture-helper.test.ts');
  }
  for (const [tool, args] of [['ip', ['netns', 'list']], ['tcpdump', ['--version']], ['tshark', ['--version']], ['tcpreplay', ['--version']], ['setpriv', ['--version']]] as const) {
    const r = spawnSync(tool, args, { stdio: 'ignore' });
    if (r.error || r.status !== 0) throw new Error(`capture-helper tests need \`${tool} ${args.join(' ')}\` to work (${r.error?.message ?? `exit ${r.status}`})`);
  }
  const b = sh(process.execPath, [join(REPO_ROOT, 'scripts', 'build-helper.mjs'), '--strict']);
  assert.equal(b.status, 0, `building the helper failed:\n${b.stdout}${b.stderr}`);
}

function createNamespaces(): void {
  must('ip', 'netns', 'add', NS_A);
  must('ip', 'netns', 'add', NS_B);
  must('ip', '-n', NS_A, 'link', 'add', IF_A, 'type', 'veth', 'peer', 'name', IF_B, 'netns', NS_B);
  for (const [ns, dev, addr] of [[NS_A, IF_A, ADDR_A], [NS_B, IF_B, '10.200.0.2']]) {
    // No IPv6: no router solicitations or MLD reports arriving at random moments.
    must(...(inNs(ns) as [string, ...string[]]), 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1',
      `net.ipv6.conf.${dev}.disable_ipv6=1`, 'net.ipv4.icmp_ratelimit=0');
    must('ip', '-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev);
    must('ip', '-n', ns, 'link', 'set', dev, 'mtu', '9000', 'up'); // the capture has a 1798-byte frame
    must('ip', '-n', ns, 'link', 'set', 'lo', 'up');
  }
  const link = JSON.parse(must('ip', '-n', NS_A, '-j', 'link', 'show', IF_A)) as { address: string }[];
  macA = Buffer.from(link[0].address.split(':').map((h) => parseInt(h, 16)));
}

function deleteNamespaces(): void {
  for (const ns of [NS_A, NS_B]) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
}

/** Starts the helper in namespace A, its pcapng going to `file`. */
function helperTo(file: string, o: Omit<HelperOptions, 'interface' | 'helperPath' | 'launcher'>): { h: CaptureHelper; written: Promise<void> } {
  const h = startCaptureHelper({ interface: IF_A, helperPath: HELPER, launcher: inNs(NS_A), ...o });
  const out: WriteStream = createWriteStream(file);
  h.pcapng.pipe(out);
  const written = new Promise<void>((res, rej) => out.on('finish', res).on('error', rej));
  return { h, written };
}

async function tcpdumpTo(file: string, expr: string): Promise<ChildProcess> {
  const p = spawn('ip', [...inNs(NS_A).slice(1), 'tcpdump', '-i', IF_A, '-n', '--immediate-mode', '--time-stamp-precision=nano', '-w', file, expr], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((res, rej) => {
    let err = '';
    p.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening on')) res();
    });
    p.on('exit', (code) => rej(new Error(`tcpdump exited ${code}: ${err}`)));
  });
  return p;
}

function exited(p: ChildProcess): Promise<number | null> {
  return p.exitCode !== null ? Promise.resolve(p.exitCode) : new Promise((res) => p.on('exit', (code) => res(code)));
}

function replay(file = REPLAY): void {
  must(...(inNs(NS_B) as [string, ...string[]]), 'tcpreplay', '-q', '-i', IF_B, '--pps=1000', file);
}

/** Three UDP datagrams from B to a closed port on A: A answers each with ICMP port unreachable (outbound). */
function pokeA(): void {
  for (let i = 0; i < 3; i++) must(...(inNs(NS_B) as [string, ...string[]]), 'bash', '-c', `echo trawl${i} > /dev/udp/${ADDR_A}/9`);
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

interface Frame {
  data: Buffer;
  origlen: number;
  tsSec: number;
  tsNsec: number;
  flags?: number;
}

function readCapture(file: string): { frames: Frame[]; problem: ReturnType<ReturnType<typeof createCaptureParser>['finish']>; validBytes: number; size: number; bytes: Buffer } {
  const bytes = readFileSync(file);
  const offsets: number[] = [];
  const frames: Frame[] = [];
  const parser = createCaptureParser({
    packet(recordOffset, dataOffset, caplen, origlen, tsSec, tsNsec) {
      offsets.push(recordOffset);
      frames.push({ data: Buffer.from(bytes.subarray(dataOffset, dataOffset + caplen)), origlen, tsSec, tsNsec });
    },
    interface() {},
  });
  parser.push(bytes);
  const problem = parser.finish();
  if (parser.header?.format === 'pcapng') {
    frames.forEach((f, i) => (f.flags = readRecordDetail(bytes.subarray(offsets[i]), parser.header!).flags));
  }
  return { frames, problem, validBytes: parser.validBytes, size: bytes.length, bytes };
}

/** pcapng blocks (little-endian files: the helper writes host order and the tests run on x86/arm64). */
function blocks(buf: Buffer): { type: number; offset: number; length: number }[] {
  const out = [];
  for (let o = 0; o + 12 <= buf.length; ) {
    const length = buf.readUInt32LE(o + 4);
    if (length < 12 || o + length > buf.length) break;
    out.push({ type: buf.readUInt32LE(o), offset: o, length });
    o += length;
  }
  return out;
}

function blockOptions(buf: Buffer, start: number, end: number): Map<number, Buffer> {
  const m = new Map<number, Buffer>();
  for (let p = start; p + 4 <= end; ) {
    const code = buf.readUInt16LE(p);
    const len = buf.readUInt16LE(p + 2);
    if (code === 0) break;
    m.set(code, buf.subarray(p + 4, p + 4 + len));
    p += 4 + ((len + 3) & ~3);
  }
  return m;
}

const tsOption = (b: Buffer) => (BigInt(b.readUInt32LE(0)) << 32n) | BigInt(b.readUInt32LE(4));
const isOutbound = (f: Frame) => f.data.subarray(6, 12).equals(macA);

/** Runs the helper binary directly (namespace A), for the argument and stdin errors the TypeScript never sends. */
function rawHelper(args: string[], stdin: Uint8Array, helper = HELPER, prefix: string[] = []): { status: number | null; stderr: string } {
  return sh('ip', [...inNs(NS_A).slice(1), ...prefix, helper, ...args], stdin);
}

describe('trawl-capture in network namespaces', () => {
  before(() => {
    requirements();
    work = mkdtempSync(join(tmpdir(), 'trawl-capture-test-'));
    chmodSync(work, 0o755); // tshark and the unprivileged helper run as nobody
    try {
      createNamespaces();
    } catch (e) {
      deleteNamespaces();
      throw e;
    }
    process.on('exit', deleteNamespaces); // if the runner dies before `after`
  });

  after(() => {
    try {
      deleteNamespaces();
    } finally {
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

  it('captures exactly what tcpdump captures with the same filter, byte for byte and in order; tshark reads it cleanly', async () => {
    const expr = 'ip6 or (udp and port 53)';
    const ours = join(work, 'filtered.pcapng');
    const theirs = join(work, 'filtered-tcpdump.pcap');
    const td = await tcpdumpTo(theirs, expr);
    const { h, written } = helperTo(ours, { program: compileFilter(expr, { linkType: 1 }), promiscuous: true });
    await h.ready;
    replay();
    await sleep(400);
    h.stop();
    td.kill('SIGINT');
    await Promise.all([h.done, written]);
    assert.equal(await exited(td), 0);

    const a = readCapture(ours);
    const b = readCapture(theirs);
    assert.equal(a.problem, undefined);
    assert.ok(b.frames.length > 10, `tcpdump kept ${b.frames.length} frames`);
    assert.ok(b.frames.length < 89, 'the filter must drop some frames for this test to mean anything');
    assert.equal(a.frames.length, b.frames.length, 'frame count');
    a.frames.forEach((f, i) => {
      assert.ok(f.data.equals(b.frames[i].data), `frame ${i + 1} bytes differ`);
      assert.equal(f.origlen, b.frames[i].origlen, `frame ${i + 1} length`);
      assert.deepEqual([f.tsSec, f.tsNsec], [b.frames[i].tsSec, b.frames[i].tsNsec], `frame ${i + 1} kernel timestamp`);
    });

    const ts = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'tshark', '-r', ours], { encoding: 'utf8', env: { ...process.env, HOME: work } });
    assert.equal(ts.status, 0, ts.stderr);
    assert.equal(ts.stderr, '', 'tshark warns about our file');
    assert.equal(ts.stdout.trim().split('\n').length, a.frames.length);
  });

  it('without a filter keeps every frame sent, marks direction, drops its privileges and ends with an ISB', async () => {
    const file = join(work, 'all.pcapng');
    const { h, written } = helperTo(file, { program: compileFilter('', { linkType: 1 }), promiscuous: true, blockTimeoutMs: 50 });
    const ready = await h.ready;
    assert.deepEqual([ready.interface, ready.linkType, ready.snaplen], [IF_A, 1, 262144]);

    // Before the first packet: no capabilities in any set, no_new_privs, and it is the helper itself.
    const status = readFileSync(`/proc/${h.pid}/status`, 'utf8');
    assert.match(status, /^Name:\ttrawl-capture$/m);
    for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb']) assert.match(status, new RegExp(`^${set}:\\t0{16}$`, 'm'), set);
    assert.match(status, /^NoNewPrivs:\t1$/m);

    for (const file of [REPLAY, ...REPLAY_VLAN]) replay(file);
    pokeA();
    await sleep(1300); // one stats line at least
    assert.ok(h.stats !== undefined, 'a stats line within a second');
    h.stop();
    const final = await h.done;
    await written;

    const ours = readCapture(file);
    const sent = [REPLAY, ...REPLAY_VLAN].flatMap((f) => readCapture(f).frames);
    assert.equal(ours.problem, undefined);
    let j = 0;
    for (const f of ours.frames) if (j < sent.length && f.data.equals(sent[j].data)) j++;
    assert.equal(j, sent.length, `every replayed frame, in order, VLAN tags included (found ${j} of ${sent.length})`);

    const out = ours.frames.filter(isOutbound);
    assert.ok(out.length >= 3, `A's ICMP answers (and ARP reply) are captured: ${out.length}`);
    for (const f of ours.frames) assert.equal((f.flags ?? 0) & 3, isOutbound(f) ? 2 : 1, 'epb_flags direction');

    const bl = blocks(ours.bytes);
    const isb = bl.at(-1)!;
    assert.equal(isb.type, 5, 'the last block is an Interface Statistics Block');
    const opts = blockOptions(ours.bytes, isb.offset + 20, isb.offset + isb.length - 4);
    const recv = opts.get(4)!.readBigUInt64LE(0);
    assert.ok(recv >= BigInt(ours.frames.length), `isb_ifrecv ${recv}`);
    assert.equal(opts.get(5)!.readBigUInt64LE(0), 0n, 'isb_ifdrop');
    assert.equal(opts.get(8)!.readBigUInt64LE(0), BigInt(ours.frames.length), 'isb_usrdeliv');
    const first = BigInt(ours.frames[0].tsSec) * 1_000_000_000n + BigInt(ours.frames[0].tsNsec);
    assert.ok(tsOption(opts.get(2)!) <= first && first <= tsOption(opts.get(3)!), 'isb_starttime <= first packet <= isb_endtime');
    assert.deepEqual(final, { received: Number(recv), dropped: 0, written: ours.frames.length });
    assert.equal(bl.filter((b) => b.type === 1).length, 1, 'one IDB');
  });

  it('--direction in / out keep only that direction', async () => {
    const inFile = join(work, 'in.pcapng');
    const outFile = join(work, 'out.pcapng');
    const program = compileFilter('', { linkType: 1 });
    const i = helperTo(inFile, { program, direction: 'in', immediate: true });
    const o = helperTo(outFile, { program, direction: 'out', immediate: true });
    await Promise.all([i.h.ready, o.h.ready]);
    pokeA();
    await sleep(300);
    i.h.stop();
    o.h.stop();
    await Promise.all([i.h.done, o.h.done, i.written, o.written]);
    const inbound = readCapture(inFile).frames;
    const outbound = readCapture(outFile).frames;
    assert.ok(inbound.length >= 3 && outbound.length >= 3, `${inbound.length} in, ${outbound.length} out`);
    assert.ok(inbound.every((f) => !isOutbound(f) && (f.flags ?? 0) % 4 === 1));
    assert.ok(outbound.every((f) => isOutbound(f) && (f.flags ?? 0) % 4 === 2));
  });

  it('killed with SIGKILL mid-capture, leaves a file that reads up to its last complete block', async () => {
    const file = join(work, 'killed.pcapng');
    const { h, written } = helperTo(file, { program: compileFilter('', { linkType: 1 }), immediate: true });
    await h.ready;
    const sender = spawn('ip', [...inNs(NS_B).slice(1), 'tcpreplay', '-q', '-i', IF_B, '--pps=300', '--loop=0', REPLAY], { stdio: 'ignore' });
    try {
      const seen = () => h.stats?.written ?? 0;
      for (let t = 0; seen() < 30 && t < 100; t++) await sleep(50);
      assert.ok(seen() >= 30, `packets arrived live (${seen()})`);
      h.kill();
      await assert.rejects(h.done, (e: unknown) => e instanceof HelperError && e.code === 'helper-killed' && e.exitCode === null && e.signal === 'SIGKILL');
      await written;
    } finally {
      sender.kill('SIGKILL');
    }
    const r = readCapture(file);
    assert.ok(r.frames.length >= 30, `${r.frames.length} packets read back`);
    // Whole blocks only were written: nothing dangles, and no ISB (the helper never got to write it).
    assert.equal(r.problem, undefined, JSON.stringify(r.problem));
    assert.equal(r.validBytes, r.size);
    assert.ok(!blocks(r.bytes).some((b) => b.type === 5), 'no ISB after SIGKILL');
  });

  it('reports the link type to compile for', async () => {
    assert.equal(await helperLinkType(IF_A, { helperPath: HELPER, launcher: inNs(NS_A) }), 1);
    assert.equal(await helperLinkType('lo', { helperPath: HELPER, launcher: inNs(NS_A) }), 1);
  });

  describe('errors: a clear message and the documented exit code', () => {
    const accept: RawInsn[] = [{ code: 0x06, jt: 0, jf: 0, k: 262144 }];

    it('no such interface: 3', async () => {
      const h = startCaptureHelper({ interface: 'nosuch0', program: accept, helperPath: HELPER, launcher: inNs(NS_A) });
      await assert.rejects(h.done, (e: unknown) => {
        assert.ok(e instanceof HelperError);
        assert.equal(e.exitCode, HelperExit.noInterface);
        assert.equal(e.code, 'no-such-interface');
        assert.match(e.message, /no such interface: 'nosuch0'/);
        return true;
      });
      await assert.rejects(helperLinkType('nosuch0', { helperPath: HELPER, launcher: inNs(NS_A) }), (e: unknown) => e instanceof HelperError && e.exitCode === 3);
    });

    it('bad arguments: 2, with the usage text', () => {
      for (const args of [['--interface', 'bad/name'], ['--interface', IF_A, '--snaplen', '0'], ['--interface', IF_A, '--bogus'], ['--interface', IF_A, 'extra'],
        ['--interface', IF_A, '--direction', 'sideways'], ['--interface', IF_A, '--immediate', '--block-timeout', '5'], ['--snaplen', '10']]) {
        const r = rawHelper(args, encodeProgram(accept));
        assert.equal(r.status, HelperExit.usage, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^error .+\nusage: trawl-capture/, args.join(' '));
      }
    });

    it('a filter program that fails validation: 5', async () => {
      const cases: [string, Uint8Array, RegExp][] = [
        ['0 records', Buffer.from([0, 0, 0, 0]), /1 to 4096 instructions; stdin says 0/],
        ['4097 records', encodeProgram(Array(4097).fill(accept[0])), /1 to 4096 instructions; stdin says 4097/],
        ['truncated', encodeProgram([accept[0], accept[0]]).subarray(0, 15), /ended after 11 of its 16 bytes/],
        ['a jump past the end', encodeProgram([{ code: 0x15, jt: 5, jf: 0, k: 0x800 }, accept[0]]), /instruction 0 jumps past the end/],
        ['no return last', encodeProgram([{ code: 0x28, jt: 0, jf: 0, k: 12 }]), /last instruction \(0\) is not a return/],
        ['an unknown opcode', encodeProgram([{ code: 0xff, jt: 0, jf: 0, k: 0 }, accept[0]]), /unknown opcode 0xff/],
        // Structurally fine, but reads M[0] before storing it: the kernel's checker refuses it.
        ['refused by the kernel', encodeProgram([{ code: 0x60, jt: 0, jf: 0, k: 0 }, { code: 0x16, jt: 0, jf: 0, k: 0 }]), /the kernel refused the filter program/],
      ];
      for (const [what, stdin, message] of cases) {
        const r = rawHelper(['--interface', IF_A], stdin);
        assert.equal(r.status, HelperExit.badFilter, `${what}: ${r.stderr}`);
        assert.match(r.stderr, message, what);
      }
      const h = startCaptureHelper({ interface: IF_A, program: [{ code: 0x15, jt: 9, jf: 0, k: 0 }, accept[0]], helperPath: HELPER, launcher: inNs(NS_A) });
      await assert.rejects(h.done, (e: unknown) => e instanceof HelperError && e.exitCode === 5 && e.code === 'bad-capture-filter' && /jumps past the end/.test(e.message));
      const empty = startCaptureHelper({ interface: IF_A, program: [], helperPath: HELPER });
      await assert.rejects(empty.done, (e: unknown) => e instanceof HelperError && e.code === 'bad-capture-filter');
    });

    it('without CAP_NET_RAW: 4, naming the setcap command', async () => {
      const copy = join(work, 'trawl-capture'); // a copy without file capabilities, reachable by nobody
      copyFileSync(HELPER, copy);
      chmodSync(copy, 0o755);
      const asNobody = [...inNs(NS_A), 'setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=-all'];
      const h = startCaptureHelper({ interface: IF_A, program: accept, helperPath: copy, launcher: asNobody });
      await assert.rejects(h.done, (e: unknown) => {
        assert.ok(e instanceof HelperError);
        assert.equal(e.exitCode, HelperExit.permission);
        assert.equal(e.code, 'capture-permission');
        assert.ok(e.message.includes(`sudo setcap cap_net_raw,cap_net_admin=eip ${copy}`), e.message);
        return true;
      });
      await assert.rejects(h.ready, HelperError);
    });

    it('a helper that is not there says how to build it', async () => {
      const h = startCaptureHelper({ interface: IF_A, program: accept, helperPath: join(work, 'missing') });
      await assert.rejects(h.done, (e: unknown) => e instanceof HelperError && e.code === 'helper-missing' && /scripts\/build-helper\.mjs/.test(e.message));
    });
  });
});
