/**
 * collectFields with an interest set (the display filter's and `-T fields`' path, which may stop after a
 * transport header and skip the frame's fields) against a full collection: over the corpus, every packet
 * must have the same occurrences of every name of interest, in the same order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wiresharkReadableCaptures } from '../../scripts/shared-captures';
import type { FieldOccurrence } from './context';
import { collectFields, readsPastTransport, tcpPduUse } from './index';
import type { FrameMeta } from './types';
import { readCapture } from './test/read-capture';

/** Interest sets of filters people type: transport-only (may stop), mixed and upper-layer (may not). */
const INTERESTS: readonly (readonly string[])[] = [
  ['tcp.port', 'tcp.len'],
  ['ip.src', 'ip.dst', 'udp.port', 'tcp.flags.syn'],
  ['eth.src', 'vlan.id', 'ipv6.src', 'icmp.type', 'tcp.analysis.flags'],
  ['frame.len', 'ip.ttl', 'tcp.stream'],
  ['tcp.port', 'tls.handshake.type', 'dns.qry.name', 'http.host'],
  ['udp.port', 'frame.protocols'],
  ['tcp', 'udp', 'ip', '_ws.malformed'],
];

function text(list: readonly FieldOccurrence[], names: ReadonlySet<string>): string {
  return JSON.stringify(
    list.filter((o) => names.has(o.name)).map((o) => [o.name, o.value instanceof Uint8Array ? [...o.value] : o.value, o.offset, o.length]),
    (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v),
  );
}

test('over the corpus, collectFields with an interest set records what a full collection records for it', () => {
  const sets = INTERESTS.map((names) => new Set(names));
  let packets = 0;
  const differ: string[] = [];
  for (const path of wiresharkReadableCaptures()) {
    const { packets: list } = readCapture(path);
    const first = list[0] === undefined ? { sec: 0, nsec: 0 } : { sec: list[0].tsSec, nsec: list[0].tsNsec };
    for (const p of list) {
      const meta: FrameMeta = { number: p.number, timestamp: { sec: p.tsSec, nsec: p.tsNsec }, relTime: p.tsSec - first.sec, firstTimestamp: first, caplen: p.caplen, origlen: p.origlen, interface: p.iface };
      const full = collectFields(p.bytes, meta);
      for (const names of sets) {
        const want = text(full, names);
        const got = text(collectFields(p.bytes, meta, names), names);
        if (got !== want && differ.length < 5) differ.push(`${path} #${p.number} [${[...names].join(' ')}]: ${got} ≠ ${want}`);
      }
      packets++;
    }
  }
  assert.deepEqual(differ, []);
  assert.ok(packets > 1000, `only ${packets} corpus packets`);
});

test('readsPastTransport: header fields stop at the transport, upper-layer fields and frame.protocols do not', () => {
  assert.equal(readsPastTransport(new Set(['tcp.port', 'tcp.len'])), false);
  assert.equal(readsPastTransport(new Set(['ip.addr', 'udp.port', 'eth.src'])), false);
  assert.equal(readsPastTransport(new Set(['tcp.port', 'http.request.method'])), true);
  assert.equal(readsPastTransport(new Set(['tls.handshake.type'])), true);
  assert.equal(readsPastTransport(new Set(['frame.protocols'])), true);
});

test('tcpPduUse: PDU bytes past the transport or for the segment list, the PDU info for tcp.reassembled_in, else nothing', () => {
  assert.equal(tcpPduUse(new Set(['tcp.port', 'tcp.len'])), 'none');
  assert.equal(tcpPduUse(new Set(['tcp.port', 'tcp.reassembled_in'])), 'info');
  assert.equal(tcpPduUse(new Set(['tcp.segment'])), 'bytes');
  assert.equal(tcpPduUse(new Set(['http.request.method'])), 'bytes');
});
