/**
 * Display filters against tshark 4.0: for every corpus filter on every corpus capture, the frames Trawl
 * matches (collectFields with the filter's own `interest`, then `matches`) equal tshark's; where a filter
 * lowers to BPF, the frames the compiled BPF accepts equal them too; filters tshark rejects, Trawl
 * rejects with a span. tshark runs once per capture (tap listeners), two at a time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { createVm } from '../../bpf/index';
import { collectFields } from '../../dissect/index';
import { frameMetas, readCapture } from '../../dissect/test/read-capture';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';
import { FilterError } from '../../errors';
import { compileFilter } from '../../filter/compile';
import { compileDisplayFilter, type CompiledDisplayFilter } from '../compile';
import { CAPTURES, FILTERS, REJECTS } from './filters';
import { inBatches, tsharkTaps, tsharkY, type TapResult } from './tshark-taps';

const ROOT = CAPTURES_DIR;

const show = (xs: readonly number[]) => (xs.length > 20 ? `${xs.slice(0, 20).join(' ')} … (${xs.length})` : xs.join(' '));

test('corpus: Trawl matches the frames tshark -Y matches, and lowered BPF the same', async () => {
  assert.ok(FILTERS.length >= 150, `corpus has ${FILTERS.length} filters`);
  assert.ok(CAPTURES.length >= 20);
  const compiled: CompiledDisplayFilter[] = FILTERS.map((f) => compileDisplayFilter(f.text));
  const theirs = await inBatches(
    CAPTURES.map((c) => () => tsharkTaps(join(ROOT, c), FILTERS.map((f) => f.tshark ?? f.text))),
    2,
  );
  const problems: string[] = [];
  let pairs = 0;
  let nonEmpty = 0;
  let lowered = 0;
  CAPTURES.forEach((capture, ci) => {
    const { packets } = readCapture(join(ROOT, capture));
    const meta = frameMetas(packets);
    compiled.forEach((filter, fi) => {
      const t: TapResult = theirs[ci][fi];
      if (!t.ok) {
        problems.push(`${capture}: tshark rejects corpus filter ${JSON.stringify(FILTERS[fi].text)}: ${t.message}`);
        return;
      }
      const ours: number[] = [];
      packets.forEach((p, i) => {
        if (filter.matches(collectFields(p.bytes, meta[i], filter.interest), p.bytes)) ours.push(p.number);
      });
      pairs++;
      if (t.frames.length > 0) nonEmpty++;
      if (show(ours) !== show(t.frames)) problems.push(`${capture}: ${JSON.stringify(filter.text)}: tshark ${show(t.frames)} | trawl ${show(ours)}`);
      const linkType = packets[0]?.iface.linkType ?? 1;
      const bpf = filter.bpfExpressionFor(linkType);
      if (bpf !== undefined && packets.length > 0) {
        lowered++;
        const vm = createVm(compileFilter(bpf, { linkType }));
        const viaBpf = packets.filter((p) => vm(p.bytes, p.origlen) !== 0).map((p) => p.number);
        if (show(viaBpf) !== show(t.frames)) problems.push(`${capture}: BPF ${JSON.stringify(bpf)} of ${JSON.stringify(filter.text)}: tshark ${show(t.frames)} | bpf ${show(viaBpf)}`);
      }
    });
  });
  console.log(`# ${FILTERS.length} filters × ${CAPTURES.length} captures: ${pairs} pairs (${nonEmpty} with matches), ${lowered} run as BPF too, ${problems.length} disagreements`);
  assert.deepEqual(problems, []);
});

test('rejects: every filter tshark rejects, Trawl rejects with a span inside the text', async () => {
  const [taps] = await Promise.all([tsharkTaps(join(ROOT, CAPTURES[0]), REJECTS)]);
  REJECTS.forEach((text, i) => {
    assert.equal(taps[i].ok, false, `tshark accepts ${JSON.stringify(text)}; move it out of REJECTS`);
    assert.throws(
      () => compileDisplayFilter(text),
      (e: unknown) => e instanceof FilterError && e.span[0] >= 0 && e.span[1] <= text.length && e.span[0] <= e.span[1],
      `Trawl should reject ${JSON.stringify(text)} with a span`,
    );
  });
});

test('the tap listeners tshark runs agree with tshark -Y (spot check)', async () => {
  const capture = join(ROOT, 'zeek-traces/conn-size.pcap');
  const sample = ['tcp.port == 80 && tcp.len > 0', 'not tcp', 'frame contains "cisco"', 'ip.addr != 224.0.0.2', 'tcp.port in {80, 1000..2000}', 'foo.bar'];
  const taps = await tsharkTaps(capture, sample);
  const ys = await inBatches(sample.map((s) => () => tsharkY(capture, s)), 2);
  sample.forEach((s, i) => {
    const t = taps[i];
    assert.deepEqual(t.ok ? t.frames : undefined, ys[i], s);
  });
});
