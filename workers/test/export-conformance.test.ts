/**
 * Export against tshark: for corpus captures of several formats, link types and timestamp resolutions,
 * Trawl's export of the packets a display filter accepts (or of `tcp.stream in {…}`, given as packet
 * numbers from tshark's own tcp.stream) must hold what `tshark -r FILE -Y EXPR -w OUT` writes: the same
 * frames with the same lengths, time to the nanosecond, comments and bytes, each on an interface of the
 * same link type, snap length, name and timestamp resolution. (Trawl writes only the interfaces its
 * packets use, tshark all of them; each packet's interface is compared.) Custom blocks, which tshark
 * 4.0 shows as frames and Trawl's reader skips, are left out of the corpus chosen here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportProgress, ExportRequest } from '../../core/api';
import { indexCapture } from '../../core/pcap/test/export-in-memory';
import { CAPTURES_DIR } from '../../scripts/shared-captures';
import { createEngine, type Engine } from '../engine';

/**
 * Capture, display filter (run by Trawl's engine and by tshark), and `numbers` where Trawl's filter cannot
 * run on the link type yet: the packets tshark's filter accepts are exported as packet numbers.
 */
const CASES: [string, string, 'numbers'?][] = [
  ['zeek-traces/ssh/ssh.pcap', 'tcp.len > 0'],
  ['wireshark-captures/dhcp-nanosecond.pcap', 'udp'],
  ['wireshark-captures/dhcp.pcapng', 'udp.srcport == 68'],
  ['zeek-traces/pcapng-multi-interface.pcapng', 'udp.port == 53'],
  ['zeek-traces/ldap/issue-32.pcapng', 'tcp'],
  ['zeek-traces/krb/kerberos_tso.pcapng', 'tcp.srcport == 88 || tcp.dstport == 88'],
  ['pcapng-test-generator/output_be/basic/test005.pcapng', 'frame'],
  ['pcapng-test-generator/output_le/basic/test010.pcapng', 'frame.len > 320'],
  ['pcapng-test-generator/output_be/basic/test016.pcapng', 'frame'],
  ['tcpdump-tests/tcp-handshake-nano.pcap', 'tcp'],
  ['tcpdump-tests/vsock-1.pcapng', 'frame.len > 60', 'numbers'],
  ['tcpdump-tests/icmp-cksum-oobr-4.pcapng', 'frame'],
  ['tcpdump-tests/ikev2pI2-segfault.pcapng', 'frame'],
  ['tcpdump-tests/ipoib.pcap', 'frame.len > 100', 'numbers'],
  ['tcpdump-tests/pptp.pcap', 'tcp'],
  ['wireshark-captures/wpa-Induction.pcap.gz', 'frame.len > 200'],
  ['libpcap-tests/filter/ISIS_p2p_adjacency.pcap', 'frame.len < 300'],
];

/** Captures whose TCP streams are exported as packet numbers and compared with `-Y "tcp.stream in {…}"`. */
const STREAM_CASES = ['zeek-traces/ssh/ssh.pcap', 'zeek-traces/krb/kerberos_tso.pcapng', 'tcpdump-tests/pptp.pcap'];

function tshark(args: string[]): string {
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
}

function frames(path: string): string {
  return tshark(['-r', path, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.time_epoch', '-e', 'frame.comment']);
}

/** Per packet: its bytes (hex) and its interface's link type, snap length, name and resolution, read with our reader. */
async function packetsOf(path: string): Promise<string[]> {
  const file = new Uint8Array(await readFile(path));
  const { records, interfaces } = indexCapture(file);
  return records.map((r) => {
    const i = interfaces[r.iface];
    return `${i.linkType} ${i.snapLen} ${i.name ?? ''} ${i.tsDigits} ${Buffer.from(file.subarray(r.dataOffset, r.dataOffset + r.caplen)).toString('hex')}`;
  });
}

function finished(engine: Engine, start: ExportProgress): Promise<ExportProgress> {
  if (start.done) return Promise.resolve(start);
  return new Promise((resolve) => {
    const sub = engine.onExportProgress((p) => {
      if (p.exportId === start.exportId && p.done) {
        sub.dispose();
        resolve(p);
      }
    });
  });
}

async function exportTo(engine: Engine, req: ExportRequest): Promise<void> {
  const end = await finished(engine, await engine.exportPackets(req));
  assert.equal(end.error, undefined, `${req.path}: ${end.error?.message}`);
}

async function compare(ours: string, theirs: string, label: string): Promise<number> {
  const want = frames(theirs);
  assert.equal(frames(ours), want, `${label}: frames`);
  assert.deepEqual(await packetsOf(ours), await packetsOf(theirs), `${label}: bytes and interfaces`);
  return want === '' ? 0 : want.trimEnd().split('\n').length;
}

test('exports hold what tshark -Y … -w writes (frames, time, comments, bytes, interfaces)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-export-conformance-'));
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: join(dir, 'tmp'), workers: 1 });
  const counts: string[] = [];
  try {
    for (const [name, filter, how] of CASES) {
      const source = join(CAPTURES_DIR, name);
      const { sessionId } = await engine.openFile({ path: source });
      const ours = join(dir, 'ours.pcapng');
      const theirs = join(dir, 'theirs.pcapng');
      if (how === 'numbers') {
        await engine.whenIndexed(sessionId);
        const numbers = Uint32Array.from(tshark(['-r', source, '-Y', filter, '-T', 'fields', '-e', 'frame.number']).split('\n').filter((l) => l !== '').map(Number));
        await exportTo(engine, { sessionId, selection: { kind: 'packets', numbers }, path: ours, comment: filter });
      } else {
        const { view } = await engine.applyFilter({ sessionId, expression: filter });
        await engine.whenFiltered(sessionId, view);
        await exportTo(engine, { sessionId, selection: { kind: 'view', view }, path: ours, comment: filter });
      }
      tshark(['-r', source, '-Y', filter, '-w', theirs]);
      counts.push(`${name} [${filter}]: ${await compare(ours, theirs, name)}`);
      await engine.closeSession({ sessionId });
    }
    for (const name of STREAM_CASES) {
      const source = join(CAPTURES_DIR, name);
      const streams = tshark(['-r', source, '-T', 'fields', '-e', 'tcp.stream']).split('\n');
      const chosen = [...new Set(streams.filter((s) => s !== ''))].slice(0, 2);
      const numbers = Uint32Array.from(streams.flatMap((s, i) => (chosen.includes(s) ? [i + 1] : [])));
      const { sessionId } = await engine.openFile({ path: source });
      await engine.whenIndexed(sessionId);
      const ours = join(dir, 'ours.pcapng');
      const theirs = join(dir, 'theirs.pcapng');
      await exportTo(engine, { sessionId, selection: { kind: 'packets', numbers }, path: ours });
      const filter = `tcp.stream in {${chosen.join(', ')}}`;
      tshark(['-r', source, '-Y', filter, '-w', theirs]);
      counts.push(`${name} [${filter}]: ${await compare(ours, theirs, name)}`);
      await engine.closeSession({ sessionId });
    }
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`frames exported and compared:\n  ${counts.join('\n  ')}`);
  assert.equal(counts.length, CASES.length + STREAM_CASES.length);
});
