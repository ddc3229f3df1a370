/**
 * `npm run conformance`: the whole filter conformance run against libpcap, printed as agreement
 * tables — accepted expressions × captures per link type (VM and JIT), the optimiser's program sizes
 * against libpcap's, and the rejected expressions.
 *
 *   npm run conformance [-- --link EN10MB] [--max-files N] [--show N] [--primary-only]
 *
 * By default every expression runs on every link type libpcap accepts it on (accepted.tsv's
 * accepted_on column); --primary-only keeps each on its primary link type.
 */
import { parseArgs } from 'node:util';
import { NodeNameResolver } from '../../../workers/name-resolver';
import { capturesByLinkType, expandAcceptedOn, loadAccepted, loadRejected } from './corpus';
import { runLinkType, type ExprResult } from './conformance';
import { checkRejected, sizeReport } from './reports';

const { values } = parseArgs({
  options: {
    link: { type: 'string' },
    'max-files': { type: 'string' },
    show: { type: 'string', default: '20' },
    'primary-only': { type: 'boolean', default: false },
  },
});

const resolver = new NodeNameResolver();
const corpus = values['primary-only'] ? loadAccepted() : expandAcceptedOn(loadAccepted());
const accepted = corpus.filter((r) => !values.link || r.linkTypeName === values.link);
const captures = capturesByLinkType();
const linkTypes = [...new Set(accepted.map((r) => r.linkType))];
const all: ExprResult[] = [];
const pad = (s: string | number, n: number): string => String(s).padStart(n);

console.log('Filter conformance against libpcap (pcap_compile + pcap_offline_filter), VM and JIT\n');
console.log(
  `${'link type'.padEnd(24)}${pad('exprs', 7)}${pad('files', 7)}${pad('packets', 9)}${pad('agree', 7)}${pad('differ', 8)}` +
    `${pad('both compile', 14)}${pad('we reject', 11)}${pad('libpcap rejects', 17)}`,
);
for (const lt of linkTypes) {
  const rows = accepted.filter((r) => r.linkType === lt);
  let files = captures.get(lt) ?? [];
  if (values['max-files']) files = files.slice(0, Number(values['max-files']));
  const run = await runLinkType(lt, rows, files, resolver);
  all.push(...run.results);
  const count = (s: ExprResult['status']): number => run.results.filter((r) => r.status === s).length;
  console.log(
    `${rows[0].linkTypeName.padEnd(24)}${pad(rows.length, 7)}${pad(run.files.length, 7)}${pad(run.results[0]?.packets ?? 0, 9)}` +
      `${pad(count('agree'), 7)}${pad(count('disagree'), 8)}${pad(count('compiles'), 14)}${pad(count('trawl-rejects'), 11)}${pad(count('libpcap-rejects'), 17)}` +
      (run.skippedFiles.length ? `   (${run.skippedFiles.length} files skipped: packet counts differ from libpcap's)` : ''),
  );
}
const compared = all.filter((r) => r.status === 'agree' || r.status === 'disagree' || (r.status === 'trawl-rejects' && r.packets > 0));
const agree = all.filter((r) => r.status === 'agree').length;
const compiledOnly = all.filter((r) => r.status === 'compiles' || (r.status === 'trawl-rejects' && r.packets === 0));
const bothCompile = compiledOnly.filter((r) => r.status === 'compiles').length;
console.log(
  `\nSame packets as libpcap: ${agree} of ${compared.length} (expression, link type) pairs with captures ` +
    `(${((100 * agree) / Math.max(1, compared.length)).toFixed(1)}%, VM and JIT)`,
);
console.log(`Link types without captures: Trawl compiles ${bothCompile} of the ${compiledOnly.length} pairs libpcap compiles`);

const show = Number(values.show);
for (const status of ['disagree', 'trawl-rejects'] as const) {
  const bad = all.filter((r) => r.status === status);
  if (bad.length === 0) continue;
  console.log(`\n${status} (${bad.length}; first ${Math.min(show, bad.length)}):`);
  for (const r of bad.slice(0, show)) console.log(`  [${r.row.linkTypeName}] ${r.row.expr}\n      ${r.detail}`);
}

console.log('\n' + sizeReport(all).text);
if (!values.link) console.log('\n' + checkRejected(loadRejected(), resolver).text);
