/**
 * Spawns helper/trawl-capture, the privileged capture helper (the only code that holds CAP_NET_RAW),
 * and turns what it says into a pcapng stream, stats and typed errors. This comment is the helper's
 * contract; the helper's sources (helper/*.c, starting at helper/main.c) point here, and the two change
 * together.
 *
 * ARGUMENTS (long options only; anything else, a repeated option or a stray argument: exit 2)
 *   --interface IFACE        required; 1-15 printable ASCII characters, no '/', ':' or space
 *   --snaplen N              1..262144, default 262144; records are cut to N bytes
 *   --promisc                PACKET_ADD_MEMBERSHIP/PACKET_MR_PROMISC (undone when the socket closes)
 *   --direction in|out|both  default both; by sll_pkttype == PACKET_OUTGOING in the ring
 *   --ring-size KIB          128..1048576, default 4096; the TPACKET_V3 ring (at least 2 blocks)
 *   --block-timeout MS       1..1000, default 100: how long the kernel fills a block before handing it over
 *   --immediate              a 1 ms block timeout (excludes --block-timeout)
 *   --count N                stop after writing N packets
 *   --duration SECONDS       stop after this many seconds
 *   --link-type              print the interface's LINKTYPE_ number on stdout and exit (no stdin, no
 *                            privileges needed): what to compile the filter for
 *   --check                  open the packet socket exactly as a capture does (same privileges; no interface,
 *                            reject-all filter, smallest ring), close it, print `ok` on stdout, exit 0; without
 *                            the privilege exit 4 with the capture's permission error. No stdin; excludes every
 *                            other option (workers/capture-check.ts runs it for `trawl doctor`)
 *
 * STDIN  the classic BPF program: a u32 count (1..4096), then count 8-byte `struct sock_filter`
 *        records (u16 code, u8 jt, u8 jf, u32 k), all little-endian. The helper checks the kernel's
 *        structural rules (known opcodes, jumps inside the program, memory slots < 16, no division by
 *        the constant 0, a return last); the kernel then has the last word. As libpcap does for mapped
 *        rings, every `ret #k` with k != 0 becomes `ret #262144` and records are cut to the snap length
 *        in the helper. Keep stdin open: end of stdin stops the capture like SIGINT (so the helper
 *        never outlives its parent); bytes after the program are read and ignored.
 *
 * STDOUT pcapng, host byte order: SHB (shb_hardware = machine, shb_os = "Linux <release>",
 *        shb_userappl = "Trawl trawl-capture"), one IDB (link type from the device's ARPHRD: Ethernet
 *        and loopback 1, 802.11 radiotap 127, none/raw-IP/IPIP/SIT 101, token ring 6; if_name,
 *        snaplen, if_tsresol 9), then one EPB per packet (kernel timestamp in ns; epb_flags: direction
 *        in bits 0-1, 1 inbound, 2 outbound; reception type in bits 2-4 from sll_pkttype). A VLAN tag
 *        the kernel took off is put back (as libpcap). Loopback outgoing copies are skipped (each packet
 *        is seen once, as libpcap). Blocks are queued whole and written as fast as the reader takes
 *        them (stdout is non-blocking; a write may end inside a block, so the reader keeps whole blocks
 *        only, and a helper killed with SIGKILL leaves a file that reads up to its last complete block).
 *        While the reader lags, the helper goes on draining the ring into that queue, up to the ring's
 *        size plus 1 MiB of its own memory; only then does it wait, and the kernel drops. On a
 *        clean stop, one ISB ends the file: isb_starttime, isb_endtime, isb_ifrecv (packets the kernel
 *        filter accepted, dropped ones included: libpcap's ps_recv), isb_ifdrop (dropped for want of
 *        ring space), isb_usrdeliv (EPBs written).
 *
 * STDERR one line per message, each starting with a keyword:
 *        `ready interface=IFACE ifindex=N linktype=N snaplen=N ring=BYTES blocks=N` once, when the
 *            filter is attached and every capability dropped, just before the first packet;
 *        `stats received=N dropped=N written=N` about once a second and once at the end (cumulative;
 *            received/dropped as isb_ifrecv/isb_ifdrop, written = EPBs);
 *        `warning TEXT` (e.g. the interface went down; the capture goes on);
 *        `error TEXT` just before a non-zero exit (usage errors add the usage text after it).
 *
 * STOP   SIGINT, SIGTERM, end of stdin, --count or --duration: the helper waits one block timeout so
 *        the block being filled is handed over, writes it, writes the ISB and exits 0.
 *
 * EXIT   0 ok · 2 usage · 3 no such interface · 4 permission (the message names the fix:
 *        `sudo setcap cap_net_raw,cap_net_admin=eip PATH`) · 5 bad filter program (framing, structure,
 *        or refused by the kernel) · 6 unsupported link type · 7 socket/ring/privilege setup failed ·
 *        8 writing stdout failed (e.g. the reader went away) · 9 the capture failed while running
 *        (e.g. the interface disappeared).
 *
 * PRIVILEGES  The helper opens the socket, maps the ring, attaches the filter, then drops every
 *        capability from every set (bounding set where it may, ambient, then capset to zero; a
 *        set-user-ID install returns to the real uid/gid) and sets no_new_privs, all before it reads a
 *        packet. Until the real filter is attached a reject-all filter is on, and what was queued
 *        before it is drained (as libpcap).
 */
import { spawn, execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RawInsn } from '../core/bpf/opcodes';
import type { CaptureDirection } from '../core/api';
import { HelperError } from '../core/errors';

export { HelperError };

/** The helper's exit codes (see the contract above). */
export const HelperExit = {
  ok: 0,
  usage: 2,
  noInterface: 3,
  permission: 4,
  badFilter: 5,
  linkType: 6,
  setup: 7,
  output: 8,
  capture: 9,
} as const;
export type HelperExitCode = (typeof HelperExit)[keyof typeof HelperExit];

/** What each exit code means to a user: the error code and the sentence that leads the message. */
const EXIT_META: Record<Exclude<HelperExitCode, 0>, { code: string; lead: string }> = {
  2: { code: 'helper-usage', lead: 'The capture helper refused its arguments (a Trawl bug; please report it)' },
  3: { code: 'no-such-interface', lead: 'Cannot capture: the interface does not exist' },
  4: { code: 'capture-permission', lead: 'Cannot capture: the capture helper lacks its capabilities' },
  5: { code: 'bad-capture-filter', lead: 'The capture filter cannot run in the kernel' },
  6: { code: 'unsupported-link-type', lead: 'Cannot capture on this kind of interface' },
  7: { code: 'capture-setup', lead: 'Could not set up the capture socket' },
  8: { code: 'capture-output', lead: 'The capture helper could not write its output' },
  9: { code: 'capture-failed', lead: 'The capture stopped with an error' },
};

export type { CaptureDirection };

export interface HelperOptions {
  interface: string;
  /** The compiled capture filter (core/filter `compileFilter(text, {linkType})`), 1..4096 instructions. */
  program: readonly RawInsn[];
  snaplen?: number;
  promiscuous?: boolean;
  direction?: CaptureDirection;
  ringKiB?: number;
  blockTimeoutMs?: number;
  immediate?: boolean;
  count?: number;
  durationSec?: number;
  /** Where the helper is; default `locateHelper()`. */
  helperPath?: string;
  /** A command put before the helper, e.g. `['ip', 'netns', 'exec', 'ns1']` or `['pkexec']`; it must exec the helper. */
  launcher?: readonly string[];
}

export interface HelperStats {
  received: number;
  dropped: number;
  written: number;
}

export interface HelperReady {
  interface: string;
  ifindex: number;
  linkType: number;
  snaplen: number;
  ringBytes: number;
  blocks: number;
}

export interface CaptureHelper {
  readonly pid: number | undefined;
  /** The pcapng byte stream (the helper's stdout). */
  readonly pcapng: Readable;
  /** Resolves on the `ready` line; rejects with HelperError if the helper exits first. */
  readonly ready: Promise<HelperReady>;
  /** Resolves with the final stats when the helper exits 0; rejects with HelperError otherwise. */
  readonly done: Promise<HelperStats>;
  /** The latest stats line, if any. */
  readonly stats: HelperStats | undefined;
  onStats(listener: (s: HelperStats) => void): () => void;
  /** Ask for a clean stop (SIGINT): the helper flushes, writes the ISB and exits 0. */
  stop(): void;
  /** SIGKILL; the output ends at the last complete block. */
  kill(): void;
}

const HELPER_NAME = 'trawl-capture';
const MAX_PROGRAM = 4096;
const TAIL_LINES = 20;

/** Where the built helper is: $TRAWL_CAPTURE_HELPER, dist/helper (from source or the bundle), Electron's resources. */
export function locateHelper(): string | undefined {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    process.env.TRAWL_CAPTURE_HELPER,
    fileURLToPath(new URL(`../dist/helper/${HELPER_NAME}`, import.meta.url)), // workers/*.ts
    fileURLToPath(new URL(`../helper/${HELPER_NAME}`, import.meta.url)), // dist/node/*.js
    resources === undefined ? undefined : join(resources, 'helper', HELPER_NAME),
  ];
  return candidates.find((p) => p !== undefined && isExecutable(p));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function missingHelper(): HelperError {
  return new HelperError(
    'helper-missing',
    'Live capture is unavailable: the capture helper (dist/helper/trawl-capture) was not built, usually because ' +
      'no C compiler was found when `npm install` ran. Install gcc or clang, then run `node scripts/build-helper.mjs`.',
    null,
    '',
  );
}

/** The program as the helper reads it from stdin: u32 count, then 8-byte records, little-endian. */
export function encodeProgram(program: readonly RawInsn[]): Buffer {
  const buf = Buffer.alloc(4 + 8 * program.length);
  buf.writeUInt32LE(program.length, 0);
  program.forEach((insn, i) => {
    const o = 4 + 8 * i;
    buf.writeUInt16LE(insn.code, o);
    buf.writeUInt8(insn.jt, o + 2);
    buf.writeUInt8(insn.jf, o + 3);
    buf.writeUInt32LE(insn.k >>> 0, o + 4);
  });
  return buf;
}

export function helperArgs(o: Omit<HelperOptions, 'program' | 'helperPath' | 'launcher'>): string[] {
  const args = ['--interface', o.interface];
  if (o.snaplen !== undefined) args.push('--snaplen', String(o.snaplen));
  if (o.promiscuous) args.push('--promisc');
  if (o.direction !== undefined) args.push('--direction', o.direction);
  if (o.ringKiB !== undefined) args.push('--ring-size', String(o.ringKiB));
  if (o.immediate) args.push('--immediate');
  else if (o.blockTimeoutMs !== undefined) args.push('--block-timeout', String(o.blockTimeoutMs));
  if (o.count !== undefined) args.push('--count', String(o.count));
  if (o.durationSec !== undefined) args.push('--duration', String(o.durationSec));
  return args;
}

/** `key=value` fields of a `ready`/`stats` line, as numbers where they are. */
function fields(rest: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of rest.split(' ')) {
    const eq = part.indexOf('=');
    if (eq > 0) m.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return m;
}

export type HelperLine =
  | { kind: 'ready'; ready: HelperReady }
  | { kind: 'stats'; stats: HelperStats }
  | { kind: 'warning' | 'error'; text: string }
  | { kind: 'other'; text: string };

export function parseHelperLine(text: string): HelperLine {
  const sp = text.indexOf(' ');
  const keyword = sp < 0 ? text : text.slice(0, sp);
  const rest = sp < 0 ? '' : text.slice(sp + 1);
  switch (keyword) {
    case 'ready': {
      const f = fields(rest);
      const n = (k: string) => Number(f.get(k) ?? NaN);
      return {
        kind: 'ready',
        ready: {
          interface: f.get('interface') ?? '',
          ifindex: n('ifindex'),
          linkType: n('linktype'),
          snaplen: n('snaplen'),
          ringBytes: n('ring'),
          blocks: n('blocks'),
        },
      };
    }
    case 'stats': {
      const f = fields(rest);
      const n = (k: string) => Number(f.get(k) ?? NaN);
      return { kind: 'stats', stats: { received: n('received'), dropped: n('dropped'), written: n('written') } };
    }
    case 'warning':
    case 'error':
      return { kind: keyword, text: rest };
    default:
      return { kind: 'other', text };
  }
}

/** Turns an exit into the typed error a user can act on. */
export function helperError(exitCode: number | null, signal: string | null, stderrLines: readonly string[]): HelperError {
  const tail = stderrLines.slice(-TAIL_LINES).join('\n');
  const said = stderrLines.map(parseHelperLine).filter((l) => l.kind === 'error').map((l) => (l as { text: string }).text);
  const detail = said.at(-1) ?? stderrLines.at(-1) ?? '';
  if (exitCode === null) {
    return new HelperError('helper-killed', `The capture helper was stopped by ${signal ?? 'a signal'}.`, null, tail, signal);
  }
  const meta = EXIT_META[exitCode as Exclude<HelperExitCode, 0>];
  if (meta === undefined) {
    return new HelperError('helper-failed', `The capture helper failed (exit code ${exitCode})${detail ? `: ${detail}` : '.'}`, exitCode, tail);
  }
  return new HelperError(meta.code, `${meta.lead}: ${detail || '(it said nothing)'}`, exitCode, tail);
}

function spawnArgs(helperPath: string, launcher: readonly string[] | undefined, args: string[]): [string, string[]] {
  if (launcher === undefined || launcher.length === 0) return [helperPath, args];
  return [launcher[0], [...launcher.slice(1), helperPath, ...args]];
}

/** Start capturing. Errors (including a missing helper) arrive through `ready` and `done`. */
export function startCaptureHelper(o: HelperOptions): CaptureHelper {
  const helperPath = o.helperPath ?? locateHelper();
  if (helperPath === undefined) return failedHelper(missingHelper());
  if (o.program.length === 0 || o.program.length > MAX_PROGRAM) {
    // The helper refuses these too (exit 5); saying so here saves a spawn.
    return failedHelper(new HelperError('bad-capture-filter', `The capture filter cannot run in the kernel: a program has 1 to ${MAX_PROGRAM} instructions, not ${o.program.length}.`, null, ''));
  }
  const [cmd, args] = spawnArgs(helperPath, o.launcher, helperArgs(o));
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners = new Set<(s: HelperStats) => void>();
  let latest: HelperStats | undefined;
  let resolveReady!: (r: HelperReady) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<HelperReady>((res, rej) => ((resolveReady = res), (rejectReady = rej)));
  ready.catch(() => undefined); // callers may watch only `done`

  // A helper that exits early closes stdin under us (EPIPE); its exit code says why.
  child.stdin.on('error', () => undefined);
  child.stdin.write(encodeProgram(o.program));

  const stderrDone = new Promise<void>((res) => {
    const rl = createInterface({ input: child.stderr, crlfDelay: Infinity });
    rl.on('line', (text) => {
      lines.push(text);
      if (lines.length > 200) lines.splice(0, lines.length - TAIL_LINES);
      const l = parseHelperLine(text);
      if (l.kind === 'ready') resolveReady(l.ready);
      else if (l.kind === 'stats') {
        latest = l.stats;
        for (const f of listeners) f(l.stats);
      }
    });
    rl.on('close', res);
  });

  const done = new Promise<HelperStats>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      const err = e.code === 'ENOENT' && o.launcher === undefined ? missingHelper() : new HelperError('helper-failed', `Could not start the capture helper: ${e.message}`, null, '');
      rejectReady(err);
      reject(err);
    });
    child.on('close', (code, signal) => {
      void stderrDone.then(() => {
        if (code === 0) {
          rejectReady(new HelperError('helper-failed', 'The capture helper ended before it was ready.', 0, lines.join('\n')));
          resolve(latest ?? { received: 0, dropped: 0, written: 0 });
        } else {
          const err = helperError(code, signal, lines);
          rejectReady(err);
          reject(err);
        }
      });
    });
  });
  done.catch(() => undefined);

  return {
    get pid() {
      return child.pid;
    },
    pcapng: child.stdout,
    ready,
    done,
    get stats() {
      return latest;
    },
    onStats(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

function failedHelper(err: HelperError): CaptureHelper {
  const rejected = <T>() => {
    const p = Promise.reject<T>(err);
    p.catch(() => undefined);
    return p;
  };
  return {
    pid: undefined,
    pcapng: Readable.from([]),
    ready: rejected<HelperReady>(),
    done: rejected<HelperStats>(),
    stats: undefined,
    onStats: () => () => undefined,
    stop: () => undefined,
    kill: () => undefined,
  };
}

/**
 * The LINKTYPE_ number the helper will write for `iface` (what to compile the filter for), from
 * `trawl-capture --link-type`; needs no privileges. Rejects with HelperError (3: no such interface,
 * 6: a device the helper cannot capture from).
 */
export function helperLinkType(iface: string, o: Pick<HelperOptions, 'helperPath' | 'launcher'> = {}): Promise<number> {
  const helperPath = o.helperPath ?? locateHelper();
  if (helperPath === undefined) return Promise.reject(missingHelper());
  const [cmd, args] = spawnArgs(helperPath, o.launcher, ['--link-type', '--interface', iface]);
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const lines = stderr.split('\n').filter((l) => l !== '');
      const exit = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      if (exit === 0 && /^\d+\n$/.test(stdout)) resolve(Number(stdout));
      else if (error !== null && typeof error.code === 'string') reject(new HelperError('helper-failed', `Could not start the capture helper: ${error.message}`, null, ''));
      else reject(helperError(exit, error?.signal ?? null, lines));
    });
  });
}
