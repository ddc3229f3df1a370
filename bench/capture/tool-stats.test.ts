import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCpuSeconds, parseDumpcapStats, parseTcpdumpStats, parseTcpreplayStats, parseTrawlStats } from './tool-stats';

// What the tools printed in a run of the benchmark (dumpcap 4.0.17, tcpdump 4.99.3, tcpreplay 4.4.3).
const DUMPCAP = `Capturing on 'trawl0'
File: /tmp/cbx/d.pcapng
Packets captured: 20000
Packets received/dropped on interface 'trawl0': 20000/17 (pcap:0/dumpcap:0/flushed:0/ps_ifdrop:0) (99.9%)
`;
const TCPDUMP = `tcpdump: listening on trawl0, link-type EN10MB (Ethernet), snapshot length 262144 bytes
19990 packets captured
20000 packets received by filter
10 packets dropped by kernel
`;
const TRAWL = `Capturing on 'trawl0'
199872 packets captured, 128 dropped by kernel (received 200000)
File: /tmp/trawl.pcapng (153872112 bytes)
`;
const TCPREPLAY = `Actual: 20000 packets (14692045 bytes) sent in 0.999953 seconds
Rated: 14692735.5 Bps, 117.54 Mbps, 20000.94 pps
Flows: 829 flows, 829.03 fps, 15051 unique flow packets, 4949 unique non-flow packets
Statistics for network device: v1
\tSuccessful packets:        19998
\tFailed packets:            2
\tTruncated packets:         0
\tRetried packets (ENOBUFS): 0
\tRetried packets (EAGAIN):  0
`;

test('closing statistics of trawl capture, dumpcap and tcpdump', () => {
  assert.deepEqual(parseTrawlStats(TRAWL), { received: 200000, dropped: 128 });
  assert.deepEqual(parseTrawlStats('1 packet captured, 0 dropped by kernel (received 1)\n'), { received: 1, dropped: 0 });
  assert.deepEqual(parseDumpcapStats(DUMPCAP), { received: 20000, dropped: 17 });
  assert.deepEqual(parseTcpdumpStats(TCPDUMP), { received: 20000, dropped: 10 });
  assert.deepEqual(parseTcpdumpStats('1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n'), { received: 1, dropped: 0 });
});

test('a tool that died before its statistics gives undefined, not zeros', () => {
  for (const text of ['', "Capturing on 'trawl0'\n", 'tcpdump: listening on trawl0\n20000 packets received by filter\n']) {
    assert.equal(parseTrawlStats(text), undefined);
    assert.equal(parseDumpcapStats(text), undefined);
    assert.equal(parseTcpdumpStats(text), undefined);
  }
});

test("tcpreplay's report: packets the device took, failures, time and rate", () => {
  assert.deepEqual(parseTcpreplayStats(TCPREPLAY), { sent: 19998, failed: 2, seconds: 0.999953, pps: 20000.94 });
  // -q prints only the first two lines.
  assert.deepEqual(parseTcpreplayStats(TCPREPLAY.split('\n').slice(0, 2).join('\n')), { sent: 20000, failed: 0, seconds: 0.999953, pps: 20000.94 });
  assert.equal(parseTcpreplayStats('tcpreplay: Fatal Error: ...'), undefined);
});

test("GNU time's %U %S line", () => {
  assert.equal(parseCpuSeconds('0.03 0.01\n'), 0.04);
  assert.equal(parseCpuSeconds('Command exited with non-zero status 1\n1.50 0.25\n'), 1.75);
  assert.equal(parseCpuSeconds('Command terminated by signal 9\n'), undefined);
});
