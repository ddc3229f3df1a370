/** Command line of `npm run bench` (after `--`): see USAGE. */
import { parseArgs } from 'node:util';
import { BadRequestError } from '../../core/errors';

export const USAGE = `Usage: npm run bench -- [--packets N] [--seed S] [--only ID[,ID]] [--keep] [--json]
  --packets N   packets in the generated capture (default 1,000,000)
  --seed S      generator seed (default 1)
  --only IDS    run only these benchmarks (comma-separated ids)
  --keep        keep older generated captures in bench/out/ (default: remove all but the one in use)
  --json        print the results as JSON instead of tables (bench/out/results.json is written either way)
Internal: --trawl-only FILE    measure Trawl opening FILE in this process and print the result as JSON
          --trawl-filter FILE  measure Trawl filtering FILE in this process and print the result as JSON`;

export interface BenchArgs {
  packets: number;
  seed: number;
  only?: string[];
  keep: boolean;
  json: boolean;
  trawlOnly?: string;
  trawlFilter?: string;
  help: boolean;
}

function integer(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new BadRequestError(`--${name} needs an integer ≥ ${min}, not "${text}"`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      packets: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'trawl-only': { type: 'string' },
      'trawl-filter': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    packets: integer('packets', values.packets, 1_000_000, 50),
    seed: integer('seed', values.seed, 1, 0),
    only: values.only?.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
    keep: values.keep ?? false,
    json: values.json ?? false,
    trawlOnly: values['trawl-only'],
    trawlFilter: values['trawl-filter'],
    help: values.help ?? false,
  };
}
