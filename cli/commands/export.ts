/**
 * `trawl export FILE [-f EXPR | -Y EXPR] [--flows] -w OUT.pcapng`: "Export specified packets" from a
 * terminal. A client of the engine through the contract: open, apply the filter (a view), export the view
 * (or, with --flows, every packet of each TCP/UDP stream that has a matching packet), progress on stderr
 * when it is a terminal, Ctrl+C cancels and leaves nothing at OUT.
 */
import { resolve } from 'node:path';
import type { ExportProgress, ExportSelection, FollowProtocol, SessionId } from '../../core/api';
import { FilterError } from '../../core/errors';
import { createEngine, type Engine } from '../../workers/engine';
import type { EngineOptions } from '../../workers/engine-options';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { formatFilterError } from '../filter-error-text';
import type { SignalSource } from './capture';

const USAGE = `Usage: trawl export FILE [-f EXPRESSION | -Y EXPRESSION] [--flows] -w OUT.pcapng

Writes packets of a capture (pcap, pcapng or gzip-compressed) to a new pcapng file, keeping each packet's
interface (link type, snap length, name, timestamp resolution), time to the nanosecond, original length
and comments. The filter is recorded in the file's section comment. OUT is written under a temporary name
and renamed when complete; the capture itself is never overwritten. Ctrl+C stops and leaves nothing.
  -f EXPRESSION  only the packets a capture filter (pcap-filter(7), as tcpdump takes it) accepts
  -Y EXPRESSION  only the packets a display filter (or a capture filter) accepts
  --flows        widen the selection to every packet of each TCP or UDP stream that has a matching packet
  -w OUT         the pcapng file to write`;

interface ExportArgs {
  path: string;
  out: string;
  filter?: string;
  flows: boolean;
}

function parseArgs(args: string[]): ExportArgs {
  const files: string[] = [];
  let filter: string | undefined;
  let out: string | undefined;
  let flows = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-f' || a === '-Y' || a === '-w') {
      if (i + 1 >= args.length) throw new UsageError(a === '-w' ? '-w needs the pcapng file to write' : `${a} needs a filter expression (quote it)`);
      if (a === '-w') {
        if (out !== undefined) throw new UsageError('give -w once');
        out = args[++i];
      } else {
        if (filter !== undefined) throw new UsageError('give one filter: -f or -Y, once');
        filter = args[++i];
      }
    } else if (a === '--flows') flows = true;
    else if (a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError('give exactly one capture file');
  if (out === undefined) throw new UsageError('-w OUT.pcapng is required: the file to write');
  if (out === '-') throw new UsageError('writing to standard output (-w -) is not supported; give a file name');
  if (flows && filter === undefined) throw new UsageError('--flows widens a filter’s packets to their flows: give -f or -Y too');
  return { path: files[0], out: resolve(out), filter, flows };
}

/** How --flows learns each packet's stream (the engine's streamOf; a fake in tests). */
export type StreamOf = (number: number) => Promise<{ protocol: FollowProtocol; stream: number } | null>;

/**
 * The selection for --flows: the matching packets and every packet of their streams. When every match
 * is in a stream of one protocol that is the streams themselves; otherwise the packets, found by asking
 * for the stream of every packet of the capture (`count` of them).
 */
export async function widenToFlows(matched: Uint32Array, count: number, streamOf: StreamOf): Promise<ExportSelection> {
  const streams = { tcp: new Set<number>(), udp: new Set<number>() };
  let loose = false;
  for (const n of matched) {
    const s = await streamOf(n);
    if (s) streams[s.protocol].add(s.stream);
    else loose = true;
  }
  if (!loose && (streams.tcp.size === 0) !== (streams.udp.size === 0)) {
    const protocol: FollowProtocol = streams.tcp.size > 0 ? 'tcp' : 'udp';
    return { kind: 'flows', protocol, streams: [...streams[protocol]].sort((a, b) => a - b) };
  }
  const keep: number[] = [];
  const isMatched = new Set(matched);
  for (let n = 1; n <= count; n++) {
    if (isMatched.has(n)) {
      keep.push(n);
      continue;
    }
    const s = await streamOf(n);
    if (s && streams[s.protocol].has(s.stream)) keep.push(n);
  }
  return { kind: 'packets', numbers: Uint32Array.from(keep) };
}

/** `Exported N of M packets` redrawn in place, at most 10 times a second; nothing unless on a terminal. */
function progressLine(io: CliIO, tty: boolean): { show(p: ExportProgress): void; end(): void } {
  let last = 0;
  let drawn = false;
  return {
    show(p) {
      const now = Date.now();
      if (!tty || (now - last < 100 && !p.done)) return;
      last = now;
      drawn = true;
      io.err(`\rExported ${p.written} of ${p.total} packets (${(p.bytesWritten / 1e6).toFixed(1)} MB)`);
    },
    end() {
      if (drawn) io.err('\n');
    },
  };
}

export interface ExportRunOptions {
  tty: boolean;
  signals: SignalSource;
  engine?: EngineOptions;
}

async function selectionFor(engine: Engine, sessionId: SessionId, a: ExportArgs): Promise<ExportSelection> {
  if (a.filter === undefined) return { kind: 'all' };
  const { view } = await engine.applyFilter({ sessionId, expression: a.filter });
  await engine.whenFiltered(sessionId, view);
  if (!a.flows) return { kind: 'view', view };
  const count = (await engine.whenIndexed(sessionId)).packets;
  return widenToFlows(engine.numbersOfView(sessionId, view), count, (number) => engine.streamOf({ sessionId, number }));
}

export async function runExport(args: string[], io: CliIO, o: ExportRunOptions): Promise<number> {
  const a = parseArgs(args);
  const engine = createEngine({ shell: 'cli', ...o.engine });
  const line = progressLine(io, o.tty);
  let exportId: string | undefined;
  let interrupted = false;
  const stop = (): void => {
    interrupted = true;
    if (exportId !== undefined) void engine.cancelExport({ exportId });
  };
  o.signals.on('SIGINT', stop);
  o.signals.on('SIGTERM', stop);
  try {
    const { sessionId } = await engine.openFile({ path: a.path });
    let selection: ExportSelection;
    try {
      selection = await selectionFor(engine, sessionId, a);
    } catch (e) {
      if (!(e instanceof FilterError) || a.filter === undefined) throw e;
      io.err(formatFilterError('export', a.filter, e));
      return 1;
    }
    const comment = a.filter === undefined ? undefined : `${a.flows ? 'flows of ' : ''}${a.filter}`;
    // Events may come before exportPackets' answer does: keep the last of each export until the id is known.
    const latest = new Map<string, ExportProgress>();
    let wake: () => void = () => undefined;
    const sub = engine.onExportProgress((p) => {
      latest.set(p.exportId, p);
      if (p.exportId === exportId) line.show(p);
      wake();
    });
    if (interrupted) {
      sub.dispose();
      io.err(`trawl export: stopped; nothing was written to ${a.out}\n`);
      return 130;
    }
    let p: ExportProgress;
    try {
      p = await engine.exportPackets({ sessionId, selection, path: a.out, comment });
      exportId = p.exportId;
      if (interrupted) void engine.cancelExport({ exportId });
      while (!p.done) {
        await new Promise<void>((r) => (wake = r));
        p = latest.get(exportId) ?? p;
        line.show(p);
      }
    } finally {
      sub.dispose();
    }
    line.end();
    if (p.cancelled) {
      io.err(`trawl export: stopped; nothing was written to ${a.out}\n`);
      return 130;
    }
    if (p.error) {
      io.err(`trawl export: ${p.error.message}\n`);
      return 1;
    }
    io.err(`trawl export: wrote ${p.written} packet${p.written === 1 ? '' : 's'} (${p.bytesWritten} bytes) to ${a.out}\n`);
    return 0;
  } finally {
    o.signals.off('SIGINT', stop);
    o.signals.off('SIGTERM', stop);
    await engine.dispose();
  }
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write the packets a filter accepts (or all, or their whole flows) to a new pcapng file',
  usage: USAGE,
  run(args: string[], io: CliIO): Promise<number> {
    return runExport(args, io, { tty: process.stderr.isTTY === true, signals: process });
  },
};
