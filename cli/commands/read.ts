/**
 * `trawl read FILE [-f EXPR]`: one line per packet, as `tshark -r FILE` prints them by default, optionally
 * only those a capture filter accepts. A client of the engine through the same contract as every shell:
 * open, apply the filter (a view the filter workers fill), page through rows() while indexing and
 * filtering run.
 */
import { ALL_VIEW, type IndexProgress, type InterfaceInfo, type RowsPage } from '../../core/api';
import { FilterError } from '../../core/errors';
import { createEngine, type Engine } from '../../workers/engine';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { formatFilterError } from '../filter-error-text';

const USAGE = `Usage: trawl read FILE [-f EXPRESSION] [--numbers]

Prints one line per packet like tshark's default output: number, seconds since the first packet,
source → destination, protocol, length on the wire and info. pcap, pcapng and gzip-compressed
captures are read. On a truncated or corrupt capture, prints every valid packet, then says on stderr
where the capture stops and why (exit status 1).
  -f EXPRESSION  only the packets a capture filter (pcap-filter(7), as tcpdump takes it) accepts; each
                 packet is tested with the program for its interface's link type. Quote the
                 expression. One that does not compile is shown with where it goes wrong (exit 1).
  --numbers      print only the packets' numbers (1-based, in the file's order), one per line`;

/** Rows fetched per rows() call. */
const PAGE = 2000;

/** One line of tshark's default one-line output (number ⎵ time ⎵ src → dst ⎵ proto ⎵ length ⎵ info). */
export function formatLine(number: number, relTime: number, tsDigits: number, length: number, src: string, dst: string, proto: string, info: string): string {
  const num = String(number).padStart(5);
  const time = relTime.toFixed(tsDigits).padStart(10);
  return `${num} ${time} ${src.padStart(12)} → ${dst.padEnd(12)} ${proto} ${length} ${info}`;
}

function printPage(page: RowsPage, digitsOf: (n: number) => number, io: CliIO): void {
  const lines: string[] = [];
  for (let r = 0; r < page.numbers.length; r++) {
    const t = page.text;
    lines.push(formatLine(page.numbers[r], page.relTimes[r], digitsOf(page.numbers[r]), page.lengths[r], t[r * 4], t[r * 4 + 1], t[r * 4 + 2], t[r * 4 + 3]));
  }
  if (lines.length > 0) io.out(`${lines.join('\n')}\n`);
}

interface ReadOptions {
  filter?: string;
  numbersOnly: boolean;
}

/** Wait for the next progress event of any kind, or 200 ms. */
function waiter(engine: Engine): { wait(): Promise<void>; dispose(): void } {
  let wake: () => void = () => undefined;
  const subs = [engine.onIndexProgress(() => wake()), engine.onFilterProgress(() => wake())];
  return {
    wait: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
    dispose: () => subs.forEach((s) => s.dispose()),
  };
}

/** Prints the rows of a view as they appear (while indexing and filtering go on); resolves when it is complete. */
async function printView(engine: Engine, sessionId: string, view: string, opts: ReadOptions, io: CliIO): Promise<void> {
  const events = waiter(engine);
  try {
    let printed = 0;
    for (;;) {
      // Read the state before the rows: rows that exist then are final, so `done` means all were printed.
      const status = view === ALL_VIEW ? await engine.indexStatus({ sessionId }) : await engine.filterStatus({ sessionId, view });
      const available = 'matched' in status ? status.matched : status.packets;
      if (printed < available) {
        const count = Math.min(PAGE, available - printed);
        if (opts.numbersOnly) {
          const numbers = engine.viewNumbers(sessionId, view, printed, count);
          io.out(numbers.join('\n') + '\n');
          printed += numbers.length;
        } else {
          const page = await engine.rows({ sessionId, view, from: printed, count });
          // tshark prints each packet's time at its interface's resolution; packet numbers map to interfaces
          // through the detail only, so use the finest resolution of the capture for every line.
          const { interfaces } = await engine.indexStatus({ sessionId });
          const digits = Math.max(0, ...interfaces.map((i: InterfaceInfo) => i.tsDigits));
          printPage(page, () => (digits > 0 ? digits : 6), io);
          printed += page.numbers.length;
        }
        continue;
      }
      if (status.done) return;
      await events.wait();
    }
  } finally {
    events.dispose();
  }
}

async function readAll(engine: Engine, path: string, opts: ReadOptions, io: CliIO): Promise<IndexProgress> {
  const info = await engine.openFile({ path });
  const sessionId = info.sessionId;
  let view = ALL_VIEW;
  if (opts.filter !== undefined) view = (await engine.applyFilter({ sessionId, expression: opts.filter })).view;
  await printView(engine, sessionId, view, opts, io);
  // A scan stopped by an error (the file changed meanwhile) rejects here, with that error.
  if (view !== ALL_VIEW) await engine.whenFiltered(sessionId, view);
  return engine.whenIndexed(sessionId);
}

function parseArgs(args: string[]): { path: string; opts: ReadOptions } {
  const files: string[] = [];
  const opts: ReadOptions = { numbersOnly: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-f') {
      if (i + 1 >= args.length) throw new UsageError('-f needs a filter expression (quote it: -f "tcp port 80")');
      opts.filter = args[++i];
    } else if (a === '--numbers') opts.numbersOnly = true;
    else if (a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError('give exactly one capture file');
  return { path: files[0], opts };
}

export const readCommand: CliCommand = {
  name: 'read',
  summary: 'Print one line per packet, like tshark -r; -f applies a capture filter',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { path, opts } = parseArgs(args);
    const engine = createEngine({ shell: 'cli' });
    try {
      let final: IndexProgress;
      try {
        final = await readAll(engine, path, opts, io);
      } catch (e) {
        if (!(e instanceof FilterError) || opts.filter === undefined) throw e;
        io.err(formatFilterError('read', opts.filter, e));
        return 1;
      }
      if (final.problem) {
        const p = final.problem;
        io.err(`trawl read: ${path}: the capture stops being valid at byte ${p.offset} (record ${p.record}): ${p.reason}\n`);
        return 1;
      }
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};
