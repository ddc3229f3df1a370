// Every capture of the shared corpus through Trawl's reader, compared with capinfos (Wireshark 4.0):
// packet count and earliest/latest packet time for every file Wireshark reads; for the others, the reader
// may refuse at open only with a CaptureFormatError, and otherwise ends cleanly or with a problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CaptureFormatError } from '../../errors';
import { createCaptureParser } from '../capture-parser';
import { CaptureInfoSink } from '../capture-info';
import { createGunzip, isGzip } from '../gzip';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';

const ROOT = CAPTURES_DIR;
const rows = readFileSync(`${ROOT}/MANIFEST.tsv`, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .map((f) => ({ path: f[0], wiresharkOk: f[12] === 'ok' }));

/**
 * Files where capinfos' earliest/latest are not a min/max of the packets' times: it compares
 * un-normalised (seconds, nanoseconds) pairs with out-of-range nanoseconds (fuzzed files), so for these
 * only the packet count is compared.
 */
const CAPINFOS_ORDER_QUIRKS = new Set(['tcpdump-tests/bgp_vpn_rt-oobr.pcap', 'tcpdump-tests/pim_header_asan-2.pcap', 'tcpdump-tests/timestamp_invalid_nano.pcap']);

function loadBytes(path: string): Uint8Array {
  const raw = readFileSync(`${ROOT}/${path}`);
  if (!isGzip(raw)) return raw;
  const parts: Uint8Array[] = [];
  const g = createGunzip((d) => parts.push(d));
  g.push(raw);
  g.finish();
  return Buffer.concat(parts);
}

interface Result {
  packets: number;
  first?: bigint;
  last?: bigint;
  problem?: string;
  error?: unknown;
}

function parse(bytes: Uint8Array, chunkSizes?: () => number): Result {
  const sink = new CaptureInfoSink();
  const parser = createCaptureParser(sink);
  try {
    let i = 0;
    while (i < bytes.length) {
      const n = chunkSizes ? chunkSizes() : bytes.length;
      if (!parser.push(bytes.subarray(i, i + n))) break;
      i += n;
    }
    parser.finish();
  } catch (error) {
    return { packets: parser.packets, error };
  }
  if (!parser.header) return { packets: parser.packets, problem: parser.problem?.code };
  const s = sink.summary(parser, parser.header);
  const ns = (t: { sec: number; nsec: number } | undefined) => (t ? BigInt(t.sec) * 1000000000n + BigInt(t.nsec) : undefined);
  return { packets: s.packets, first: ns(s.firstTime), last: ns(s.lastTime), problem: s.problem?.code };
}

/** capinfos prints `secs.frac` with the fraction as a C int (it may be negative or too wide on fuzzed files). */
function capinfosTime(s: string): { ns: bigint; unit: bigint } | undefined {
  if (s === 'n/a') return undefined;
  const [sec, frac = ''] = s.split('.');
  const digits = frac.replace('-', '').length <= 7 ? 6 : 9;
  const unit = 10n ** BigInt(9 - digits);
  return { ns: BigInt(sec) * 1000000000n + BigInt(frac || '0') * unit, unit };
}

function capinfosAll(): Map<string, string[]> {
  // One run over every file: tab-separated name, packets, earliest, latest (epoch seconds).
  let out: string;
  try {
    out = execFileSync('capinfos', ['-T', '-M', '-r', '-c', '-a', '-e', '-S', ...rows.map((r) => r.path)], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 << 20,
    });
  } catch (e) {
    // capinfos exits non-zero when some files are unreadable; its output for the others is complete.
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  return new Map(out.split('\n').filter(Boolean).map((l) => { const f = l.split('\t'); return [f[0], f]; }));
}

test('every corpus file: packet count and earliest/latest time equal capinfos; unreadable ones fail cleanly', () => {
  const capinfos = capinfosAll();
  assert.ok(capinfos.size > 1000, 'capinfos read the corpus');
  let compared = 0;
  for (const row of rows) {
    const r = parse(loadBytes(row.path));
    if (r.error !== undefined) {
      assert.ok(r.error instanceof CaptureFormatError, `${row.path}: threw ${String(r.error)}`);
      assert.ok(!row.wiresharkOk, `${row.path}: Wireshark reads it but Trawl refused: ${(r.error as Error).message}`);
      continue;
    }
    if (!row.wiresharkOk) continue;
    const c = capinfos.get(row.path);
    assert.ok(c, `${row.path}: missing from capinfos output`);
    assert.equal(r.packets, Number(c[1]), `${row.path}: packets`);
    compared++;
    if (CAPINFOS_ORDER_QUIRKS.has(row.path)) continue;
    for (const [ours, theirs, what] of [[r.first, c[2], 'earliest'], [r.last, c[3], 'latest']] as const) {
      const t = capinfosTime(theirs);
      if (t === undefined || ours === undefined) {
        assert.equal(ours, t, `${row.path}: ${what} time known by one side only`);
        continue;
      }
      const d = ours - t.ns;
      assert.ok((d < 0n ? -d : d) < t.unit, `${row.path}: ${what} ${ours} vs capinfos ${theirs}`);
    }
  }
  assert.ok(compared > 1100, `compared ${compared} files`);
});

test('every corpus file parses identically in random chunk sizes', () => {
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  for (const row of rows) {
    const bytes = loadBytes(row.path);
    const whole = parse(bytes);
    const chunked = parse(bytes, () => 1 + (rand() % (rand() % 2 ? 17 : 4096)));
    if (whole.error !== undefined) {
      assert.ok(chunked.error instanceof CaptureFormatError, row.path);
      assert.equal((chunked.error as CaptureFormatError).code, (whole.error as CaptureFormatError).code, row.path);
      continue;
    }
    assert.deepEqual(chunked, whole, row.path);
  }
});
