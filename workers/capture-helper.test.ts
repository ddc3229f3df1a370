/**
 * The capture helper for real: two network namespaces joined by a veth pair, created here with unique
 * names. We capture on `cap` (namespace A) with trawl-capture and, at the same time, with tcpdump using
 * the same expression; traffic comes from namespace B (tcpreplay of a shared capture, UDP to a closed
 * port so A answers with ICMP). Needs root, `ip netns`, tcpdump, tshark, tcpreplay and setpriv; CI runs
 * it as root. Without them the suite fails and says why — it never skips silently.
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, createWriteStream, mkdtempSync, rmSync, readFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RawInsn } from '../core/bpf/opcodes';
import { compileFilter } from '../core/filter/compile';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import {
  HelperError,
  HelperExit,
  encodeProgram,
  helperLinkType,
  startCaptureHelper,
  type CaptureHelper,
  type HelperOptions,
} from './capture-helper';
import {
  HELPER,
  NetnsPair,
  assertSameFrames,
  assertTsharkReads,
  blockOptions,
  exited,
  pcapngBlocks,
  readCapture,
  requireCaptureTools,
  sh,
  sleep,
} from './test/netns';

const REPLAY = join(CAPTURES_DIR, 'zeek-traces', 'dns-edns-ecs.pcap'); // 89 frames: DNS over UDP/TCP, IPv4 and IPv6
// 802.1Q and QinQ (802.1ad outer tag): the kernel takes the outer tag off; the helper must put it back.
const REPLAY_VLAN = [join(CAPTURES_DIR, 'zeek-traces', 'http-vlan-0.pcap'), join(CAPTURES_DIR, 'zeek-traces', 'http-qinq-0.pcap')];
const net = new NetnsPair('cap');
const IF_A = net.ifA;
let work = '';

/** Starts the helper in namespace A, its pcapng going to `file`. */
function helperTo(file: string, o: Omit<HelperOptions, 'interface' | 'helperPath' | 'launcher'>): { h: CaptureHelper; written: Promise<void> } {
  const h = startCaptureHelper({ interface: IF_A, helperPath: HELPER, launcher: net.inA(), ...o });
  const out: WriteStream = createWriteStream(file);
  h.pcapng.pipe(out);
  const written = new Promise<void>((res, rej) => out.on('finish', res).on('error', rej));
  return { h, written };
}

const tsOption = (b: Buffer) => (BigInt(b.readUInt32LE(0)) << 32n) | BigInt(b.readUInt32LE(4));

/** Runs the helper binary directly (namespace A), for the argument and stdin errors the TypeScript never sends. */
function rawHelper(args: string[], stdin: Uint8Array, helper = HELPER, prefix: string[] = []): { status: number | null; stderr: string } {
  return sh('ip', [...net.inA().slice(1), ...prefix, helper, ...args], stdin);
}

describe('trawl-capture in network namespaces', () => {
  before(() => {
    requireCaptureTools('capture-helper tests');
    work = mkdtempSync(join(tmpdir(), 'trawl-capture-test-'));
    chmodSync(work, 0o755); // tshark and the unprivileged helper run as nobody
    net.create();
  });

  after(() => {
    try {
      net.destroy();
    } finally {
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

  it('captures exactly what tcpdump captures with the same filter, byte for byte and in order; tshark reads it cleanly', async () => {
    const expr = 'ip6 or (udp and port 53)';
    const ours = join(work, 'filtered.pcapng');
    const theirs = join(work, 'filtered-tcpdump.pcap');
    const td = await net.tcpdump(theirs, expr);
    const { h, written } = helperTo(ours, { program: compileFilter(expr, { linkType: 1 }), promiscuous: true });
    await h.ready;
    net.replay(REPLAY);
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
    assertSameFrames(a.frames, b.frames);
    assert.equal(assertTsharkReads(ours, work).length, a.frames.length);
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

    for (const file of [REPLAY, ...REPLAY_VLAN]) net.replay(file);
    net.poke();
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

    const out = ours.frames.filter((f) => net.isOutbound(f));
    assert.ok(out.length >= 3, `A's ICMP answers (and ARP reply) are captured: ${out.length}`);
    for (const f of ours.frames) assert.equal((f.flags ?? 0) & 3, net.isOutbound(f) ? 2 : 1, 'epb_flags direction');

    const bl = pcapngBlocks(ours.bytes);
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
    net.poke();
    await sleep(300);
    i.h.stop();
    o.h.stop();
    await Promise.all([i.h.done, o.h.done, i.written, o.written]);
    const inbound = readCapture(inFile).frames;
    const outbound = readCapture(outFile).frames;
    assert.ok(inbound.length >= 3 && outbound.length >= 3, `${inbound.length} in, ${outbound.length} out`);
    assert.ok(inbound.every((f) => !net.isOutbound(f) && (f.flags ?? 0) % 4 === 1));
    assert.ok(outbound.every((f) => net.isOutbound(f) && (f.flags ?? 0) % 4 === 2));
  });

  it('killed with SIGKILL mid-capture, leaves a file that reads up to its last complete block', async () => {
    const file = join(work, 'killed.pcapng');
    const { h, written } = helperTo(file, { program: compileFilter('', { linkType: 1 }), immediate: true });
    await h.ready;
    const sender = net.replayForever(REPLAY, 300);
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
    assert.ok(!pcapngBlocks(r.bytes).some((b) => b.type === 5), 'no ISB after SIGKILL');
  });

  it('reports the link type to compile for', async () => {
    assert.equal(await helperLinkType(IF_A, { helperPath: HELPER, launcher: net.inA() }), 1);
    assert.equal(await helperLinkType('lo', { helperPath: HELPER, launcher: net.inA() }), 1);
  });

  describe('errors: a clear message and the documented exit code', () => {
    const accept: RawInsn[] = [{ code: 0x06, jt: 0, jf: 0, k: 262144 }];

    it('no such interface: 3', async () => {
      const h = startCaptureHelper({ interface: 'nosuch0', program: accept, helperPath: HELPER, launcher: net.inA() });
      await assert.rejects(h.done, (e: unknown) => {
        assert.ok(e instanceof HelperError);
        assert.equal(e.exitCode, HelperExit.noInterface);
        assert.equal(e.code, 'no-such-interface');
        assert.match(e.message, /no such interface: 'nosuch0'/);
        return true;
      });
      await assert.rejects(helperLinkType('nosuch0', { helperPath: HELPER, launcher: net.inA() }), (e: unknown) => e instanceof HelperError && e.exitCode === 3);
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
      const h = startCaptureHelper({ interface: IF_A, program: [{ code: 0x15, jt: 9, jf: 0, k: 0 }, accept[0]], helperPath: HELPER, launcher: net.inA() });
      await assert.rejects(h.done, (e: unknown) => e instanceof HelperError && e.exitCode === 5 && e.code === 'bad-capture-filter' && /jumps past the end/.test(e.message));
      const empty = startCaptureHelper({ interface: IF_A, program: [], helperPath: HELPER });
      await assert.rejects(empty.done, (e: unknown) => e instanceof HelperError && e.code === 'bad-capture-filter');
    });

    it('without CAP_NET_RAW: 4, naming the setcap command', async () => {
      const copy = join(work, 'trawl-capture'); // a copy without file capabilities, reachable by nobody
      copyFileSync(HELPER, copy);
      chmodSync(copy, 0o755);
      const asNobody = [...net.inA(), 'setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=-all'];
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
