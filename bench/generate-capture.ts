/**
 * Writes a synthetic, realistic capture for the benchmarks: Ethernet frames of interleaved HTTP/1.1,
 * TLS, DNS, ICMP echo and ARP flows over IPv4 and IPv6 (some 802.1Q-tagged, some TCP segments
 * retransmitted), as pcapng with nanosecond timestamps. The same seed always gives the same bytes.
 * The file is written beside `path` and renamed into place when complete.
 */
import { open, rename, rm } from 'node:fs/promises';
import { encodeEpb, encodeIdb, encodeShb, LinkType } from '../core/pcap/index';
import { BlockSink } from './capture-gen/block-sink';
import { startFlow, type Flow, type FlowContext } from './capture-gen/flows';
import { buildNetwork } from './capture-gen/hosts';
import { makePools } from './capture-gen/pools';
import { Rng } from './capture-gen/prng';

/** Bump whenever the bytes for a given seed change, so cached benchmark captures are regenerated. */
export const GENERATOR_VERSION = 1;

export interface GenerateOptions {
  /** Number of packets (default 1,000,000). */
  packets?: number;
  seed: number;
}

export interface GeneratedCapture {
  path: string;
  packets: number;
  bytes: number;
}

/** Flows in progress at once; each packet comes from one of them, picked at random. */
const CONCURRENT_FLOWS = 24;
const START_SEC = 1_717_000_000;
const TS_RESOL_NS = 9;
/** Gap between consecutive packets, in nanoseconds. */
const MIN_GAP_NS = 1_000;
const MAX_GAP_NS = 150_000;

export async function generateCapture(path: string, { packets = 1_000_000, seed }: GenerateOptions): Promise<GeneratedCapture> {
  if (!Number.isInteger(packets) || packets < 0) throw new RangeError(`packets must be a non-negative integer, not ${packets}`);
  const tmp = `${path}.partial-${process.pid}`;
  const fh = await open(tmp, 'w');
  let closed = false;
  try {
    const sink = new BlockSink(fh);
    await sink.write(encodeShb({ userAppl: `trawl bench generator v${GENERATOR_VERSION}`, comments: [`seed=${seed} packets=${packets}`] }));
    await sink.write(encodeIdb({ linkType: LinkType.EN10MB, snapLen: 262144, name: 'bench0', tsResol: TS_RESOL_NS }));
    for (const frame of frames(seed, packets)) {
      await sink.write(encodeEpb({ interfaceId: 0, timestamp: frame.timestamp, tsResol: TS_RESOL_NS, data: frame.data }));
    }
    await sink.flush();
    closed = true;
    await fh.close();
    await rename(tmp, path);
    return { path, packets, bytes: sink.written };
  } finally {
    if (!closed) await fh.close();
    await rm(tmp, { force: true }); // gone already when the rename succeeded
  }
}

export interface TimedFrame {
  timestamp: { sec: number; nsec: number };
  data: Uint8Array;
}

/** The capture's frames in order, with strictly increasing timestamps. */
export function* frames(seed: number, packets: number): Generator<TimedFrame, void, void> {
  const rng = new Rng(seed);
  const ctx: FlowContext = { rng, net: buildNetwork(rng), ...makePools(rng) };
  const active: Flow[] = Array.from({ length: CONCURRENT_FLOWS }, () => startFlow(ctx));
  let sec = START_SEC;
  let nsec = 0;
  for (let n = 0; n < packets; ) {
    const slot = rng.int(0, CONCURRENT_FLOWS - 1);
    const next = active[slot].next();
    if (next.done) {
      active[slot] = startFlow(ctx);
      continue;
    }
    nsec += rng.int(MIN_GAP_NS, MAX_GAP_NS);
    if (nsec >= 1e9) {
      sec += 1;
      nsec -= 1e9;
    }
    yield { timestamp: { sec, nsec }, data: next.value };
    n++;
  }
}
