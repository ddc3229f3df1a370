/**
 * Follow stream against tshark 4.0: for each capture below and each of its first streams, our raw, ascii and
 * hex text (core/flow/follow-text.ts over core/flow/follow.ts) equals `tshark -q -z follow,PROTO,MODE,N`
 * byte for byte. Streams are numbered by tshark (`-T fields -e tcp.stream`) until the flow service numbers
 * them. The one explained exception: a stream with IP fragments, which tshark reassembles before TCP/UDP
 * sees them (core/flow's IP reassembly is another part of issue 6); those are listed, not failed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';
import type { FollowProtocol } from '../../api';
import { followText, FOLLOW_TEXT_MODES } from '../follow-text';
import { readCapture } from '../../dissect/test/read-capture';
import { flowPacketOf } from '../flow-packet';
import { followKey, trawlFollow, tsharkFollow, tsharkStreams } from './follow-tshark';

/** Streams compared per capture (the first ones by number). */
const STREAMS_PER_CAPTURE = 20;

/** TCP: retransmissions, out-of-order, gaps, snap-length cuts, IPv6, VLAN/MPLS, tunnels, NFLOG, MPTCP. */
const TCP_CAPTURES = [
  'tcpdump-tests/bgp-infinite-loop.pcap',
  'tcpdump-tests/kday3.pcap',
  'tcpdump-tests/kday4.pcap',
  'tcpdump-tests/mptcp-fclose.pcap',
  'tcpdump-tests/pptp.pcap',
  'zeek-traces/erspan.pcap',
  'zeek-traces/ftp/ipv6.pcap',
  'zeek-traces/http/206_example_a.pcap',
  'zeek-traces/http/concurrent-range-requests.pcap',
  'zeek-traces/http/content-range-gap.pcap',
  'zeek-traces/http/entity_gap.pcap',
  'zeek-traces/http/zero-length-bodies-with-drops.pcap',
  'zeek-traces/ipv6-http-atomic-frag.pcap',
  'zeek-traces/mixed-vlan-mpls.pcap',
  'zeek-traces/modbus/fuzz-72.pcap',
  'zeek-traces/mysql/auth.pcap',
  'zeek-traces/nflog-http.pcap',
  'zeek-traces/postgresql/psql-aws-ssl-preferred.pcap',
  'zeek-traces/rdp/rdp-proprietary-encryption.pcap',
  'zeek-traces/smtp.pcap',
  'zeek-traces/smtp/smtp-bdat-gap.pcap',
  'zeek-traces/spicy/gap-recovery.pcap',
  'zeek-traces/tcp/miss_end_data.pcap',
  'zeek-traces/tcp/retransmit-fast009.pcap',
  'zeek-traces/tcp/ssh-dups.pcap',
  'zeek-traces/tcp/truncated-header.pcap',
];

/** Captures whose TCP streams cross IP fragments (ERSPAN's outer IPv4 is fragmented): the explained exceptions. */
const FRAGMENTED_CAPTURES = ['zeek-traces/erspan.pcap'];

/** UDP: IPv4 and IPv6, DNS, DHCP, Babel, NetBIOS. */
const UDP_CAPTURES = ['tcpdump-tests/babel_rfc6126bis.pcap', 'tcpdump-tests/dcb_ets.pcap', 'tcpdump-tests/eapon1.pcap', 'zeek-traces/smtp.pcap'];

interface Tally {
  compared: number;
  equal: number;
  explained: string[];
  unexplained: string[];
}

/** Whether any packet of the stream carries an IP fragment (outside an ICMP error's quote). */
function hasIpFragments(path: string, numbers: readonly number[]): boolean {
  const { packets } = readCapture(path);
  return numbers.some((n) => {
    const p = packets[n - 1];
    const fp = flowPacketOf(p.bytes, { number: n, sec: p.tsSec, nsec: p.tsNsec, origlen: p.origlen, linkType: p.iface.linkType });
    return fp.fragments.some((f) => !f.inError);
  });
}

async function compareCapture(rel: string, protocol: FollowProtocol, tally: Tally): Promise<void> {
  const path = join(CAPTURES_DIR, rel);
  const streams = await tsharkStreams(path, protocol);
  const which = [...streams.keys()].sort((a, b) => a - b).slice(0, STREAMS_PER_CAPTURE);
  const requests = which.flatMap((stream) => FOLLOW_TEXT_MODES.map((mode) => ({ protocol, mode, stream })));
  const theirs = await tsharkFollow(path, requests);
  const ours = trawlFollow(path, protocol, streams, which);
  for (const r of requests) {
    tally.compared++;
    const expected = theirs.get(followKey(r.protocol, r.mode, r.stream));
    const actual = followText(ours.get(r.stream)!, r.mode);
    if (actual === expected) {
      tally.equal++;
      continue;
    }
    const what = `${rel} ${followKey(r.protocol, r.mode, r.stream)}`;
    if (hasIpFragments(path, streams.get(r.stream) ?? [])) tally.explained.push(`${what}: IP fragments (tshark reassembles them first)`);
    else tally.unexplained.push(`${what}: first difference at character ${firstDifference(actual, expected ?? '')}`);
  }
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

test('follow text equals tshark -z follow (raw, ascii, hex) on corpus streams', { timeout: 600_000 }, async () => {
  const tally: Tally = { compared: 0, equal: 0, explained: [], unexplained: [] };
  for (const rel of TCP_CAPTURES) await compareCapture(rel, 'tcp', tally);
  for (const rel of UDP_CAPTURES) await compareCapture(rel, 'udp', tally);
  const share = ((100 * tally.equal) / tally.compared).toFixed(2);
  console.log(`follow conformance: ${tally.equal}/${tally.compared} texts equal (${share} %); ${tally.explained.length} explained exceptions`);
  for (const e of tally.explained) console.log(`  explained: ${e}`);
  assert.ok(tally.compared >= 250, `only ${tally.compared} texts compared: did the corpus move?`);
  assert.deepEqual(tally.unexplained, []);
  // Explained exceptions only where they are expected (a fragment elsewhere would need a look first).
  assert.deepEqual(tally.explained.filter((e) => !FRAGMENTED_CAPTURES.some((c) => e.startsWith(`${c} `))), []);
});
