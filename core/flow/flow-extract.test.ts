import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES_DIR } from '../../scripts/shared-captures';
import { readCapture } from '../dissect/test/read-capture';
import { FlowExtractor } from './flow-extract';
import { flowPacketOf } from './flow-packet';
import { encodeFlowPackets, tcpScalarsAt, type FlowRecords } from './flow-record';

/** Captures with tunnels, ICMP errors quoting TCP/UDP, IPv6 extension headers, fragments and TCP options. */
const SAMPLE = [
  'tcpdump-tests/vxlan.pcap',
  'tcpdump-tests/geneve.pcap',
  'tcpdump-tests/gso-ipv6-vxlan-ipv6.pcap',
  'zeek-traces/tunnels/gtp/gtp7_ipv6.pcap',
  'zeek-traces/tunnels/6in6in6.pcap',
  'zeek-traces/tunnels/gre-pptp.pcap',
  'zeek-traces/icmp/icmp-timeexceeded.pcap',
  'zeek-traces/icmp/icmp6-destunreach-ip6ext-udp.pcap',
  'libpcap-tests/filter/ipv6_ext_headers.pcap',
  'zeek-traces/ipv6-http-atomic-frag.pcap',
  'zeek-traces/tcp/retransmit-fast009.pcap',
  'tcpdump-tests/mptcp-fclose.pcap',
];

/** Packet k of a batch as comparable text: frame facts, its headers (order within a kind kept), its first TCP and UDP header. */
function packetText(r: FlowRecords, k: number): string {
  const headers: string[] = [];
  for (let h = r.headerStart[k]; h < r.headerStart[k + 1]; h++) {
    const at = r.addr[h];
    const addr = Array.from(r.addrBytes.subarray(at, at + 2 * r.addrLen[h])).join('.');
    headers.push(`${r.kind[h]} ${r.flags[h]} ${addr} ${r.srcPort[h]}>${r.dstPort[h]} ${r.seq[h]} ${r.ack[h]} ${r.tcpFlags[h]}`);
  }
  // Kinds sort by their code; the sort is stable, so headers of one kind keep their order.
  headers.sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]));
  const u = r.udp.header[k];
  const udp = u < 0 ? 'none' : `${r.kind[u]} ${r.srcPort[u]} ${r.udp.payloadOffset[k]} ${r.udp.payloadLength[k]} ${r.udp.capturedLength[k]}`;
  const t = r.tcp.header[k];
  const tcp = t < 0 ? 'none' : `${r.srcPort[t]} ${JSON.stringify(tcpScalarsAt(r, k))}`;
  return [r.sec[k], r.nsec[k], r.caplen[k], r.origlen[k], r.malformed[k], r.fragment[k], ...headers, udp, tcp].join(' | ');
}

test('extraction into the columns gives what encoding FlowPackets gives', () => {
  let compared = 0;
  let tcp = 0;
  for (const name of SAMPLE) {
    const { packets } = readCapture(join(CAPTURES_DIR, name));
    const ex = new FlowExtractor(1, packets.length);
    for (const p of packets) ex.add(p.bytes, { sec: p.tsSec, nsec: p.tsNsec, origlen: p.origlen, linkType: p.iface.linkType });
    const direct = ex.finish();
    const encoded = encodeFlowPackets(packets.map((p) => flowPacketOf(p.bytes, { number: p.number, sec: p.tsSec, nsec: p.tsNsec, origlen: p.origlen, linkType: p.iface.linkType })));
    assert.equal(direct.count, packets.length);
    for (let k = 0; k < packets.length; k++) {
      assert.equal(packetText(direct, k), packetText(encoded, k), `${name} packet ${k + 1}`);
      compared++;
      if (direct.tcp.header[k] >= 0) tcp++;
    }
  }
  assert.ok(compared > 140 && tcp > 100, `${compared} packets compared, ${tcp} with TCP`);
});

test('an extractor sized for more packets returns those it got, and refuses one more than its size', () => {
  const { packets } = readCapture(join(CAPTURES_DIR, 'tcpdump-tests/vxlan.pcap'));
  const ex = new FlowExtractor(7, 10);
  for (const p of packets.slice(0, 2)) ex.add(p.bytes, { sec: p.tsSec, nsec: p.tsNsec, origlen: p.origlen, linkType: p.iface.linkType });
  const r = ex.finish();
  assert.equal(r.firstNumber, 7);
  assert.equal(r.count, 2);
  assert.equal(r.headerStart.length, 3);
  // Outer eth, IPv4, UDP, then the inner eth, IPv4 and ICMP/TCP/UDP (VXLAN carries a whole frame).
  assert.ok(r.headerStart[1] >= 4, `packet 1 has ${r.headerStart[1]} headers`);
  const one = new FlowExtractor(1, 0);
  assert.throws(() => one.add(packets[0].bytes, { sec: 0, nsec: 0, origlen: packets[0].origlen, linkType: packets[0].iface.linkType }), RangeError);
});
