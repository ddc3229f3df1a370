/**
 * `npm run conformance` (after the filter run): every field of every set in core/dissect/test/fields/
 * against `tshark -T fields` on every capture of ../shared/captures that Wireshark 4.0 reads. Prints
 * agreement per field and per capture and the overall share; exits 1 when it is under 99 % or fewer than
 * 60 fields are covered.
 *
 *   tsx core/dissect/test/fields-conformance-main.ts [--fields a,b] [--captures GLOB[,GLOB]] [--json] [--all-captures]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';
import { createEngine } from '../../../workers/engine';
import { fieldsOfSets, formatFieldReport, globMatcher, loadFieldSets, percent, readableCaptures, runFieldConformance } from './fields-conformance';

const MIN_PERCENT = 99;
const MIN_FIELDS = 60;

const { values } = parseArgs({
  options: {
    fields: { type: 'string' },
    captures: { type: 'string' },
    json: { type: 'boolean', default: false },
    'all-captures': { type: 'boolean', default: false },
  },
});

const sets = await loadFieldSets();
const fields = values.fields ? values.fields.split(',').filter(Boolean) : fieldsOfSets(sets);
const match = values.captures ? globMatcher(values.captures) : () => true;
const captures = readableCaptures(CAPTURES_DIR).filter(match);
const log = (s: string) => (values.json ? process.stderr : process.stdout).write(s + '\n');

log(`\nField conformance against tshark -T fields (${sets.length} sets: ${sets.map((s) => `${s.set.group} (${s.file})`).join(', ') || 'none'})`);
log(`${fields.length} fields on ${captures.length} captures\n`);
// A private config folder: the run must not fill the user's recent-files list with the corpus.
const dir = await mkdtemp(join(tmpdir(), 'trawl-fields-conformance-'));
const engine = createEngine({ shell: 'cli', workers: 1, configDir: join(dir, 'config'), tempDir: dir });
let report;
try {
  report = await runFieldConformance({
    engine,
    capturesDir: CAPTURES_DIR,
    captures,
    fields,
    parallel: 2,
    onCapture: (_c, done, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} captures`);
    },
  });
} finally {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
}
if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
const share = report.cells === 0 ? 0 : (100 * report.agree) / report.cells;
const ok = share >= MIN_PERCENT && report.covered >= MIN_FIELDS;
if (values.json) {
  process.stdout.write(JSON.stringify({ ...report, percent: share, minPercent: MIN_PERCENT, minFields: MIN_FIELDS, ok }, null, 1) + '\n');
} else {
  log(formatFieldReport(report, values['all-captures']));
}
log(
  `Fields: ${percent(report.agree, report.cells)}% of cells agree (need ${MIN_PERCENT}%), ${report.covered} fields covered (need ${MIN_FIELDS}): ` +
    (ok ? 'pass' : 'FAIL'),
);
process.exitCode = ok ? 0 : 1;
