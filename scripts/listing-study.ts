/**
 * Listing study: for every row (expr, linktype) of shared/filters/accepted.tsv, compare Trawl's
 * program with libpcap's (`tcpdump -ddd`), optimised and with -O, and count how many `-d` listings
 * are identical (and how many programs are identical to the bit, -ddd: libpcap leaves stray k values
 * in tax/txa that -d does not show), how many differ with the same size (only in scratch words, only
 * in the order of the same instructions, or otherwise) and how many differ in size.
 *   npx tsx scripts/listing-study.ts [--show N] [--filter SUBSTRING] [--unopt-only | --opt-only]
 */
import { formatProgram } from '../core/bpf/disasm';
import type { RawInsn } from '../core/bpf/opcodes';
import { FilterError } from '../core/errors';
import { compileFilter } from '../core/filter/compile';
import { assertTcpdump, libpcapProgram, readAccepted } from '../core/filter/optimise/test/tcpdump';
import { NodeNameResolver } from '../workers/name-resolver';
import { parseLinkTypeArg } from '../cli/link-type-arg';
import { SHARED_DIR } from './shared-captures';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const showN = Number(opt('--show') ?? 5);
const only = opt('--filter');
const modes = argv.includes('--unopt-only') ? [false] : argv.includes('--opt-only') ? [true] : [true, false];

assertTcpdump();
const rows = readAccepted(SHARED_DIR).filter((r) => !only || r.expr.includes(only));
const resolver = new NodeNameResolver();
const same = (a: readonly RawInsn[], b: readonly RawInsn[]): boolean =>
  a.length === b.length && a.every((x, i) => x.code === b[i]!.code && x.jt === b[i]!.jt && x.jf === b[i]!.jf && x.k === b[i]!.k);

/** A scratch-memory instruction (st, stx, ld M[k], ldx M[k]): k is the scratch word. */
const isMem = (i: RawInsn): boolean => i.code === 0x02 || i.code === 0x03 || i.code === 0x60 || i.code === 0x61;
/** tax/txa: k is unused (libpcap leaves whatever the statement held there; -d does not show it). */
const isMisc = (i: RawInsn): boolean => (i.code & 0x07) === 0x07;
const key = (i: RawInsn): string => `${i.code} ${i.k}`;
/**
 * Why two same-size programs differ: only in the scratch words they use (lowering's allocation);
 * in the order of the same instructions (layout); or otherwise.
 */
function diffKind(a: readonly RawInsn[], b: readonly RawInsn[]): 'scratch' | 'order' | 'other' {
  if (a.every((x, i) => x.code === b[i]!.code && x.jt === b[i]!.jt && x.jf === b[i]!.jf && (x.k === b[i]!.k || isMem(x) || isMisc(x)))) return 'scratch';
  const bag = (p: readonly RawInsn[]) => p.map(key).sort().join(',');
  return bag(a) === bag(b) ? 'order' : 'other';
}

for (const optimised of modes) {
  let identical = 0, identicalD = 0, sameSize = 0, otherSize = 0, skipped = 0, failed = 0;
  const kinds = { scratch: 0, order: 0, other: 0 };
  const shown: string[] = [];
  for (const r of rows) {
    const theirs = libpcapProgram(r.linktype, r.expr, !optimised);
    if (!theirs) { skipped++; continue; }
    let ours: RawInsn[];
    try {
      ours = compileFilter(r.expr, { linkType: parseLinkTypeArg(r.linktype), optimize: optimised, resolver });
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      failed++;
      continue;
    }
    if (same(ours, theirs)) identical++;
    if (formatProgram(ours, 'd') === formatProgram(theirs, 'd')) { identicalD++; continue; }
    if (ours.length !== theirs.length) { otherSize++; continue; }
    sameSize++;
    const kind = diffKind(ours, theirs);
    kinds[kind]++;
    if (shown.length < showN) {
      const a = formatProgram(ours, 'd').split('\n');
      const b = formatProgram(theirs, 'd').split('\n');
      const lines = a.map((l, i) => `    ${l.padEnd(44)}${l === b[i] ? '  ' : '| '}${b[i] ?? ''}`);
      shown.push(`  [${kind}] -y ${r.linktype} ${optimised ? '' : '-O '}'${r.expr}'   (trawl | tcpdump)\n${lines.join('\n').trimEnd()}`);
    }
  }
  const label = optimised ? 'optimised' : '-O (unoptimised)';
  console.log(`${label}: rows ${rows.length}; identical -d listing ${identicalD} (-ddd ${identical}); same size, different listing ${sameSize}; ` +
    `(${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}); different size ${otherSize}; tcpdump rejects ${skipped}; trawl rejects ${failed}`);
  if (shown.length > 0) console.log(`${shown.join('\n')}\n`);
}
