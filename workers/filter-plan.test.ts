import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from '../core/errors';
import { captureFilterText, checkFilterPlan, planFilter } from './filter-plan';
import { NodeNameResolver } from './name-resolver';

const resolver = new NodeNameResolver();
const ETHERNET = 1;
const LINUX_SLL = 113;

test('a pcap filter runs as BPF, one program per link type', () => {
  const p = planFilter('tcp port 80', [ETHERNET, LINUX_SLL], resolver);
  assert.equal(p.language, 'pcap');
  assert.equal(p.runsAs, 'bpf');
  assert.equal(p.bpfExpression, undefined);
  assert.deepEqual([...p.programs.programs.keys()].sort((a, b) => a - b), [ETHERNET, LINUX_SLL]);
  assert.ok(p.programFor(101), 'a link type that appears later is compiled when asked (RAW)');
});

test('a display filter that lowers runs as BPF with the lowered expression; one that does not, as a field predicate', () => {
  const len = planFilter('frame.len > 100', [ETHERNET, LINUX_SLL], resolver);
  assert.equal(len.language, 'display');
  assert.equal(len.runsAs, 'bpf');
  assert.equal(len.bpfExpression, 'len > 100');
  assert.equal(len.programs.programs.size, 2);
  const eth = planFilter('eth.type == 0x0806', [ETHERNET], resolver);
  assert.equal(eth.runsAs, 'bpf');
  assert.match(eth.bpfExpression ?? '', /ether\[12:2\]/);
  // On a session with a link type that has no Ethernet header, the same filter needs the dissectors.
  assert.equal(planFilter('eth.type == 0x0806', [ETHERNET, LINUX_SLL], resolver).runsAs, 'fields');
  const dns = planFilter('dns.qry.name contains "a"', [ETHERNET], resolver);
  assert.equal(dns.language, 'display');
  assert.equal(dns.runsAs, 'fields');
  assert.equal(dns.programs.programs.size, 0);
  assert.ok(dns.display?.interest.has('dns.qry.name'));
});

test('a bad filter is a FilterError with the span of the mistake, in either language', () => {
  assert.throws(
    () => planFilter('tcp port', [ETHERNET], resolver),
    (e: unknown) => e instanceof FilterError && e.span[0] >= 4,
  );
  assert.throws(
    () => planFilter('dns.qry.nam == "x"', [ETHERNET], resolver),
    (e: unknown) => e instanceof FilterError && e.span[0] === 0 && e.span[1] === 11 && /dns\.qry\.name/.test(e.message),
  );
});

test('checkFilterPlan says how the filter runs, or where it is wrong', () => {
  const ok = checkFilterPlan('tcp.port == 80', [ETHERNET], resolver);
  assert.ok(ok.ok);
  assert.equal(ok.language, 'display');
  assert.equal(ok.runsAs, 'fields');
  assert.deepEqual(ok.programs, []);
  const bpf = checkFilterPlan('frame.len >= 60', [ETHERNET], resolver);
  assert.ok(bpf.ok);
  assert.equal(bpf.runsAs, 'bpf');
  assert.equal(bpf.bpfExpression, 'len >= 60');
  assert.equal(bpf.programs.length, 1);
  assert.match(bpf.programs[0].listing, /ret/);
  const pcap = checkFilterPlan('udp', [ETHERNET], resolver);
  assert.ok(pcap.ok);
  assert.equal(pcap.language, 'pcap');
  assert.equal(pcap.bpfExpression, undefined);
  const bad = checkFilterPlan('ip.src == 1.2.3', [ETHERNET], resolver);
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && bad.language === 'display' && bad.error.span[0] === 10, JSON.stringify(bad));
});

test('as a capture filter: pcap as it is, a display filter as what it lowers to, else refused naming the term', () => {
  assert.equal(captureFilterText('', ETHERNET), '');
  assert.equal(captureFilterText('tcp port 443', ETHERNET), 'tcp port 443');
  assert.equal(captureFilterText('frame.len <= 1000', LINUX_SLL), 'len <= 1000');
  assert.equal(captureFilterText('eth.src == 00:11:22:33:44:55', ETHERNET), 'ether src host 00:11:22:33:44:55');
  const text = 'frame.len > 60 and dns.qry.name contains "x"';
  assert.throws(
    () => captureFilterText(text, ETHERNET),
    (e: unknown) => {
      assert.ok(e instanceof FilterError);
      assert.equal(e.code, 'filter-needs-fields');
      assert.equal(text.slice(e.span[0], e.span[1]), 'dns.qry.name contains "x"');
      assert.match(e.message, /needs dissected fields and cannot run in the kernel/);
      return true;
    },
  );
  assert.throws(
    () => captureFilterText('not (tcp.port in {80, 443})', ETHERNET),
    (e: unknown) => e instanceof FilterError && e.code === 'filter-needs-fields' && e.span[0] === 5,
  );
  assert.throws(() => captureFilterText('eth.type == 0x800', LINUX_SLL), (e: unknown) => e instanceof FilterError && e.code === 'filter-needs-fields');
  const check = checkFilterPlan(text, [ETHERNET], resolver, true);
  assert.ok(!check.ok && check.error.code === 'filter-needs-fields');
  const lowered = checkFilterPlan('frame.len > 60', [ETHERNET], resolver, true);
  assert.ok(lowered.ok && lowered.runsAs === 'bpf' && lowered.bpfExpression === 'len > 60');
});
