/**
 * The deterministic sample of the filter conformance suite that `npm test` runs (the whole of it is
 * `npm run conformance`): every accepted expression on every link type libpcap accepts it on, over a
 * fixed sample of the captures of that link type, must keep exactly the packets libpcap keeps, on the
 * VM and the JIT (where there is no capture, both must compile it); every
 * expression libpcap rejects on Ethernet is rejected with a span inside the text; the optimiser's
 * programs are reported against libpcap's sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeNameResolver } from '../../../workers/name-resolver';
import { capturesByLinkType, expandAcceptedOn, loadAccepted, loadRejected } from './corpus';
import { runLinkType, type ExprResult } from './conformance';
import { checkRejected, sizeReport } from './reports';

/** At most this many captures per link type, spread evenly over the manifest (keeps `npm test` quick). */
const FILES_PER_LINK_TYPE = 40;

function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]);
}

const resolver = new NodeNameResolver();
// Every expression on every link type libpcap accepts it on (as `npm run conformance`), fewer captures.
const accepted = expandAcceptedOn(loadAccepted());
const captures = capturesByLinkType();
const results: ExprResult[] = [];

for (const linkType of [...new Set(accepted.map((r) => r.linkType))]) {
  const rows = accepted.filter((r) => r.linkType === linkType);
  test(`accepted corpus on ${rows[0].linkTypeName}: same packets as libpcap (VM and JIT), or both compile where no capture exists`, async () => {
    const files = spread(captures.get(linkType) ?? [], FILES_PER_LINK_TYPE);
    const run = await runLinkType(linkType, rows, files, resolver);
    results.push(...run.results);
    const bad = run.results.filter((r) => r.status === 'disagree' || r.status === 'trawl-rejects');
    assert.deepEqual(
      bad.map((r) => `${r.status}: ${r.row.expr} — ${r.detail}`),
      [],
      `${bad.length} of ${rows.length} expressions differ from libpcap on ${run.files.length} captures`,
    );
  });
}

test('optimiser: program sizes against libpcap (report)', (t) => {
  const report = sizeReport(results);
  for (const line of report.text.split("\n")) t.diagnostic(line);
  assert.ok(report.smaller + report.equal + report.larger.length > 0, 'no program was sized');
});

/**
 * libpcap 1.10.3's optimiser folds `x & 0xffffffff == 0` on a byte or half-word load into "rejects all
 * packets", though a packet whose first bytes are 0 matches (its own unoptimised program, `tcpdump -O`,
 * keeps such packets). Trawl keeps the correct meaning and accepts these three.
 */
const LIBPCAP_OPTIMISER_BUG = new Set(['link[0:1] & 0xFFFFFFFF == 0', 'link[0:2] & 0xFFFFFFFF == 0', 'link[0:4] & 0xFFFFFFFF == 0']);

test('rejected corpus: every expression libpcap rejects on Ethernet is rejected, with a span in the text, never a crash', () => {
  const { outcomes, text } = checkRejected(loadRejected(), resolver);
  const wrong = outcomes.filter((o) => o.error === null && !LIBPCAP_OPTIMISER_BUG.has(o.row.expr));
  assert.deepEqual(wrong.map((o) => `${o.crash ? 'CRASH' : 'accepted'}: ${o.row.expr}`), [], text);
  for (const o of outcomes) {
    if (!o.error) continue;
    const [s, e] = o.error.span;
    assert.ok(s >= 0 && s <= e && e <= o.row.expr.length, `span [${s},${e}) outside "${o.row.expr}"`);
  }
});
