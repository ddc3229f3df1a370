/**
 * `trawl capture`: argument parsing and the summary (pure), then the command for real in two network
 * namespaces joined by a veth pair (workers/test/netns.ts): the CLI runs as a child process in namespace A
 * (`ip netns exec`), tcpreplay sends a shared capture from B, tcpdump captures beside it with the same
 * filter. Needs root, `ip netns`, tcpdump, tshark, tcpreplay, capinfos and setpriv; without them the suite
 * fails and says why.
 */
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptureStatus } from '../../core/api';
import { CAPTURES_DIR, REPO_ROOT } from '../../scripts/shared-captures';
import {
  HELPER,
  NetnsPair,
  assertSameFrames,
  assertTsharkReads,
  blockOptions,
  exited,
  must,
  pcapngBlocks,
  readCapture,
  requireCaptureTools,
  sleep,
} from '../../workers/test/netns';
import { UsageError } from '../command';
import { formatSummary, parseCaptureArgs, runCapture } from './capture';

const req = (args: string[]) => parseCaptureArgs(args).request;

test('arguments map to a CaptureRequest, dumpcap style', () => {
  assert.deepEqual(req(['-i', 'eth0', '-w', 'out.pcapng']), { interface: 'eth0', outputPath: 'out.pcapng' });
  assert.deepEqual(
    req(['-i', 'veth1', '-f', 'tcp port 80', '-c', '10', '-a', 'duration:5', '-s', '96', '-B', '64', '--direction', 'in', '--no-promisc', '-w', '/tmp/x.pcapng']),
    { interface: 'veth1', filter: 'tcp port 80', count: 10, durationSec: 5, snapLen: 96, bufferMegabytes: 64, direction: 'in', promiscuous: false, outputPath: '/tmp/x.pcapng' },
  );
  // Attached values (getopt style), --direction=, -p, and -s 0 meaning the largest snapshot length.
  assert.deepEqual(req(['-ieth0', '-c5', '-s0', '--direction=out', '-p', '-wout.pcapng']), {
    interface: 'eth0',
    count: 5,
    snapLen: 262144,
    direction: 'out',
    promiscuous: false,
    outputPath: 'out.pcapng',
  });
  // An empty filter keeps every packet, as in dumpcap.
  assert.equal(req(['-i', 'lo', '-f', '', '-w', 'o']).filter, '');
});

test('-b is a ring buffer as dumpcap takes it: filesize in kB of 1000 bytes', () => {
  assert.deepEqual(req(['-i', 'lo', '-w', 'r.pcapng', '-b', 'files:3', '-b', 'filesize:1500']).ring, { files: 3, fileMegabytes: 1.5, fileSeconds: undefined });
  assert.deepEqual(req(['-i', 'lo', '-w', 'r.pcapng', '-b', 'duration:2.5']).ring, { files: 0, fileMegabytes: undefined, fileSeconds: 2.5 });
  assert.deepEqual(req(['-i', 'lo', '-w', 'r.pcapng', '-b', 'filesize:1', '-b', 'duration:60', '-b', 'files:100000']).ring, {
    files: 100000,
    fileMegabytes: 0.001,
    fileSeconds: 60,
  });
});

// [args, what the message must say]: every bad argument is a usage error that names it.
const BAD: [string[], RegExp][] = [
  [['-w', 'o'], /^-i IFACE is required/],
  [['-i', 'eth0'], /^-w FILE is required/],
  [['-i', 'eth0', '-w', '-'], /^-w -: writing the capture to standard output is not supported/],
  [['-i', 'eth0', '-w', ''], /^-w needs the name/],
  [['-i', 'a/b', '-w', 'o'], /^-i: "a\/b" is not an interface name/],
  [['-i', 'averyveryverylongname', '-w', 'o'], /^-i: "averyveryverylongname" is not an interface name/],
  [['-i', 'eth0:1', '-w', 'o'], /^-i: "eth0:1"/],
  [['-i', 'eth0', '-w', 'o', '-c', '0'], /^-c: the packet count must be a whole number from 1/],
  [['-i', 'eth0', '-w', 'o', '-c', '1e3'], /^-c: .*"1e3"/],
  [['-i', 'eth0', '-w', 'o', '-c', '-5'], /^-c: .*"-5"/],
  [['-i', 'eth0', '-w', 'o', '-s', '262145'], /^-s: the snapshot length must be a whole number from 0 to 262144/],
  [['-i', 'eth0', '-w', 'o', '-B', '0'], /^-B: the buffer size in MiB must be a whole number from 1 to 1024/],
  [['-i', 'eth0', '-w', 'o', '-a', 'duration:0'], /^-a duration: the number of seconds must be a whole number from 1/],
  [['-i', 'eth0', '-w', 'o', '-a', 'duration:1.5'], /^-a duration: .*"1.5"/],
  [['-i', 'eth0', '-w', 'o', '-a', 'filesize:100'], /^-a filesize: only -a duration:SEC is supported/],
  [['-i', 'eth0', '-w', 'o', '-a', '10'], /^-a takes KEY:VALUE/],
  [['-i', 'eth0', '-w', 'o', '--direction', 'inout'], /^--direction is in, out or both \(got "inout"\)/],
  [['-i', 'eth0', '-w', 'o', '-b', 'files:3'], /^-b files:N needs -b filesize:KB or -b duration:SEC/],
  [['-i', 'eth0', '-w', 'o', '-b', 'files:0', '-b', 'duration:1'], /^-b files: the number of files must be a whole number from 1 to 100000/],
  [['-i', 'eth0', '-w', 'o', '-b', 'filesize:1.5'], /^-b filesize: the size in kB must be a whole number/],
  [['-i', 'eth0', '-w', 'o', '-b', 'duration:0'], /^-b duration: the number of seconds must be a number above 0/],
  [['-i', 'eth0', '-w', 'o', '-b', 'packets:10'], /^-b packets: only -b files:N, -b filesize:KB and -b duration:SEC/],
  [['-i', 'eth0', '-w', 'o', '-b', 'duration:1', '-b', 'duration:2'], /^-b duration is given twice/],
  [['-i', 'eth0', '-i', 'eth1', '-w', 'o'], /^-i is given twice/],
  [['-i', 'eth0', '-w', 'o', '-q'], /^unknown option -q/],
  [['-i', 'eth0', '-w', 'o', 'tcp'], /^unexpected argument "tcp" \(a filter goes after -f/],
  [['-i', 'eth0', '-w'], /^-w needs a value/],
  [['-i', 'eth0', '-w', 'o', '-f'], /^-f needs a value/],
];
for (const [args, message] of BAD) {
  test(`usage error: trawl capture ${args.join(' ')}`, () => {
    assert.throws(
      () => parseCaptureArgs(args),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
    );
  });
}

function status(patch: Partial<CaptureStatus>): CaptureStatus {
  return {
    captureId: 'c1',
    state: 'stopped',
    interface: 'eth0',
    filter: '',
    files: ['/tmp/out.pcapng'],
    received: 12,
    dropped: 2,
    written: 10,
    bytesWritten: 1234,
    startedAt: 0,
    elapsedMs: 1000,
    unsaved: false,
    ...patch,
  };
}

test('the summary says what dumpcap says, then the file(s) written', () => {
  assert.equal(formatSummary(status({})), '10 packets captured, 2 dropped by kernel (received 12)\nFile: /tmp/out.pcapng (1234 bytes)\n');
  assert.equal(formatSummary(status({ written: 1, dropped: 0, received: 1, bytesWritten: 1 })), '1 packet captured, 0 dropped by kernel (received 1)\nFile: /tmp/out.pcapng (1 byte)\n');
  assert.equal(
    formatSummary(status({ files: ['/tmp/a_00002.pcapng', '/tmp/a_00003.pcapng'] })),
    '10 packets captured, 2 dropped by kernel (received 12)\nFiles (2, oldest first; 1234 bytes written in all):\n  /tmp/a_00002.pcapng\n  /tmp/a_00003.pcapng\n',
  );
});

const REPLAY = join(CAPTURES_DIR, 'zeek-traces', 'dns-edns-ecs.pcap'); // 89 frames: DNS over UDP/TCP, IPv4 and IPv6
const MAIN = join(REPO_ROOT, 'cli', 'main.ts');
const net = new NetnsPair('cli');
let work = '';

interface CliRun {
  child: ChildProcess;
  /** Resolves when the CLI says `Capturing on`; rejects if it exits first. */
  capturing: Promise<void>;
  /** Exit code and everything it printed on stderr. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>;
}

/** `trawl capture ARGS` (cli/main.ts, what bin/trawl.js runs once built) as a child process in namespace A, as a user would run it. */
function cli(args: string[]): CliRun {
  const child = spawn('ip', [...net.inA().slice(1), process.execPath, '--import', 'tsx', MAIN, 'capture', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>((res) =>
    child.on('close', (code, signal) => res({ code, signal, stderr, stdout })),
  );
  const capturing = new Promise<void>((res, rej) => {
    child.stderr?.setEncoding('utf8').on('data', (t: string) => {
      stderr += t;
      if (stderr.includes(`Capturing on '${net.ifA}'\n`)) res();
    });
    void done.then((r) => rej(new Error(`trawl capture exited (${r.code ?? r.signal}) before capturing: ${r.stderr}`)));
  });
  capturing.catch(() => undefined); // a test that expects a failure awaits only `done`
  return { child, capturing, done };
}

/** The closing line's numbers: `N packets captured, M dropped by kernel (received R)`. */
function summaryCounts(stderr: string): { written: number; dropped: number; received: number } {
  const m = /^(\d+) packets? captured, (\d+) dropped by kernel \(received (\d+)\)$/m.exec(stderr);
  assert.ok(m, `no summary line in: ${stderr}`);
  return { written: Number(m[1]), dropped: Number(m[2]), received: Number(m[3]) };
}

/** The file's Interface Statistics Block (the last block): isb_ifrecv, isb_ifdrop, isb_usrdeliv. */
function isbCounts(file: string): { received: number; dropped: number; delivered: number } {
  const { bytes } = readCapture(file);
  const isb = pcapngBlocks(bytes).at(-1);
  assert.ok(isb !== undefined && isb.type === 5, 'the file ends with an Interface Statistics Block');
  const o = blockOptions(bytes, isb.offset + 20, isb.offset + isb.length - 4);
  const n = (code: number) => Number(o.get(code)?.readBigUInt64LE(0) ?? -1n);
  return { received: n(4), dropped: n(5), delivered: n(8) };
}

/** tshark as nobody reads it without a warning (the capture is made 0600, as dumpcap makes it: open it up first). */
function tsharkReads(file: string): number {
  chmodSync(file, 0o644);
  return assertTsharkReads(file, work).length;
}

// A stop that never comes must fail the suite, not hang it.
describe('trawl capture in network namespaces', { timeout: 120_000 }, () => {
  before(() => {
    requireCaptureTools('trawl capture tests', ['tcpdump', 'tshark', 'tcpreplay', 'setpriv', 'capinfos']);
    assert.ok(existsSync(HELPER), 'the helper was built');
    work = mkdtempSync(join(tmpdir(), 'trawl-capture-cli-test-'));
    chmodSync(work, 0o755); // tshark runs as nobody
    net.create();
  });

  after(() => {
    try {
      net.destroy();
    } finally {
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

  it('-c N stops by itself after exactly N packets, and the file ends with the statistics block', async () => {
    const file = join(work, 'count.pcapng');
    const run = cli(['-i', net.ifA, '-c', '50', '-w', file]);
    await run.capturing;
    net.replay(REPLAY);
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'nothing on stdout');
    assert.equal(readCapture(file).frames.length, 50);
    assert.equal(summaryCounts(r.stderr).written, 50);
    assert.equal(isbCounts(file).delivered, 50);
    assert.match(r.stderr, new RegExp(`^File: ${file} \\(\\d+ bytes\\)$`, 'm'));
    assert.equal(tsharkReads(file), 50);
  });

  it('-a duration:2 stops by itself after two seconds', async () => {
    const file = join(work, 'duration.pcapng');
    const run = cli(['-i', net.ifA, '-a', 'duration:2', '-w', file]);
    await run.capturing;
    const t0 = performance.now();
    net.poke();
    const r = await run.done;
    const s = (performance.now() - t0) / 1000;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(s > 1.5 && s < 4, `stopped after ${s.toFixed(2)} s`);
    const frames = readCapture(file).frames.length;
    assert.ok(frames >= 6, `the pokes and their answers: ${frames}`);
    assert.deepEqual(summaryCounts(r.stderr), { written: frames, dropped: 0, received: isbCounts(file).received });
    assert.equal(tsharkReads(file), frames);
  });

  it('SIGINT mid-capture stops cleanly (a second SIGINT just waits): exit 0, the frames tcpdump captured with the same filter, byte for byte', async () => {
    const expr = 'ip6 or (udp and port 53)';
    const ours = join(work, 'sigint.pcapng');
    const theirs = join(work, 'sigint-tcpdump.pcap');
    const td = await net.tcpdump(theirs, expr);
    const run = cli(['-i', net.ifA, '-f', expr, '-w', ours]);
    await run.capturing;
    net.replay(REPLAY);
    await sleep(400);
    run.child.kill('SIGINT');
    td.kill('SIGINT');
    await sleep(20);
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await exited(td), 0);

    const a = readCapture(ours);
    const b = readCapture(theirs);
    assert.equal(a.problem, undefined);
    assert.ok(b.frames.length > 10 && b.frames.length < 89, `the filter keeps some frames and drops others (tcpdump kept ${b.frames.length})`);
    assertSameFrames(a.frames, b.frames);
    const isb = isbCounts(ours);
    assert.deepEqual(summaryCounts(r.stderr), { written: a.frames.length, dropped: isb.dropped, received: isb.received });
    assert.equal(isb.delivered, a.frames.length);
    assert.equal(tsharkReads(ours), a.frames.length);
    // capinfos reads the whole file, statistics block included, without complaint.
    const ci = spawnSync('capinfos', ['-c', ours], { encoding: 'utf8' });
    assert.equal(ci.status, 0, ci.stderr);
    assert.match(ci.stdout, new RegExp(`^Number of packets:\\s+${a.frames.length}$`, 'm'));
  });

  it('SIGTERM stops cleanly too', async () => {
    const file = join(work, 'sigterm.pcapng');
    const run = cli(['-i', net.ifA, '-w', file]);
    await run.capturing;
    net.poke();
    await sleep(300);
    run.child.kill('SIGTERM');
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    const frames = readCapture(file).frames.length;
    assert.ok(frames >= 6, `${frames} frames`);
    assert.equal(isbCounts(file).delivered, frames);
  });

  it('a filter that does not compile: exit 1 and carets under the mistake; nothing written', async () => {
    const file = join(work, 'badfilter.pcapng');
    const r = await cli(['-i', net.ifA, '-f', 'tcp port', '-w', file]).done;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^trawl capture: .+\n {2}tcp port\n {2}\s*\^+\n$/);
    assert.ok(!existsSync(file), 'no file for a capture that never started');
  });

  it('an interface that does not exist: exit 1 and the engine\'s message', async () => {
    const r = await cli(['-i', 'nosuch0', '-w', join(work, 'nosuch.pcapng')]).done;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^trawl capture: Cannot capture: the interface does not exist: .*nosuch0/);
    assert.doesNotMatch(r.stderr, /Capturing on/);
  });

  it('a usage error exits 2 and names the argument', async () => {
    const r = await cli(['-i', net.ifA, '-w', '-']).done;
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^trawl capture: -w -: writing the capture to standard output is not supported/);
  });

  it('-b filesize/files: a ring of dumpcap-named files, the newest kept, holding the last frames sent', async () => {
    const base = join(work, 'ring.pcapng');
    const run = cli(['-i', net.ifA, '-b', 'filesize:5', '-b', 'files:2', '-w', base]);
    await run.capturing;
    // 1000 packets/s: a new file every few ms, faster than the engine opens sessions on them; files the
    // ring deleted before that are skipped, never an error.
    net.replay(REPLAY, 1000);
    await sleep(400);
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    const listed = /^Files \(2, oldest first; \d+ bytes written in all\):\n {2}(\S+)\n {2}(\S+)$/m.exec(r.stderr);
    assert.ok(listed, `two files listed: ${r.stderr}`);
    const files = [listed[1], listed[2]];
    for (const f of files) assert.match(f, new RegExp(`^${work}/ring_\\d{5}_\\d{14}\\.pcapng$`));
    const kept = files.flatMap((f) => readCapture(f).frames);
    const sent = readCapture(REPLAY).frames;
    assert.ok(kept.length > 0 && kept.length < sent.length, `the ring kept ${kept.length} of ${sent.length} frames`);
    assert.equal(summaryCounts(r.stderr).written, sent.length);
    kept.forEach((f, i) => assert.ok(f.data.equals(sent[sent.length - kept.length + i].data), `kept frame ${i + 1} is sent frame ${sent.length - kept.length + i + 1}`));
    for (const f of files) assert.ok(tsharkReads(f) > 0);
  });

  it('without the privilege: exit 1 and the setcap line that grants it', () => {
    const home = join(work, 'nobody');
    mkdirSync(home);
    chownSync(home, Number(must('id', '-u', 'nobody')), Number(must('id', '-g', 'nobody')));
    const r = spawnSync(
      'setpriv',
      ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'env', `HOME=${home}`, process.execPath, '--import', 'tsx', MAIN, 'capture', '-i', 'lo', '-w', join(home, 'x.pcapng')],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^trawl capture: Cannot capture: .*\n$/);
    assert.ok(r.stderr.includes(`sudo setcap cap_net_raw,cap_net_admin=eip ${HELPER}`), r.stderr);
  });

  it('on a terminal, a live Packets counter at most twice a second, then the final count', async () => {
    // In this process (the counter depends on stderr being a TTY, which a child's pipe is not); the
    // engine runs the helper in namespace A, and a stand-in delivers SIGINT.
    const file = join(work, 'tty.pcapng');
    const signals = new EventEmitter();
    let err = '';
    const sender = net.replayForever(REPLAY, 200);
    const t0 = performance.now();
    const running = runCapture(['-i', net.ifA, '-w', file], { out: () => assert.fail('nothing on stdout'), err: (t) => (err += t) }, {
      tty: true,
      signals,
      engine: { captureLauncher: net.inA(), captureHelperPath: HELPER },
    });
    try {
      for (let i = 0; i < 60 && (err.match(/\rPackets: [1-9]/g) ?? []).length < 3; i++) await sleep(100);
    } finally {
      sender.kill('SIGKILL');
    }
    signals.emit('SIGINT');
    signals.emit('SIGINT');
    assert.equal(await running, 0, err);
    const seconds = (performance.now() - t0) / 1000;
    const draws = err.match(/\rPackets: \d+/g) ?? [];
    assert.ok(draws.length >= 3, `the counter moved: ${JSON.stringify(err)}`);
    assert.ok(draws.length <= seconds * 2 + 2, `${draws.length} redraws in ${seconds.toFixed(1)} s`);
    const frames = readCapture(file).frames.length;
    assert.match(err, new RegExp(`\\rPackets: ${frames}\\n${frames} packets captured, 0 dropped by kernel`));
    assert.equal(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM'), 0, 'the signal handlers are removed');
  });
});
