/**
 * The field conformance run of `npm run conformance` on a fixed sample of the corpus (link types, file
 * formats, time resolutions, protocols), so `npm test` keeps it from sliding: every set's fields against
 * tshark -T fields; the overall share of agreeing cells must not fall under what was measured.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';
import { createEngine } from '../../../workers/engine';
import { fieldsOfSets, formatFieldReport, globMatcher, loadFieldSets, readableCaptures, runFieldConformance } from './fields-conformance';

/** The target (issue 5, and what `npm run conformance` requires of the whole corpus). */
const TARGET_PERCENT = 99;
/**
 * Measured on this sample on 2026-11-23: 99.06 % (137,083 of 138,383 cells, 283 fields of 6 sets; 96.91 % at
 * e89c7aa, 94.21 % when this test was written). What still differs: tshark counting a pcapng custom block
 * as a frame (test202.pcapng: every later row shifts), frame.interface_* and frame.time on pcapng blocks
 * without a name or a timestamp (the index does not say so), Arista's vendor header (AVSP, arista_ether.pcap:
 * everything under it), SSH packets tshark holds for TCP reassembly (ssh.pcap), ARCNET. Raise this as those
 * are fixed; it must not fall under TARGET_PERCENT again.
 */
const MIN_PERCENT = 99;

/** Spread over link types, pcap / pcapng (multi-interface, big-endian, nanoseconds) / gzip, and protocols. */
const SAMPLE = [
  'libpcap-tests/filter/bacnet-arcnet-linux.pcap',
  'libpcap-tests/filter/mstp_20140225214217.pcap',
  'tcpdump-tests/HDLC.pcap',
  'tcpdump-tests/pim_header_asan-4.pcap',
  'tcpdump-tests/hoobr_bfd_print.pcap',
  'zeek-traces/dns/dns-invalid-names.pcap',
  'zeek-traces/udp-packet.pcap',
  'zeek-traces/tcp/syn-then-stuff-then-rst.pcap',
  'tcpdump-tests/bgp-shutdown-msg-variations.pcap',
  'tcpdump-tests/ptp_corrections.pcap',
  'tcpdump-tests/arista_ether.pcap',
  'tcpdump-tests/NHRP_registration.pcap',
  'libpcap-tests/filter/gateway_or_not.pcap',
  'tcpdump-tests/esis_snpa_asan.pcap',
  'tcpdump-tests/ieee802.11_tim_ie_oobr.pcap',
  'tcpdump-tests/ieee802.11_meshid.pcap',
  'libpcap-tests/filter/ieee802.11_exthdr.pcap',
  'tcpdump-tests/e1000g.pcap',
  'tcpdump-tests/ipoib.pcap',
  'zeek-traces/ldap/ldap_search_umlaut.pcap',
  'tcpdump-tests/ipv6_mobility_1.pcap',
  'tcpdump-tests/tcp-handshake-nano.pcap',
  'zeek-traces/linux_dlt_sll2.pcap',
  'libpcap-tests/filter/isup_load_generator.pcap',
  'zeek-traces/nflog-http.pcap',
  'zeek-traces/udp-multiple-source-ports.pcap',
  'tcpdump-tests/ospf-gmpls.pcap',
  'libpcap-tests/filter/http_PPI.pcap',
  'tcpdump-tests/lspping-fec-rsvp.pcap',
  'zeek-traces/tcp/payload-syn.pcap',
  'zeek-traces/dns/ech.pcap',
  'tcpdump-tests/vsock-1.pcapng',
  'tcpdump-tests/LINKTYPE_RAW_ipv6.pcap',
  'wireshark-captures/dhcp-nanosecond.pcapng',
  'libpcap-tests/filter/rarp_req_reply.pcapng',
  'pcapng-test-generator/output_be/basic/test010.pcapng',
  'pcapng-test-generator/output_be/difficult/test202.pcapng',
  'zeek-traces/smtp/mime-header-size-limit.pcap.gz',
  'zeek-traces/pe/pe_files_timestamp.pcap.gz',
  'zeek-traces/ssh/ssh.pcap',
];

test('the field sets load, each a group with fields and captures of the corpus', async () => {
  const sets = await loadFieldSets();
  assert.ok(sets.some((s) => s.file === 'frame.ts'), 'the frame.* base set');
  const readable = new Set(readableCaptures(CAPTURES_DIR));
  for (const { file, set } of sets) {
    assert.ok(set.group.length > 0 && set.fields.length > 0, file);
    for (const c of set.captures) assert.ok(readable.has(c), `${file}: ${c} is not a capture Wireshark 4.0 reads in MANIFEST.tsv`);
  }
});

test('loadFieldSets: a folder without sets gives none; a file that exports no set is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-field-sets-'));
  try {
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'empty', 'conformance-set.ts'), 'export interface X { a: 1 }\n');
    await writeFile(join(dir, 'empty', 'x.test.ts'), 'throw new Error("never imported");\n');
    assert.deepEqual(await loadFieldSets(join(dir, 'empty')), []);
    await writeFile(join(dir, 'empty', 'odd.ts'), 'export const notASet = 1;\n');
    await assert.rejects(loadFieldSets(join(dir, 'empty')), /exports no FieldConformanceSet/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('globMatcher: * within a folder, ** across, several patterns', () => {
  const m = globMatcher('zeek-traces/**,tcpdump-tests/tcp*.pcap');
  assert.ok(m('zeek-traces/ssh/ssh.pcap'));
  assert.ok(m('tcpdump-tests/tcp-handshake-nano.pcap'));
  assert.ok(!m('tcpdump-tests/x/tcp.pcap'));
  assert.ok(!m('libpcap-tests/filter/geneve.pcap'));
});

test(`every set's fields agree with tshark -T fields on ${SAMPLE.length} sample captures (≥ ${MIN_PERCENT} % of cells, target ${TARGET_PERCENT} %)`, { skip: !existsSync(CAPTURES_DIR) && 'no captures' }, async () => {
  const sets = await loadFieldSets();
  const fields = fieldsOfSets(sets);
  const dir = await mkdtemp(join(tmpdir(), 'trawl-fields-conformance-test-'));
  // In-process dissection (no worker start-up per run); packet-fields.test.ts checks the workers give the same cells.
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir, workers: 0 });
  try {
    const report = await runFieldConformance({ engine, capturesDir: CAPTURES_DIR, captures: SAMPLE, fields, parallel: 2 });
    console.log(formatFieldReport(report));
    const share = (100 * report.agree) / report.cells;
    console.log(`Sample: ${share.toFixed(2)} % of ${report.cells} cells agree (floor ${MIN_PERCENT} %, target ${TARGET_PERCENT} %), ${report.covered} fields covered`);
    assert.equal(report.captures.length, SAMPLE.length);
    assert.ok(report.cells > 10_000, `only ${report.cells} cells compared`);
    assert.ok(share >= MIN_PERCENT, `${share.toFixed(2)} % of cells agree, under ${MIN_PERCENT} %`);
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
