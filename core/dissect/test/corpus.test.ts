/**
 * Corpus conformance: every packet of every readable capture in the shared corpus dissects (summary and
 * tree) without an escaping exception; and on a named sample of files, for packets whose top protocol (per
 * tshark's frame.protocols) is one of ours, the Protocol/Source/Destination/Info columns equal tshark's.
 *
 * tshark runs with name resolution off (-n) and TCP's stateful analysis off (raw sequence numbers, no
 * [TCP Retransmission] marks), since those need flow state that summarize() does not have; request/response
 * links such as "(request in 1)" are stripped from tshark's Info for the same reason.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promisify } from 'node:util';
import { dissectTree, summarize } from '../index';
import { readCapture } from './read-capture';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';

const ROOT = CAPTURES_DIR;
const run = promisify(execFile);

/** Protocols we dissect that can be the top of a frame (data: the payload under one of ours). */
const OURS = new Set(['eth', 'ethertype', 'vlan', 'sll', 'null', 'raw', 'arp', 'ip', 'ipv6', 'icmp', 'icmpv6', 'tcp', 'udp', 'data']);

/** Files whose columns are compared (real traffic of the link types and protocols above). */
const COLUMN_FILES = [
  'zeek-traces/ssh/ssh_kex_mlkem.pcap',
  'zeek-traces/tcp/reassembly.pcap',
  'tcpdump-tests/nfs-attr-oobr.pcap',
  'zeek-traces/tcp/retransmit-fast009.pcap',
  'zeek-traces/tcp/truncated-header.pcap',
  'tcpdump-tests/isakmp-rfc3948-oobr.pcap',
  'tcpdump-tests/lmp.pcap',
  'zeek-traces/icmp/icmp6-nd-short-options.pcap',
  'zeek-traces/tcp/timeout-with-pings.pcap',
  'libpcap-tests/filter/gateway_or_not.pcap',
  'tcpdump-tests/tfo-5c1fa7f9ae91.pcap',
  'zeek-traces/communityid/icmp.pcap',
  'zeek-traces/irc-353.pcap',
  'zeek-traces/ldap/simpleauth-diff-port.pcap',
  'zeek-traces/linuxsll-arp.pcap',
  'tcpdump-tests/icmp-rfc8335.pcap',
  'zeek-traces/icmp/5-pings.pcap',
  'zeek-traces/icmp/icmp6-ping.pcap',
  'zeek-traces/port4242.pcap',
  'zeek-traces/arp-leak.pcap',
  'zeek-traces/ipv4/fragmented-4.pcap',
  'zeek-traces/linux_dlt_sll2.pcap',
  'tcpdump-tests/icmpv6-ni-flags.pcap',
  'zeek-traces/ipv4/fragmented-3.pcap',
  'zeek-traces/tcp/window-scale-range.pcap',
  'tcpdump-tests/ipv6-bad-version.pcap',
  'zeek-traces/trunc/icmp-payload-trunc.pcap',
  'zeek-traces/udp-packet.pcap',
  'tcpdump-tests/tcp-handshake-nano.pcap',
  'zeek-traces/udp-multiple-source-ports.pcap',
  'libpcap-tests/filter/rarp_req_reply.pcapng',
  'tcpdump-tests/beep-oobr.pcap',
  'zeek-traces/ssh/ssh-over-udp.pcap',
  'tcpdump-tests/LINKTYPE_RAW_ipv6.pcap',
  'tcpdump-tests/LINKTYPE_IPV6.pcap',
  'libpcap-tests/filter/geneve.pcap',
  'libpcap-tests/filter/ipv6_ext_headers.pcap',
];
/** Share of compared rows that must agree exactly on all four columns (measured: see the report). */
const MIN_AGREEMENT = 0.98;

interface ManifestRow {
  path: string;
  wiresharkOk: boolean;
}

function manifest(): ManifestRow[] {
  const lines = readFileSync(join(ROOT, 'MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean);
  const head = lines[0].split('\t');
  const iPath = head.indexOf('path');
  const iWs = head.indexOf('wireshark_4.0_read');
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return { path: c[iPath], wiresharkOk: c[iWs] === 'ok' };
  });
}

test('every packet of every capture dissects without an escaping exception', { skip: !existsSync(ROOT) && 'no captures' }, () => {
  let packets = 0;
  let files = 0;
  for (const row of manifest()) {
    const path = join(ROOT, row.path);
    if (!existsSync(path) || path.endsWith('.gz')) continue;
    let read;
    try {
      read = readCapture(path);
    } catch (e) {
      // Unreadable files are core/pcap's concern (it reports them as typed errors); skip, but only those.
      assert.ok(e instanceof Error && 'code' in e, `${row.path}: reader threw an untyped error: ${String(e)}`);
      continue;
    }
    files++;
    for (const p of read.packets) {
      packets++;
      const s = summarize(p.iface.linkType, p.bytes, p.origlen);
      assert.equal(typeof s.info, 'string');
      const tree = dissectTree(p.bytes, {
        number: p.number,
        timestamp: { sec: p.tsSec, nsec: p.tsNsec },
        relTime: 0,
        caplen: p.caplen,
        origlen: p.origlen,
        interface: p.iface,
      });
      assert.equal(tree[0].field, 'frame', `${row.path} #${p.number}`);
      for (const n of tree.slice(1)) {
        assert.ok(n.offset >= 0 && n.offset + n.length <= p.bytes.length, `${row.path} #${p.number}: ${n.label} out of range`);
      }
    }
  }
  assert.ok(files > 500, `only ${files} files read`);
  assert.ok(packets > 10000, `only ${packets} packets`);
});

/**
 * What stateless dissection cannot know: request/response links, and TCP's window after scaling (tshark's
 * Win= is the calculated window, scaled by the WS option of the flow's SYN; ours is the raw field).
 */
const normalizeInfo = (s: string) =>
  s.replace(/\s*\((request|reply) in \d+\)/g, '').replace(/\s*\(no response found!\)/g, '').replace(/ Win=\d+/, ' Win=*').trim();

async function tsharkColumns(path: string): Promise<string[][]> {
  const { stdout } = await run(
    'tshark',
    ['-n', '-o', 'tcp.relative_sequence_numbers:FALSE', '-o', 'tcp.analyze_sequence_numbers:FALSE', '-o', 'tcp.desegment_tcp_streams:FALSE', '-r', path, '-T', 'fields',
      '-E', 'separator=\t', '-e', 'frame.protocols', '-e', '_ws.col.Protocol', '-e', '_ws.col.Source', '-e', '_ws.col.Destination', '-e', '_ws.col.Info'],
    { maxBuffer: 64 << 20 },
  );
  return stdout.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

test('columns agree with tshark on packets whose top protocol is ours', { skip: !existsSync(ROOT) && 'no captures' }, async () => {
  const rows = await Promise.all(COLUMN_FILES.map((f) => tsharkColumns(join(ROOT, f))));
  let compared = 0;
  let agreed = 0;
  const misses: string[] = [];
  COLUMN_FILES.forEach((f, i) => {
    const { packets } = readCapture(join(ROOT, f));
    assert.equal(packets.length, rows[i].length, `${f}: packet count differs from tshark`);
    packets.forEach((p, k) => {
      const [protocols, proto, src, dst, info] = rows[i][k];
      const layers = protocols.split(':');
      if (!layers.every((l) => OURS.has(l))) return;
      compared++;
      const s = summarize(p.iface.linkType, p.bytes, p.origlen);
      const want = [proto, src, dst, normalizeInfo(info)];
      const got = [s.protocol, s.source, s.destination, normalizeInfo(s.info)];
      if (want.every((w, j) => w === got[j])) agreed++;
      else if (misses.length < Number(process.env.TRAWL_CORPUS_MISSES ?? 15)) misses.push(`${f} #${p.number}\n  tshark: ${want.join(' | ')}\n  trawl:  ${got.join(' | ')}`);
    });
  });
  const share = agreed / compared;
  console.log(`column agreement with tshark: ${agreed}/${compared} (${(share * 100).toFixed(1)}%)`);
  if (misses.length) console.log(misses.join('\n'));
  assert.ok(compared > 100, `only ${compared} packets compared`);
  assert.ok(share >= MIN_AGREEMENT, `agreement ${share} < ${MIN_AGREEMENT}\n${misses.join('\n')}`);
});
