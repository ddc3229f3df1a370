/**
 * Every benchmark `npm run bench` runs, in order. A later issue adds its benchmark (filters,
 * dissection, flows) as a sibling folder with a function of this shape and one line here.
 */
import type { BenchContext } from './harness/context';
import type { BenchReport } from './harness/types';
import { dissectBench } from './dissect/dissect-bench';
import { exportBench } from './export/export-bench';
import { filterBench } from './filter/filter-bench';
import { flowsBench } from './flows/flows-bench';
import { openBench } from './open/open-bench';

export interface Benchmark {
  id: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchReport>;
}

export const BENCHMARKS: readonly Benchmark[] = [
  { id: 'open', description: 'time to first rows and to a complete index, index bytes/packet, peak RSS; vs tshark and capinfos', run: openBench },
  { id: 'filter', description: 'capture filters applied to the file (read + JIT, all workers) vs tcpdump -r -w /dev/null; raw JIT packets/s', run: filterBench },
  { id: 'dissect', description: 'summary of every packet by 1…N dissect workers vs tshark -r; display filter via applyFilter vs tshark -Y', run: dissectBench },
  { id: 'flows', description: 'flow pass and TCP conversation table vs tshark -q -z conv,tcp', run: flowsBench },
  { id: 'export', description: 'packets of tcp.port == 443 (applyFilter + exportPackets) to pcapng vs tshark -Y -w and tcpdump -w', run: exportBench },
];
