/**
 * Flow pass against tshark 4.0 on a sample of the corpus (TCP/UDP captures: tunnels, ICMP errors, IPv6
 * extension headers, retransmissions, many streams): per frame `tcp.stream`/`udp.stream` (every occurrence,
 * as -T fields prints them) and the `-z conv,eth|ip|ipv6|tcp|udp` tables (rows as tshark prints them, so
 * packets and bytes exact and times to its printed precision). Captures that agree must agree fully; the
 * known exceptions are listed with their reason and only reported.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';
import { compareFlows, trawlFlows, tsharkFlows, type FlowAgreement } from './flow-tshark';

const AGREE = [
  'zeek-traces/ldap/gap-data-missing.pcapng',
  'libpcap-tests/filter/ipv6_ext_headers.pcap',
  'tcpdump-tests/LINKTYPE_RAW_ipv6.pcap',
  'tcpdump-tests/gso-ipv6-geneve-ipv4.pcap',
  'tcpdump-tests/gso-ipv6-vxlan-ipv6.pcap',
  'zeek-traces/icmp/icmp-timeexceeded.pcap',
  'zeek-traces/icmp/icmp6-destunreach-ip6ext-udp.pcap',
  'zeek-traces/icmp/icmp6-toobig.pcap',
  'zeek-traces/tunnels/4in4.pcap',
  'zeek-traces/tunnels/6in4.pcap',
  'zeek-traces/tunnels/6in6in6.pcap',
  'zeek-traces/tunnels/teredo-udp-in-udp.pcap',
  'libpcap-tests/filter/ipv6_ah_modes.pcap',
  'zeek-traces/tunnels/gre-pptp.pcap',
  'zeek-traces/tunnels/gtp/gtp7_ipv6.pcap',
  'zeek-traces/tcp/syn-then-stuff-then-rst.pcap',
  'zeek-traces/tcp/fin_retransmission.pcap',
  'zeek-traces/dns/mdns-no-assoc.pcap',
  'tcpdump-tests/vxlan.pcap',
  'zeek-traces/tunnels/gtp/gtp_control_prime.pcap',
  'tcpdump-tests/mptcp-fclose.pcap',
  'tcpdump-tests/kday4.pcap',
  'zeek-traces/tunnels/gtp/pdp_ctx_messages.pcapng',
  'zeek-traces/ftp/ipv6-violation.pcap',
  'zeek-traces/tunnels/tunnel-direct-bypass.pcap',
  'tcpdump-tests/pptp.pcap',
  'zeek-traces/dns/mdns.pcap',
  'zeek-traces/tls/ssl-v2.pcap',
  'zeek-traces/tunnels/gtp/gtp6_gtp_0x32.pcap',
  'zeek-traces/ipv6-http-atomic-frag.pcap',
  'tcpdump-tests/geneve.pcap',
  'zeek-traces/tcp/retransmit-fast009.pcap',
  'zeek-traces/tunnels/gre-sample.pcap',
  'zeek-traces/vlan-collisions.pcap',
  'zeek-traces/mixed-vlan-mpls.pcap',
  'zeek-traces/communityid/icmp6.pcap',
  'zeek-traces/socks.pcap',
  'zeek-traces/http/concurrent-range-requests.pcap',
  'zeek-traces/ssh/ssh_version_199.pcap',
  // The big one: 13,622 frames of one long Modbus/TCP exchange.
  'zeek-traces/modbus/modbusBig.pcap',
  // TCP/UDP keyed on the addresses an IPv6 routing header (final destination) or home address option (source) put in place.
  'zeek-traces/chksums/ip6-route0-tcp-good-chksum.pcap',
  'zeek-traces/mobile-ipv6/ipv6-mobile-hoa.pcap',
];

/** Captures that differ, and why (none of these is the numbering or counting rules of core/flow). */
const EXCEPTIONS: Record<string, string> = {
  'zeek-traces/ipv4/fragmented-4.pcap': 'IP fragments: tshark dissects TCP/UDP in the reassembled datagram (frame of the last fragment); the flow pass does not reassemble yet (core/flow/ip-defrag.ts is not wired into it)',
  'tcpdump-tests/bigtcp-ipv6.pcap': 'IPv6 jumbogram (payload length 0, no jumbo option): tshark marks TCP malformed before the stream lookup; Trawl\'s TCP reports the header',
  'zeek-traces/dns-edns-ecs.pcap': 'one UDP packet whose header the flow observer does not report (dissection side), so later udp.stream numbers are shifted by one',
  'libpcap-tests/filter/arcnet-rfc1051-arp-icmp-http.pcap': 'ARCNET: the link dissector reports no flow headers to the observer (dissection side)',
};

const SAMPLE = [...AGREE, ...Object.keys(EXCEPTIONS)];

function line(a: FlowAgreement): string {
  return `${a.path}: frames ${a.framesAgree}/${a.frames}, conversation rows ${a.rowsAgree}/${a.rows}`;
}

test('tcp.stream, udp.stream and conv tables agree with tshark on the sample', { skip: !existsSync(CAPTURES_DIR) && 'no captures', timeout: 600_000 }, async () => {
  const results: FlowAgreement[] = [];
  for (const path of SAMPLE) {
    const full = join(CAPTURES_DIR, path);
    results.push(compareFlows(path, await tsharkFlows(full), trawlFlows(full)));
  }
  const sum = (f: (a: FlowAgreement) => number, list = results) => list.reduce((s, a) => s + f(a), 0);
  const pct = (x: number, n: number) => (n === 0 ? '-' : ((100 * x) / n).toFixed(2));
  const agreeing = results.filter((a) => !(a.path in EXCEPTIONS));
  console.log(
    `flows vs tshark, ${results.length} captures: frames ${sum((a) => a.framesAgree)}/${sum((a) => a.frames)} (${pct(sum((a) => a.framesAgree), sum((a) => a.frames))} %), ` +
      `conversation rows ${sum((a) => a.rowsAgree)}/${sum((a) => a.rows)} (${pct(sum((a) => a.rowsAgree), sum((a) => a.rows))} %); ` +
      `without the ${results.length - agreeing.length} listed exceptions: frames ${sum((a) => a.framesAgree, agreeing)}/${sum((a) => a.frames, agreeing)}, rows ${sum((a) => a.rowsAgree, agreeing)}/${sum((a) => a.rows, agreeing)}`,
  );
  for (const a of results) if (a.path in EXCEPTIONS) console.log(`  exception ${line(a)} — ${EXCEPTIONS[a.path]}`);
  const bad = agreeing.filter((a) => a.framesAgree < a.frames || a.rowsAgree < a.rows);
  assert.deepEqual(bad.map((a) => `${line(a)}\n    ${a.examples.join('\n    ')}`), []);
});
