/**
 * `trawl read FILE`: one line per packet, as `tshark -r FILE` prints them by default. A client of the
 * engine through the same contract as every shell: open, page through rows() while indexing runs.
 */
import type { IndexProgress, InterfaceInfo, RowsPage } from '../../core/api';
import { createEngine, type Engine } from '../../workers/engine';
import { UsageError, type CliCommand, type CliIO } from '../command';

const USAGE = `Usage: trawl read FILE

Prints one line per packet like tshark's default output: number, seconds since the first packet,
source → destination, protocol, length on the wire and info. pcap, pcapng and gzip-compressed
captures are read. On a truncated or corrupt capture, prints every valid packet, then says on stderr
where the capture stops and why (exit status 1).`;

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

async function readAll(engine: Engine, path: string, io: CliIO): Promise<IndexProgress> {
  let wake: () => void = () => undefined;
  engine.onIndexProgress(() => wake());
  const info = await engine.openFile({ path });
  const sessionId = info.sessionId;
  let interfaces: InterfaceInfo[] = [];
  let printed = 0;
  for (;;) {
    const status = await engine.indexStatus({ sessionId });
    interfaces = status.interfaces;
    if (printed < status.packets) {
      const page = await engine.rows({ sessionId, from: printed, count: Math.min(PAGE, status.packets - printed) });
      // tshark prints each packet's time at its interface's resolution; packet numbers map to interfaces
      // through the detail only, so use the finest resolution of the capture for every line.
      const digits = Math.max(0, ...interfaces.map((i) => i.tsDigits));
      printPage(page, () => (digits > 0 ? digits : 6), io);
      printed += page.numbers.length;
      continue;
    }
    if (status.done) return status;
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 200);
    });
  }
}

export const readCommand: CliCommand = {
  name: 'read',
  summary: 'print one line per packet, like tshark -r',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const files = args.filter((a) => !a.startsWith('-'));
    const unknown = args.find((a) => a.startsWith('-'));
    if (unknown) throw new UsageError(`unknown option ${unknown}`);
    if (files.length !== 1) throw new UsageError('give exactly one capture file');
    const path = files[0];
    const engine = createEngine({ shell: 'cli' });
    try {
      const final = await readAll(engine, path, io);
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
