/**
 * `trawl capture -i IFACE -w FILE [...]`: a live capture to a pcapng file from a terminal, with dumpcap's
 * options and messages. A client of the engine through the contract (startCapture, onCaptureStatus,
 * stopCapture): the engine runs the privileged helper and writes the file; this command parses the
 * arguments, shows progress, and turns SIGINT/SIGTERM into a clean stop (the helper's final statistics
 * block ends the file).
 */
import type { CaptureDirection, CaptureId, CaptureRequest, CaptureStatus } from '../../core/api';
import { FilterError, TrawlError } from '../../core/errors';
import { createEngine } from '../../workers/engine';
import type { EngineOptions } from '../../workers/engine-options';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { formatFilterError } from '../filter-error-text';

const USAGE = `Usage: trawl capture -i IFACE -w FILE [-f EXPRESSION] [-c COUNT] [-a duration:SEC] [-s SNAPLEN] [-B MIB]
                     [--direction in|out|both] [--no-promisc] [-b files:N] [-b filesize:KB] [-b duration:SEC]

Captures packets from a network interface into a pcapng file, as dumpcap does, until Ctrl+C (SIGINT),
SIGTERM, -c or -a stops it; then prints how many packets were captured and dropped and the file(s) written.
  -i IFACE          the interface to capture on (its name, as \`ip link\` shows it)
  -w FILE           the pcapng file to write (writing to standard output, -w -, is not supported)
  -f EXPRESSION     a capture filter (pcap-filter(7), as tcpdump takes it), run in the kernel; quote it
  -c COUNT          stop after COUNT packets
  -a duration:SEC   stop after SEC seconds (a whole number)
  -s SNAPLEN        keep at most SNAPLEN bytes of each packet, 1 to 262144 (0 or absent: 262144)
  -B MIB            the kernel's capture buffer in MiB, 1 to 1024 (default 32), as dumpcap -B
  --direction D     in, out or both (the default): packets received, sent, or both
  --no-promisc, -p  do not put the interface into promiscuous mode
  -b files:N        ring buffer, as dumpcap -b: keep only the newest N files
  -b filesize:KB    switch to a new file after KB kilobytes (1 kB = 1000 bytes)
  -b duration:SEC   switch to a new file after SEC seconds
                    (-b files needs filesize or duration; ring files are named FILE_00001_YYYYMMDDhhmmss.ext)
Exit status: 0 after a clean stop, 1 when the capture cannot start or fails (the message says why and
what to do), 2 for a usage error.`;

const MAX_SNAPLEN = 262144;
/** dumpcap's RINGBUFFER_MAX_NUM_FILES. */
const MAX_RING_FILES = 100000;
const MAX_DURATION_SEC = 31 * 24 * 3600;
/** The helper's rule for interface names (helper/args.c): 1-15 printable ASCII, no '/', ':' or space. */
const IFACE_NAME = /^[!-~]{1,15}$/;
/** The live counter is redrawn at most this often. */
const COUNTER_INTERVAL_MS = 500;

/** Options that take a value, and the long options; `-cN` is `-c N`, `--direction=in` is `--direction in`. */
const VALUE_OPTIONS = new Set(['-i', '-w', '-f', '-c', '-a', '-s', '-B', '-b', '--direction']);

export interface CaptureArgs {
  request: CaptureRequest & { outputPath: string };
}

function wholeNumber(option: string, text: string, min: number, max: number, what: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${option}: ${what} must be a whole number from ${min} to ${max} (got "${text}")`);
  return n;
}

function positiveNumber(option: string, text: string, what: string): number {
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${option}: ${what} must be a number above 0 (got "${text}")`);
  return n;
}

/** `key:value` of -a and -b. */
function keyValue(option: string, text: string): [string, string] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UsageError(`${option} takes KEY:VALUE, e.g. ${option === '-a' ? '-a duration:10' : '-b filesize:1000'} (got "${text}")`);
  return [text.slice(0, colon), text.slice(colon + 1)];
}

/** Splits argv into [option, value] pairs and rejects what is unknown, stray or repeated. */
function options(args: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let name = a;
    let value: string | undefined;
    if (a.startsWith('--') && a.includes('=')) [name, value] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    else if (/^-[a-z]./.test(a) && VALUE_OPTIONS.has(a.slice(0, 2))) [name, value] = [a.slice(0, 2), a.slice(2)];
    if (VALUE_OPTIONS.has(name)) {
      if (value === undefined) {
        if (i + 1 >= args.length) throw new UsageError(`${name} needs a value`);
        value = args[++i];
      }
      out.push([name, value]);
    } else if (a === '--no-promisc' || a === '-p') out.push(['--no-promisc', '']);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else throw new UsageError(`unexpected argument "${a}" (a filter goes after -f, quoted: -f "tcp port 80")`);
  }
  return out;
}

/** Parses and checks every argument; throws UsageError naming the one that is wrong. */
export function parseCaptureArgs(args: readonly string[]): CaptureArgs {
  const seen = new Set<string>();
  const ringSeen = new Set<string>();
  let iface: string | undefined;
  let output: string | undefined;
  const req: Omit<CaptureRequest, 'interface'> = {};
  let ring: { files?: number; fileMegabytes?: number; fileSeconds?: number } | undefined;
  for (const [name, value] of options(args)) {
    if (name !== '-b') {
      if (seen.has(name)) throw new UsageError(`${name} is given twice`);
      seen.add(name);
    }
    switch (name) {
      case '-i':
        if (!IFACE_NAME.test(value) || /[/:]/.test(value)) throw new UsageError(`-i: "${value}" is not an interface name (1 to 15 printable characters, no '/', ':' or space)`);
        iface = value;
        break;
      case '-w':
        if (value === '-') throw new UsageError('-w -: writing the capture to standard output is not supported; give a file name (-w capture.pcapng)');
        if (value.trim() === '') throw new UsageError('-w needs the name of the file to write');
        output = value;
        break;
      case '-f':
        req.filter = value;
        break;
      case '-c':
        req.count = wholeNumber('-c', value, 1, Number.MAX_SAFE_INTEGER, 'the packet count');
        break;
      case '-s': {
        const n = wholeNumber('-s', value, 0, MAX_SNAPLEN, 'the snapshot length');
        req.snapLen = n === 0 ? MAX_SNAPLEN : n;
        break;
      }
      case '-B':
        req.bufferMegabytes = wholeNumber('-B', value, 1, 1024, 'the buffer size in MiB');
        break;
      case '--direction':
        if (value !== 'in' && value !== 'out' && value !== 'both') throw new UsageError(`--direction is in, out or both (got "${value}")`);
        req.direction = value satisfies CaptureDirection;
        break;
      case '--no-promisc':
        req.promiscuous = false;
        break;
      case '-a': {
        const [key, v] = keyValue('-a', value);
        if (key !== 'duration') throw new UsageError(`-a ${key}: only -a duration:SEC is supported (for a packet count use -c COUNT)`);
        req.durationSec = wholeNumber('-a duration', v, 1, MAX_DURATION_SEC, 'the number of seconds');
        break;
      }
      case '-b': {
        const [key, v] = keyValue('-b', value);
        if (ringSeen.has(key)) throw new UsageError(`-b ${key} is given twice`);
        ringSeen.add(key);
        ring ??= {};
        if (key === 'files') ring.files = wholeNumber('-b files', v, 1, MAX_RING_FILES, 'the number of files');
        else if (key === 'filesize') ring.fileMegabytes = wholeNumber('-b filesize', v, 1, 2 ** 31 - 1, 'the size in kB') / 1000;
        else if (key === 'duration') ring.fileSeconds = positiveNumber('-b duration', v, 'the number of seconds');
        else throw new UsageError(`-b ${key}: only -b files:N, -b filesize:KB and -b duration:SEC are supported`);
        break;
      }
    }
  }
  if (iface === undefined) throw new UsageError('-i IFACE is required: the interface to capture on (see `ip link`)');
  if (output === undefined) throw new UsageError('-w FILE is required: the pcapng file to write');
  if (ring !== undefined && ring.fileMegabytes === undefined && ring.fileSeconds === undefined) {
    throw new UsageError('-b files:N needs -b filesize:KB or -b duration:SEC as well: when to switch to the next file');
  }
  const request: CaptureRequest & { outputPath: string } = { interface: iface, ...req, outputPath: output };
  if (ring !== undefined) request.ring = { files: ring.files ?? 0, fileMegabytes: ring.fileMegabytes, fileSeconds: ring.fileSeconds };
  return { request };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The closing lines: counts as dumpcap reports them, then the file(s) written. */
export function formatSummary(s: CaptureStatus): string {
  const lines = [`${plural(s.written, 'packet', 'packets')} captured, ${s.dropped} dropped by kernel (received ${s.received})`];
  if (s.files.length === 1) lines.push(`File: ${s.files[0]} (${plural(s.bytesWritten, 'byte', 'bytes')})`);
  else if (s.files.length > 1) lines.push(`Files (${s.files.length}, oldest first; ${plural(s.bytesWritten, 'byte', 'bytes')} written in all):`, ...s.files.map((f) => `  ${f}`));
  else lines.push('No file was kept.');
  return `${lines.join('\n')}\n`;
}

/** Where SIGINT/SIGTERM come from: the process, or a stand-in in tests. */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface CaptureRunOptions {
  /** Whether stderr is a terminal: only then the live `Packets: N` counter is drawn. */
  tty: boolean;
  signals: SignalSource;
  engine?: EngineOptions;
}

const TERMINAL = new Set<CaptureStatus['state']>(['stopped', 'failed']);

/** `Packets: N` redrawn in place on a terminal, at most twice a second; nothing when not a terminal. */
class LiveCounter {
  private drawnAt = 0;
  private drawn = false;
  constructor(private readonly io: CliIO | undefined) {}

  update(s: CaptureStatus): void {
    if (this.io === undefined || Date.now() - this.drawnAt < COUNTER_INTERVAL_MS) return;
    this.draw(s);
  }

  /** The final count, then the end of the line. */
  end(s: CaptureStatus): void {
    if (!this.drawn) return;
    this.draw(s);
    this.io?.err('\n');
  }

  private draw(s: CaptureStatus): void {
    this.drawnAt = Date.now();
    this.drawn = true;
    this.io?.err(`\rPackets: ${s.written}`);
  }
}

/** Runs one capture to its end; returns the exit code. */
export async function runCapture(args: readonly string[], io: CliIO, o: CaptureRunOptions): Promise<number> {
  const { request } = parseCaptureArgs(args);
  const engine = createEngine({ shell: 'cli', ...o.engine });
  let captureId: CaptureId | undefined;
  let stopping: Promise<CaptureStatus> | undefined;
  let signalled = false;
  /** The final status is in: a late signal (while the engine shuts down) has nothing left to stop. */
  let ended = false;
  let latest: CaptureStatus | undefined;
  let changed: () => void = () => undefined;
  const subscription = engine.onCaptureStatus((s) => {
    if (captureId === undefined || s.captureId === captureId) latest = s;
    changed();
  });
  const stop = () => {
    signalled = true;
    // A second signal while stopping just waits for the stop under way.
    if (captureId !== undefined && !ended) stopping ??= engine.stopCapture({ captureId });
    changed();
  };
  o.signals.on('SIGINT', stop);
  o.signals.on('SIGTERM', stop);
  try {
    let started: CaptureStatus;
    try {
      started = await engine.startCapture(request);
    } catch (e) {
      if (e instanceof FilterError && request.filter !== undefined) io.err(formatFilterError('capture', request.filter, e));
      else if (e instanceof TrawlError) io.err(`trawl capture: ${e.message}\n`);
      else throw e;
      return 1;
    }
    captureId = started.captureId;
    if (latest?.captureId !== captureId) latest = started;
    io.err(`Capturing on '${request.interface}'\n`);
    if (signalled) stop();
    const counter = new LiveCounter(o.tty ? io : undefined);
    const final = await new Promise<CaptureStatus>((resolve, reject) => {
      let watching: Promise<CaptureStatus> | undefined;
      const finish = (s: CaptureStatus) => {
        if (ended) return;
        ended = true;
        changed = () => undefined;
        counter.end(s);
        resolve(s);
      };
      changed = () => {
        if (stopping !== undefined && watching === undefined) {
          watching = stopping;
          stopping.then(finish, reject);
        }
        if (latest !== undefined && TERMINAL.has(latest.state)) finish(latest);
        else if (latest !== undefined) counter.update(latest);
      };
      changed();
    });
    io.err(formatSummary(final));
    if (final.error !== undefined) {
      io.err(`trawl capture: ${final.error.message}\n`);
      return 1;
    }
    return final.state === 'stopped' ? 0 : 1;
  } finally {
    subscription.dispose();
    try {
      await engine.dispose();
    } finally {
      o.signals.off('SIGINT', stop);
      o.signals.off('SIGTERM', stop);
    }
  }
}

export const captureCommand: CliCommand = {
  name: 'capture',
  summary: 'Capture live packets from an interface into a pcapng file, like dumpcap',
  usage: USAGE,
  run(args: string[], io: CliIO): Promise<number> {
    return runCapture(args, io, { tty: process.stderr.isTTY === true, signals: process });
  },
};
