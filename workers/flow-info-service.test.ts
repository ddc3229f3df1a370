/**
 * The flow pass's findings reach each packet's dissection through the engine: display filters on
 * tcp.stream and tcp.analysis.*, `-T fields` of relative sequence numbers and streams, and the tree of a
 * packet that completes an IP datagram — each compared with tshark (two passes, `-2`) on real captures.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import type { TreeNode } from '../core/api';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { createEngine, type Engine } from './engine';

const run = promisify(execFile);
const TCP_CAPTURE = join(CAPTURES_DIR, 'zeek-traces/http/vnd.ms-cab-compressed-multi-conn.pcap');
const FRAGMENTS = join(CAPTURES_DIR, 'tcpdump-tests/afs.pcap');

async function tshark(path: string, args: string[]): Promise<string> {
  const { stdout } = await run('tshark', ['-2', '-r', path, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function tsharkNumbers(path: string, filter: string): Promise<number[]> {
  const out = await tshark(path, ['-Y', filter, '-T', 'fields', '-e', 'frame.number']);
  return out.split('\n').filter((l) => l !== '').map(Number);
}

let dir: string;
let engine: Engine;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trawl-flow-info-'));
  engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir, workers: 2 });
});

after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function opened(path: string): Promise<string> {
  const { sessionId } = await engine.openFile({ path });
  await engine.whenIndexed(sessionId);
  return sessionId;
}

async function filtered(sessionId: string, expression: string): Promise<number[]> {
  const p = await engine.applyFilter({ sessionId, expression });
  const final = await engine.whenFiltered(sessionId, p.view);
  return Array.from(engine.numbersOfView(sessionId, p.view, 0, final.matched));
}

test('display filters on flow fields match the frames tshark -2 -Y matches', async () => {
  const sessionId = await opened(TCP_CAPTURE);
  // Applied right after indexing: the scan waits for the flow pass instead of missing its fields.
  for (const expr of ['tcp.analysis.retransmission', 'tcp.stream == 3', 'tcp.stream in {0, 2} && tcp.len > 0', 'tcp.seq == 1 && tcp.flags.ack == 1', 'tcp.analysis.flags && !tcp.analysis.window_update']) {
    const ours = await filtered(sessionId, expr);
    const theirs = await tsharkNumbers(TCP_CAPTURE, expr);
    assert.ok(theirs.length > 0, `${expr}: tshark matches some frames (the test means something)`);
    assert.deepEqual(ours, theirs, expr);
  }
});

test('-T fields of streams, relative numbers and analysis equal tshark -2 -T fields', async () => {
  const sessionId = await opened(TCP_CAPTURE);
  await engine.whenFlowsReady(sessionId);
  const fields = ['tcp.stream', 'tcp.seq', 'tcp.ack', 'tcp.nxtseq', 'tcp.window_size', 'tcp.analysis.acks_frame', 'tcp.analysis.bytes_in_flight'];
  const { index } = { index: await engine.indexStatus({ sessionId }) };
  const page = await engine.packetFields({ sessionId, from: 0, count: index.packets, fields, view: 'all' });
  const ours = Array.from({ length: page.numbers.length }, (_, r) => page.cells.slice(r * fields.length, (r + 1) * fields.length).join('\t'));
  const theirs = (await tshark(TCP_CAPTURE, ['-T', 'fields', ...fields.flatMap((f) => ['-e', f])])).split('\n').slice(0, -1);
  assert.equal(ours.length, theirs.length);
  const differ = ours.flatMap((line, i) => (line === theirs[i] ? [] : [`frame ${i + 1}: ours "${line}", tshark "${theirs[i]}"`]));
  assert.deepEqual(differ.slice(0, 5), []);
});

function find(nodes: readonly TreeNode[], field: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.field === field) return n;
    const inner = n.children ? find(n.children, field) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

test('a packet that completes an IP datagram shows it whole, from a second byte source; its fragments say where', async () => {
  const sessionId = await opened(FRAGMENTS);
  await engine.whenFlowsReady(sessionId);
  const lines = (await tshark(FRAGMENTS, ['-T', 'fields', '-e', 'frame.number', '-e', 'ip.reassembled_in', '-e', 'ip.fragment.count'])).split('\n');
  const completing = lines.map((l) => l.split('\t')).find((c) => c[2] !== undefined && c[2] !== '');
  assert.ok(completing, 'the capture has a reassembled datagram');
  const number = Number(completing[0]);
  const detail = await engine.packet({ sessionId, number });
  assert.equal(detail.sources?.length, 2, 'the frame and the reassembled datagram');
  assert.match(find(detail.tree, 'ip.fragment.count')?.label ?? '', new RegExp(`: ${completing[2]}\\b`));
  const udp = find(detail.tree, 'udp');
  assert.equal(udp?.source, 1, 'UDP is dissected from the reassembled bytes');
  const earlier = lines.map((l) => l.split('\t')).find((c) => c[1] === String(number));
  assert.ok(earlier, 'an earlier fragment names the packet it is reassembled in');
  const first = await engine.packet({ sessionId, number: Number(earlier[0]) });
  assert.equal(find(first.tree, 'ip.reassembled_in') !== undefined, true);
});

test("the list's Info column shows the analysis once the pass is over ([TCP Retransmission] … as tshark -2)", async () => {
  const sessionId = await opened(TCP_CAPTURE);
  await engine.whenFlowsReady(sessionId);
  const { packets } = await engine.indexStatus({ sessionId });
  const page = await engine.rows({ sessionId, from: 0, count: packets });
  const theirs = (await tshark(TCP_CAPTURE, ['-T', 'fields', '-e', '_ws.col.Info'])).split('\n');
  const flagged = theirs.flatMap((info, i) => (info.startsWith('[TCP ') ? [i] : []));
  assert.ok(flagged.length > 10, 'tshark flags some segments');
  const differ = flagged.flatMap((i) => (page.text[i * 4 + 3] === theirs[i] ? [] : [`frame ${i + 1}: ours "${page.text[i * 4 + 3]}", tshark "${theirs[i]}"`]));
  assert.deepEqual(differ.slice(0, 5), []);
});

test('"filter on this flow" (tcp.stream / udp.stream only) matches as tshark without dissecting', async () => {
  const sessionId = await opened(FRAGMENTS);
  // (udp.stream 3 is also the UDP of reassembled datagrams, which the flow pass does not number yet: left out.)
  for (const expr of ['udp.stream in {0, 2}', 'udp.stream == 4 || tcp.stream == 0', '!(udp.stream == 0)']) {
    assert.deepEqual(await filtered(sessionId, expr), await tsharkNumbers(FRAGMENTS, expr), expr);
  }
});

test('HTTP messages over several segments dissect whole on their last segment, as tshark -2 (TCP desegmentation)', async () => {
  const sessionId = await opened(TCP_CAPTURE);
  await engine.whenFlowsReady(sessionId);
  const fields = ['tcp.reassembled_in', 'tcp.segment', 'tcp.segment.count', 'tcp.reassembled.length', 'http.request.method', 'http.response.code', 'http.content_length'];
  const { packets } = await engine.indexStatus({ sessionId });
  const page = await engine.packetFields({ sessionId, from: 0, count: packets, fields, view: 'all' });
  const ours = Array.from({ length: page.numbers.length }, (_, r) => page.cells.slice(r * fields.length, (r + 1) * fields.length).join('\t'));
  const theirs = (await tshark(TCP_CAPTURE, ['-T', 'fields', ...fields.flatMap((f) => ['-e', f])])).split('\n').slice(0, -1);
  assert.ok(theirs.filter((l) => l.split('\t')[1] !== '').length >= 5, 'tshark reassembles some PDUs (the test means something)');
  const differ = ours.flatMap((line, i) => (line === theirs[i] ? [] : [`frame ${i + 1}: ours "${line}", tshark "${theirs[i]}"`]));
  assert.deepEqual(differ.slice(0, 5), []);

  const completing = theirs.findIndex((l) => l.split('\t')[1] !== '') + 1;
  const detail = await engine.packet({ sessionId, number: completing });
  assert.equal(detail.sources?.length, 2, 'the frame and the reassembled PDU');
  assert.match(detail.sources?.[1]?.label ?? '', /^Reassembled TCP \(\d+ bytes\)$/);
  assert.equal(find(detail.tree, 'http')?.source, 1, 'HTTP is dissected from the reassembled bytes');

  const infos = (await tshark(TCP_CAPTURE, ['-T', 'fields', '-e', '_ws.col.Info'])).split('\n');
  const rows = await engine.rows({ sessionId, from: 0, count: packets });
  const segments = infos.flatMap((info, i) => (info.endsWith('[TCP segment of a reassembled PDU]') || i + 1 === completing ? [i] : []));
  const infoDiffer = segments.flatMap((i) => (rows.text[i * 4 + 3] === infos[i] ? [] : [`frame ${i + 1}: ours "${rows.text[i * 4 + 3]}", tshark "${infos[i]}"`]));
  assert.deepEqual(infoDiffer.slice(0, 5), []);
});

test('display filters on TCP desegmentation match tshark -2 -Y: PDU info alone, PDU bytes, or neither', async () => {
  const sessionId = await opened(TCP_CAPTURE);
  // tcpPduUse: 'info' for the first, 'bytes' for the segment list and the HTTP field, 'none' for the header fields.
  for (const expr of ['tcp.reassembled_in', 'tcp.segment.count > 1', 'http.content_length', 'tcp.port == 80 && tcp.len > 0']) {
    const ours = await filtered(sessionId, expr);
    const theirs = await tsharkNumbers(TCP_CAPTURE, expr);
    assert.ok(theirs.length > 0, `${expr}: tshark matches some frames (the test means something)`);
    assert.deepEqual(ours, theirs, expr);
  }
});

test('streams that heuristics make HTTP or TLS (ports no dissector claims) dissect and desegment as tshark -2 shows them', async () => {
  // HTTP on port 8000: the request passes HTTP's heuristic; the response (HTTP/1.0) is HTTP because its stream is.
  const http = join(CAPTURES_DIR, 'zeek-traces/http/basic-auth-with-colon.pcap');
  const httpSession = await opened(http);
  await engine.whenFlowsReady(httpSession);
  const { packets } = await engine.indexStatus({ sessionId: httpSession });
  const rows = await engine.rows({ sessionId: httpSession, from: 0, count: packets });
  const theirs = (await tshark(http, ['-T', 'fields', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info'])).split('\n').slice(0, -1);
  assert.ok(theirs.some((l) => l.startsWith('HTTP\tHTTP/1.0 200 OK')), 'tshark takes the stream for HTTP (the test means something)');
  const ours = Array.from({ length: packets }, (_, r) => `${rows.text[r * 4 + 2]}\t${rows.text[r * 4 + 3]}`);
  assert.deepEqual(ours, theirs);

  // TLS on port 4433: records spanning segments are reassembled where tshark reassembles them.
  const tls = join(CAPTURES_DIR, 'zeek-traces/tls/tls-fragmented-handshake.pcap.gz');
  const tlsSession = await opened(tls);
  await engine.whenFlowsReady(tlsSession);
  const fields = ['tcp.reassembled_in', 'tcp.segment', 'tcp.reassembled.length', 'tls.record.content_type'];
  const count = (await engine.indexStatus({ sessionId: tlsSession })).packets;
  const page = await engine.packetFields({ sessionId: tlsSession, from: 0, count, fields, view: 'all' });
  const mine = Array.from({ length: page.numbers.length }, (_, r) => page.cells.slice(r * fields.length, (r + 1) * fields.length).join('\t'));
  const tsharks = (await tshark(tls, ['-T', 'fields', ...fields.flatMap((f) => ['-e', f])])).split('\n').slice(0, -1);
  assert.ok(tsharks.filter((l) => l.split('\t')[0] !== '').length > 100, 'tshark reassembles records on port 4433 (the test means something)');
  const differ = mine.flatMap((line, i) => (line === tsharks[i] ? [] : [`frame ${i + 1}: ours "${line}", tshark "${tsharks[i]}"`]));
  // Frame 411 ends one record and carries another whole one: it is dissected from the frame after the PDU.
  assert.deepEqual(differ, []);
  assert.equal(mine[410].split('\t')[3], '22,22', 'both records of frame 411');
});

/** The list's Protocol column for every packet of a capture once its flows are ready, and tshark -2's. */
async function protocolColumns(path: string): Promise<{ sessionId: string; packets: number; ours: string[]; theirs: string[] }> {
  const sessionId = await opened(path);
  await engine.whenFlowsReady(sessionId);
  const { packets } = await engine.indexStatus({ sessionId });
  const rows = await engine.rows({ sessionId, from: 0, count: packets });
  const theirs = (await tshark(path, ['-T', 'fields', '-e', '_ws.col.Protocol'])).split('\n').slice(0, -1);
  return { sessionId, packets, ours: Array.from({ length: packets }, (_, r) => rows.text[r * 4 + 2]), theirs };
}

test("TLS records are named by their session's version, from its Server Hello, as tshark -2 names them (TLSv1.3)", async () => {
  const path = join(CAPTURES_DIR, 'zeek-traces/tls/tls13_wolfssl.pcap');
  const { sessionId, packets, ours, theirs } = await protocolColumns(path);
  assert.ok(theirs.filter((p) => p === 'TLSv1.3').length >= 5, 'tshark shows TLSv1.3 records (the test means something)');
  assert.deepEqual(ours, theirs);
  const page = await engine.packetFields({ sessionId, from: 0, count: packets, fields: ['tls.record.content_type', 'tls.record.opaque_type'], view: 'all' });
  const cells = Array.from({ length: packets }, (_, r) => page.cells.slice(r * 2, r * 2 + 2).join('\t'));
  assert.deepEqual(cells, (await tshark(path, ['-T', 'fields', '-e', 'tls.record.content_type', '-e', 'tls.record.opaque_type'])).split('\n').slice(0, -1));
});

test("on HTTP's port, a stream that never carried an HTTP request is not HTTP: the Protocol column is tshark -2's (TCP)", async () => {
  const { ours, theirs } = await protocolColumns(join(CAPTURES_DIR, 'zeek-traces/ssh/ssh-on-port-80.pcap'));
  assert.ok(theirs.filter((p) => p === 'SSH' || p === 'SSHv2').length === 0 && theirs.length > 30, 'tshark shows SSH on port 80 as TCP (the test means something)');
  assert.deepEqual(ours, theirs);
});
