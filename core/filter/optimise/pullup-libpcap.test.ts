/**
 * The or/and pull-ups against libpcap on seeded random filters (or/and/not of host, net, port,
 * proto, len and packet-data terms) and Ethernet packets of the shared captures, changed and cut
 * short: wherever Trawl without the pull-ups agrees with libpcap on every packet, Trawl with them
 * must too; and the pull-ups never leave a program larger than libpcap's where it was not before.
 * (More filters and the tallies: `npx tsx scripts/pullup-study.ts`.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';
import { PASSES } from './index';
import { compare, ethernetCaptures, filterGenerator, packetSet, pools, readPackets } from './test/random-filters';
import { assertTcpdump } from './test/tcpdump';

const FILTERS = 80;

test('on random or/and/not filters: pull-ups keep libpcap verdicts and sizes', () => {
  assertTcpdump();
  const real = readPackets(ethernetCaptures(CAPTURES_DIR), 40);
  const packets = packetSet(real, 7, 500);
  const gen = filterGenerator(7, pools(real));
  const baseline = PASSES.filter((p) => p.name !== 'or-pullup' && p.name !== 'and-pullup');
  let compared = 0;
  let shrunk = 0;
  for (let i = 0; compared < FILTERS && i < FILTERS * 5; i++) {
    const expr = gen();
    const r = compare(expr, packets, 7000 + i, baseline);
    if (!r) continue;
    compared++;
    if (r.differBefore === 0) assert.equal(r.differ, 0, `${expr}: verdicts differ from libpcap's on ${r.differ} packets`);
    if (r.before! <= r.theirs) assert.ok(r.ours <= r.theirs, `${expr}: ${r.ours} instructions vs libpcap's ${r.theirs}`);
    if (r.ours < r.before!) shrunk++;
  }
  assert.equal(compared, FILTERS);
  assert.ok(shrunk >= FILTERS / 10, `the pull-ups shrank only ${shrunk} of ${FILTERS} programs`);
});

test('port 80 or port 443, udp and (port 53 or port 123), 60 hosts: no larger than libpcap', () => {
  const hosts = Array.from({ length: 60 }, (_, i) => `host 10.0.${i}.${(i * 7) % 250 + 1}`).join(' or ');
  for (const expr of ['port 80 or port 443', 'udp and (port 53 or port 123)', hosts]) {
    const r = compare(expr, [], 1);
    assert.ok(r && r.ours <= r.theirs && r.differ === 0, `${expr}: ${r?.ours} vs ${r?.theirs}, ${r?.differ} packets differ`);
  }
});
