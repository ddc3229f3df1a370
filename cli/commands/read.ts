/**
 * `trawl read FILE [-f EXPR | -Y EXPR] [-T fields -e FIELD …]`: one line per packet, as `tshark -r FILE`
 * prints them by default or with `-T fields`, optionally only those a filter accepts. A client of the
 * engine through the same contract as every shell: open, apply the filter (a view the filter workers
 * fill), page through rows() or packetFields() while indexing and filtering run.
 */
import { ALL_VIEW, type IndexProgress, type InterfaceInfo, type PacketFieldsPage, type RowsPage } from '../../core/api';
import { FilterError } from '../../core/errors';
import { createEngine, type Engine } from '../../workers/engine';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { formatFilterError } from '../filter-error-text';

const USAGE = `Usage: trawl read FILE [-f EXPRESSION | -Y EXPRESSION] [--numbers]
       trawl read FILE -T fields -e FIELD [-e FIELD …] [-E OPTION=VALUE …] [-f EXPRESSION | -Y EXPRESSION]

Prints one line per packet like tshark's default output: number, seconds since the first packet,
source → destination, protocol, length on the wire and info. pcap, pcapng and gzip-compressed
captures are read. On a truncated or corrupt capture, prints every valid packet, then says on stderr
where the capture stops and why (exit status 1).
  -f EXPRESSION  only the packets a capture filter (pcap-filter(7), as tcpdump takes it) accepts; each
                 packet is tested with the program for its interface's link type. Quote the
                 expression. One that does not compile is shown with where it goes wrong (exit 1).
  -Y EXPRESSION  only the packets a filter accepts: a display filter with Wireshark's field names
                 (tcp.port == 443 && dns.qry.name contains "a") or a capture filter as -f takes it
  --numbers      print only the packets' numbers (1-based, in the file's order), one per line
  -T fields      print the -e fields of each packet as tshark -T fields does: one line per packet,
                 cells separated by a tab, a field's occurrences joined by commas, empty when absent
  -e FIELD       a field's display-filter name (ip.src, udp.dstport, frame.time_epoch); repeat for more
  -E header=y|n          first line: the field names
  -E separator=/t|/s|C   between cells: tab (default), space or the character C
  -E occurrence=a|f|l    a field that occurs several times: all (default), first or last
  -E aggregator=,|/s|C   between occurrences: comma (default), space or the character C
  -E quote=n             no quotes around values (the only quoting Trawl has)`;

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

/** How -T fields prints: tshark's -E options. */
export interface FieldsFormat {
  fields: string[];
  header: boolean;
  separator: string;
  occurrence: 'a' | 'f' | 'l';
  aggregator: string;
}

/** Lines of a packetFields() page, as tshark -T fields prints them (each ends with a newline). */
export function formatFieldLines(page: PacketFieldsPage, width: number, separator: string): string {
  let out = '';
  for (let i = 0; i < page.cells.length; i += width) out += page.cells.slice(i, i + width).join(separator) + '\n';
  return out;
}

interface ReadOptions {
  filter?: string;
  numbersOnly: boolean;
  fields?: FieldsFormat;
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
        if (opts.fields) {
          const f = opts.fields;
          const page = await engine.packetFields({ sessionId, view, from: printed, count, fields: f.fields, occurrence: f.occurrence, aggregator: f.aggregator });
          io.out(formatFieldLines(page, f.fields.length, f.separator));
          printed += page.numbers.length;
        } else if (opts.numbersOnly) {
          const numbers = engine.numbersOfView(sessionId, view, printed, count);
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
  if (opts.fields) {
    // Check the names before anything is printed (rejects with the unknown ones, even on an empty capture).
    await engine.packetFields({ sessionId, view, from: 0, count: 0, fields: opts.fields.fields });
    if (opts.fields.header) io.out(opts.fields.fields.join(opts.fields.separator) + '\n');
  }
  if (!opts.numbersOnly) {
    // Summaries and fields such as tcp.stream, relative tcp.seq, tcp.analysis.* and ip.reassembled_in come
    // from the flow pass over the whole capture: print once it is over, as tshark prints them, not while
    // indexing (the same line would otherwise depend on how far the pass had got).
    await engine.whenIndexed(sessionId);
    await engine.whenFlowsReady(sessionId);
  }
  if (opts.filter !== undefined) view = (await engine.applyFilter({ sessionId, expression: opts.filter })).view;
  await printView(engine, sessionId, view, opts, io);
  // A scan stopped by an error (the file changed meanwhile) rejects here, with that error.
  if (view !== ALL_VIEW) await engine.whenFiltered(sessionId, view);
  return engine.whenIndexed(sessionId);
}

/** tshark's -E separator / aggregator value: /t tab (separator only), /s space, else its first character. */
function separatorValue(v: string, tab: boolean): string {
  if (tab && v === '/t') return '\t';
  if (v === '/s') return ' ';
  return v[0];
}

/** Applies one `-E NAME=VALUE` to the fields format. */
function fieldOption(spec: string, f: FieldsFormat): void {
  const eq = spec.indexOf('=');
  const name = eq < 0 ? spec : spec.slice(0, eq);
  const value = eq < 0 ? '' : spec.slice(eq + 1);
  const bad = (allowed: string) => new UsageError(`-E ${spec}: ${name} must be ${allowed}`);
  switch (name) {
    case 'header':
      if (value !== 'y' && value !== 'n') throw bad('y or n');
      f.header = value === 'y';
      return;
    case 'separator':
      if (value === '') throw bad('/t, /s or a character');
      f.separator = separatorValue(value, true);
      return;
    case 'aggregator':
      if (value === '') throw bad(', or /s or a character');
      f.aggregator = separatorValue(value, false);
      return;
    case 'occurrence':
      if (value !== 'a' && value !== 'f' && value !== 'l') throw bad('a (all), f (first) or l (last)');
      f.occurrence = value;
      return;
    case 'quote':
      if (value !== 'n') throw bad('n: Trawl prints values without quotes');
      return;
    default:
      throw new UsageError(`-E ${spec}: unknown field output option; use header, separator, occurrence, aggregator or quote`);
  }
}

function parseArgs(args: string[]): { path: string; opts: ReadOptions } {
  const files: string[] = [];
  const opts: ReadOptions = { numbersOnly: false };
  const format: FieldsFormat = { fields: [], header: false, separator: '\t', occurrence: 'a', aggregator: ',' };
  let output: string | undefined;
  let fieldOptions = false;
  const value = (i: number, what: string): string => {
    if (i + 1 >= args.length) throw new UsageError(`${args[i]} needs ${what}`);
    return args[i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-f' || a === '-Y') {
      const expr = value(i, a === '-f' ? 'a filter expression (quote it: -f "tcp port 80")' : 'a filter expression (quote it: -Y "udp port 53")');
      if (opts.filter !== undefined) throw new UsageError('give one filter: -f or -Y, once');
      opts.filter = expr;
      i++;
    } else if (a === '-T') {
      output = value(i, 'an output format: fields');
      if (output !== 'fields' && output !== 'text') throw new UsageError(`-T ${output}: Trawl prints text (the default) or fields`);
      i++;
    } else if (a === '-e') {
      format.fields.push(value(i, 'a field name (e.g. -e ip.src)'));
      i++;
    } else if (a === '-E') {
      fieldOption(value(i, 'an option such as header=y'), format);
      fieldOptions = true;
      i++;
    } else if (a === '--numbers') opts.numbersOnly = true;
    else if (a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError('give exactly one capture file');
  if (output === 'fields') {
    if (format.fields.length === 0) throw new UsageError('-T fields needs the fields to print: -e FIELD for each');
    if (opts.numbersOnly) throw new UsageError('--numbers and -T fields do not go together (-e frame.number prints the numbers)');
    opts.fields = format;
  } else if (format.fields.length > 0 || fieldOptions) {
    throw new UsageError('-e and -E need -T fields');
  }
  return { path: files[0], opts };
}

export const readCommand: CliCommand = {
  name: 'read',
  summary: 'Print one line per packet, like tshark -r (or its fields, -T fields -e …); -f / -Y filter',
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
