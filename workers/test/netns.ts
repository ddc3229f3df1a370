/**
 * Test hosts for live capture: two network namespaces joined by a veth pair, made with unique names and
 * removed afterwards, plus the peers' side of the comparison (tcpdump capturing, tcpreplay sending) and a
 * reader that gives back every frame of a capture file. Traffic only ever flows between the two
 * namespaces. Needs root, `ip netns`, tcpdump, tshark and tcpreplay (CI runs as root); a test that cannot
 * have them fails and says why — it never skips silently.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createCaptureParser, readRecordDetail } from '../../core/pcap/index';
import { REPO_ROOT } from '../../scripts/shared-captures';

export const HELPER = join(REPO_ROOT, 'dist', 'helper', 'trawl-capture');

export function sh(cmd: string, args: readonly string[], input?: Uint8Array): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function must(cmd: string, ...args: string[]): string {
  const r = sh(cmd, args);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Root, the tools, and a freshly built helper; throws a message that says what is missing. */
export function requireCaptureTools(suite: string, tools: readonly string[] = ['tcpdump', 'tshark', 'tcpreplay', 'setpriv']): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`${suite} needs root to create network namespaces (CI runs it as root): sudo npx tsx --test <file>`);
  }
  for (const tool of ['ip', ...tools]) {
    const args = tool === 'ip' ? ['netns', 'list'] : ['--version'];
    const r = spawnSync(tool, args, { stdio: 'ignore' });
    if (r.error || r.status !== 0) throw new Error(`${suite} needs \`${tool} ${args.join(' ')}\` to work (${r.error?.message ?? `exit ${r.status}`})`);
  }
  const b = sh(process.execPath, [join(REPO_ROOT, 'scripts', 'build-helper.mjs'), '--strict']);
  assert.equal(b.status, 0, `building the helper failed:\n${b.stdout}${b.stderr}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

export function exited(p: ChildProcess): Promise<number | null> {
  return p.exitCode !== null ? Promise.resolve(p.exitCode) : new Promise((res) => p.on('exit', (code) => res(code)));
}

/**
 * Namespace A holds `ifA` (10.200.0.1/24), namespace B its peer `ifB` (10.200.0.2/24). IPv6 is off so
 * no router solicitation or MLD report arrives at a random moment; MTU 9000 for jumbo frames in the
 * shared captures.
 */
export class NetnsPair {
  readonly nsA: string;
  readonly nsB: string;
  readonly ifA = 'trawl0';
  readonly ifB = 'trawl1';
  readonly addrA = '10.200.0.1';
  readonly addrB = '10.200.0.2';
  /** A's MAC address: frames with it as source are A's outbound ones. */
  macA = Buffer.alloc(6);

  constructor(tag: string) {
    const run = `${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
    this.nsA = `trawl-${tag}-a-${run}`;
    this.nsB = `trawl-${tag}-b-${run}`;
  }

  /** Creates both namespaces; removes them again if a step fails, and when the process exits. */
  create(): this {
    try {
      must('ip', 'netns', 'add', this.nsA);
      must('ip', 'netns', 'add', this.nsB);
      must('ip', '-n', this.nsA, 'link', 'add', this.ifA, 'type', 'veth', 'peer', 'name', this.ifB, 'netns', this.nsB);
      for (const [ns, dev, addr] of [[this.nsA, this.ifA, this.addrA], [this.nsB, this.ifB, this.addrB]]) {
        must('ip', 'netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1',
          `net.ipv6.conf.${dev}.disable_ipv6=1`, 'net.ipv4.icmp_ratelimit=0');
        must('ip', '-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev);
        must('ip', '-n', ns, 'link', 'set', dev, 'mtu', '9000', 'up');
        must('ip', '-n', ns, 'link', 'set', 'lo', 'up');
      }
      const link = JSON.parse(must('ip', '-n', this.nsA, '-j', 'link', 'show', this.ifA)) as { address: string }[];
      this.macA = Buffer.from(link[0].address.split(':').map((h) => parseInt(h, 16)));
    } catch (e) {
      this.destroy();
      throw e;
    }
    process.on('exit', () => this.destroy()); // if the runner dies before the suite's `after`
    return this;
  }

  destroy(): void {
    for (const ns of [this.nsA, this.nsB]) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  }

  /** The prefix that runs a command in namespace A (or B). */
  inA(): string[] {
    return ['ip', 'netns', 'exec', this.nsA];
  }

  inB(): string[] {
    return ['ip', 'netns', 'exec', this.nsB];
  }

  /** tcpreplay `file` from B onto the wire to A, and wait until it is sent. */
  replay(file: string, pps = 1000): void {
    must(...(this.inB() as [string, ...string[]]), 'tcpreplay', '-q', '-i', this.ifB, `--pps=${pps}`, file);
  }

  /** tcpreplay `file` from B in a loop until killed. */
  replayForever(file: string, pps: number): ChildProcess {
    return spawn('ip', [...this.inB().slice(1), 'tcpreplay', '-q', '-i', this.ifB, `--pps=${pps}`, '--loop=0', file], { stdio: 'ignore' });
  }

  /** Three UDP datagrams from B to a closed port on A: A answers each with ICMP port unreachable (outbound). */
  poke(): void {
    for (let i = 0; i < 3; i++) must(...(this.inB() as [string, ...string[]]), 'bash', '-c', `echo trawl${i} > /dev/udp/${this.addrA}/9`);
  }

  /** tcpdump on A writing `file` with `expr`; resolves once it listens. Stop it with SIGINT. */
  tcpdump(file: string, expr: string): Promise<ChildProcess> {
    return startTcpdump(this.inA(), this.ifA, file, expr);
  }

  isOutbound(f: Frame): boolean {
    return f.data.subarray(6, 12).equals(this.macA);
  }
}

/** tcpdump on `iface` (run after `prefix`, e.g. `ip netns exec NS`) writing `file` with `expr`, nanosecond timestamps; resolves once it listens. */
export async function startTcpdump(prefix: readonly string[], iface: string, file: string, expr: string): Promise<ChildProcess> {
  const argv = [...prefix, 'tcpdump', '-i', iface, '-n', '--immediate-mode', '--time-stamp-precision=nano', '-w', file, expr];
  const p = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
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

export interface Frame {
  data: Buffer;
  origlen: number;
  tsSec: number;
  tsNsec: number;
  /** pcapng epb_flags, when the record has them. */
  flags?: number;
}

export interface CaptureRead {
  frames: Frame[];
  problem: ReturnType<ReturnType<typeof createCaptureParser>['finish']>;
  validBytes: number;
  size: number;
  bytes: Buffer;
}

/** Every frame of a pcap or pcapng file, with where the file stops being valid. */
export function readCapture(file: string): CaptureRead {
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
  const header = parser.header;
  if (header?.format === 'pcapng') frames.forEach((f, i) => (f.flags = readRecordDetail(bytes.subarray(offsets[i]), header).flags));
  return { frames, problem, validBytes: parser.validBytes, size: bytes.length, bytes };
}

/** Asserts `ours` holds exactly `theirs`' frames: bytes, original lengths and kernel timestamps, in order. */
export function assertSameFrames(ours: readonly Frame[], theirs: readonly Frame[]): void {
  assert.equal(ours.length, theirs.length, 'frame count');
  ours.forEach((f, i) => {
    assert.ok(f.data.equals(theirs[i].data), `frame ${i + 1} bytes differ`);
    assert.equal(f.origlen, theirs[i].origlen, `frame ${i + 1} length`);
    assert.deepEqual([f.tsSec, f.tsNsec], [theirs[i].tsSec, theirs[i].tsNsec], `frame ${i + 1} kernel timestamp`);
  });
}

/**
 * `tshark -r file` as nobody (as a user would run it, and so that it does not warn about running as
 * root): exit 0 and nothing on stderr, or the assertion says what it said. Capture files are private
 * (0600, as dumpcap makes them), so tshark reads a world-readable copy in `home`.
 */
export function assertTsharkReads(file: string, home: string): string[] {
  const copy = join(home, `tshark-${basename(file)}`);
  copyFileSync(file, copy);
  chmodSync(copy, 0o644);
  try {
    const ts = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'tshark', '-r', copy], { encoding: 'utf8', env: { ...process.env, HOME: home } });
    assert.equal(ts.status, 0, ts.stderr);
    assert.equal(ts.stderr, '', `tshark warns about ${file}`);
    return ts.stdout.trim() === '' ? [] : ts.stdout.trim().split('\n');
  } finally {
    rmSync(copy, { force: true });
  }
}

/** pcapng blocks of a little-endian file (the helper writes host order; tests run on x86/arm64). */
export function pcapngBlocks(buf: Buffer): { type: number; offset: number; length: number }[] {
  const out = [];
  for (let o = 0; o + 12 <= buf.length; ) {
    const length = buf.readUInt32LE(o + 4);
    if (length < 12 || o + length > buf.length) break;
    out.push({ type: buf.readUInt32LE(o), offset: o, length });
    o += length;
  }
  return out;
}

/** The options of a block between `start` and `end`, by code. */
export function blockOptions(buf: Buffer, start: number, end: number): Map<number, Buffer> {
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
