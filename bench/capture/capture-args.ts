/** Command line of `npm run bench:capture` (after `--`): see CAPTURE_USAGE. */
import { parseArgs } from 'node:util';
import { BadRequestError } from '../../core/errors';
import { CAPTURE_TOOLS, type CaptureTool, type RateStep } from './capture-report';

export const CAPTURE_USAGE = `Usage: npm run bench:capture -- [--quick] [--packets N] [--rates LIST] [--tools LIST]
Live capture under load, as root: tcpreplay offers the benchmark capture onto a veth pair between two
network namespaces at rising rates; for each rate, trawl capture, dumpcap and tcpdump capture it in turn.
Reports packets in each file, drops, loss and CPU per packet, each tool's maximum lossless rate and the
verdict against the goal (no loss wherever dumpcap has none; a higher maximum lossless rate than dumpcap).
  --quick        a smoke run: 20,000 packets at 50,000 and 200,000 pps and top speed
  --packets N    packets replayed per run (default 200,000)
  --rates LIST   offered rates in packets/s, rising, comma-separated; "top" (last) for tcpreplay --topspeed
                 (default 25000,50000,100000,200000,400000,800000,top)
  --tools LIST   tools to run, comma-separated (default trawl,dumpcap,tcpdump)`;

export interface CaptureBenchArgs {
  packets: number;
  steps: RateStep[];
  tools: CaptureTool[];
  help: boolean;
}

const DEFAULT_RATES = '25000,50000,100000,200000,400000,800000,top';
const QUICK = { packets: 20_000, rates: '50000,200000,top' };

export function parseRates(text: string): RateStep[] {
  const steps: RateStep[] = [];
  const words = text.split(',').map((w) => w.trim().replace(/_/g, ''));
  words.forEach((w, i) => {
    if (w === 'top') {
      if (i !== words.length - 1) throw new BadRequestError('--rates: "top" (tcpreplay --topspeed) must come last');
      steps.push({ pps: 'top' });
      return;
    }
    const n = /^\d+$/.test(w) ? Number(w) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new BadRequestError(`--rates: "${w}" is not a rate in packets per second (or "top")`);
    const prev = steps.at(-1);
    if (prev !== undefined && prev.pps !== 'top' && n <= prev.pps) throw new BadRequestError(`--rates must rise: ${n} comes after ${prev.pps}`);
    steps.push({ pps: n });
  });
  return steps;
}

export function parseCaptureBenchArgs(argv: readonly string[]): CaptureBenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      packets: { type: 'string' },
      rates: { type: 'string' },
      tools: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick ?? false;
  const packetsText = values.packets?.replace(/_/g, '');
  const packets = packetsText === undefined ? (quick ? QUICK.packets : 200_000) : /^\d+$/.test(packetsText) ? Number(packetsText) : NaN;
  if (!Number.isSafeInteger(packets) || packets < 100) throw new BadRequestError(`--packets needs a whole number of at least 100, not "${values.packets}"`);
  const tools = (values.tools ?? CAPTURE_TOOLS.join(',')).split(',').map((t) => t.trim());
  for (const t of tools) {
    if (!(CAPTURE_TOOLS as readonly string[]).includes(t)) throw new BadRequestError(`--tools: unknown tool "${t}"; there are ${CAPTURE_TOOLS.join(', ')}`);
  }
  return {
    packets,
    steps: parseRates(values.rates ?? (quick ? QUICK.rates : DEFAULT_RATES)),
    tools: CAPTURE_TOOLS.filter((t) => tools.includes(t)),
    help: values.help ?? false,
  };
}
