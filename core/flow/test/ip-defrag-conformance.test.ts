/**
 * IP defragmentation against tshark 4.0 (two passes, `-2`, so earlier fragments know where they are
 * reassembled, as Trawl's flow pass does): IpDefragmenter runs over flowPacketOf's results in capture
 * order, its result goes to dissection as FrameMeta.flow.ip, and every frame of the corpus captures with
 * IP fragments is compared field by field — the reassembly fields, then the upper layers that now see the
 * whole datagram, then the Protocol and Info columns of the fragment frames.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';
import { collectFields, defaultRegistry, summarize, tsharkFieldCells } from '../../dissect/index';
import type { IpReassemblyInfo } from '../../dissect/index';
import { frameMetas, readCapture } from '../../dissect/test/read-capture';
import { compareCells, describeDisagreements, tsharkCells, type CaptureAgreement } from '../../dissect/test/tshark-fields';
import { flowPacketOf } from '../flow-packet';
import { IpDefragmenter, reassemblyInfos } from '../ip-defrag';

/** Corpus captures whose IPv4 or IPv6 fragments tshark reassembles (MANIFEST `ip:fragments` / `ipv6.fraghdr`, checked with tshark -2). */
const WITH_REASSEMBLY = [
  'tcpdump-tests/afs.pcap',
  'zeek-traces/ipv6-reassembly-state-leak.pcap',
  'zeek-traces/tunnels/gtp/gtp2_different_udp_port.pcap',
  'zeek-traces/tunnels/gtp/gtp1_gn_normal_incl_fragmentation.pcap',
  'zeek-traces/erspan.pcap',
  'zeek-traces/tunnels/gtp/gtp9_unknown_or_too_short_payload.pcap',
  'zeek-traces/dns-edns-ecs.pcap',
  'zeek-traces/ipv4/fragmented-1.pcap',
  'zeek-traces/ipv4/fragmented-4.pcap',
  'zeek-traces/tunnels/gtp/gtp_ext_header.pcap',
  'zeek-traces/ipv4/fragmented-syn.pcap',
];
/** Fragments that never complete (cut by the snapshot length, or missing pieces): nothing to reassemble, and nothing must be. */
const WITHOUT_REASSEMBLY = [
  'zeek-traces/ipv4/fragmented-2.pcap',
  'zeek-traces/ipv4/fragmented-3.pcap',
  'zeek-traces/ipv6-http-atomic-frag.pcap',
  'tcpdump-tests/ip6_frag_asan.pcap',
  'tcpdump-tests/icmpv6-rfc7112.pcap',
  'tcpdump-tests/vqp-oobr.pcap',
  'tcpdump-tests/rip_error_hexdump.pcap',
  'libpcap-tests/filter/ipv6_ext_headers.pcap',
];

const REASSEMBLY_FIELDS = [
  'ip.reassembled_in',
  'ip.fragment',
  'ip.fragment.error',
  'ip.fragment.count',
  'ip.fragment.overlap',
  'ip.fragment.overlap.conflict',
  'ip.fragment.toolongfragment',
  'ip.reassembled.length',
  'ipv6.reassembled.in',
  'ipv6.fragment',
  'ipv6.fragment.count',
  'ipv6.reassembled.length',
];
/** Fields of the layers above a reassembled datagram (compared on the frames that complete one). */
const UPPER_FIELDS = ['frame.protocols', 'udp.srcport', 'udp.dstport', 'udp.length', 'tcp.srcport', 'tcp.dstport', 'tcp.flags', 'dns.qry.name', 'dns.count.answers', 'gtp.teid', 'http.request.method', 'http.response.code', 'data.len'];
const COLUMNS = ['_ws.col.Protocol', '_ws.col.Info'];

interface Ours {
  fields: string[][];
  columns: string[][];
  /** Frames that hold a fragment outside an ICMP error (where the columns are compared). */
  fragmentFrames: Set<number>;
  /** Frames that complete a datagram. */
  completing: Set<number>;
}

function ours(path: string, fields: readonly string[]): Ours {
  const { packets } = readCapture(path);
  const metas = frameMetas(packets);
  const defrag = new IpDefragmenter();
  const info = new Map<number, IpReassemblyInfo>();
  const fragmentFrames = new Set<number>();
  const completing = new Set<number>();
  for (const p of packets) {
    const fp = flowPacketOf(p.bytes, { number: p.number, sec: p.tsSec, nsec: p.tsNsec, origlen: p.origlen, linkType: p.iface.linkType });
    if (fp.fragments.some((f) => !f.inError)) fragmentFrames.add(p.number);
    for (const d of defrag.addPacket(fp, p.bytes)) {
      completing.add(p.number);
      for (const [n, i] of reassemblyInfos(d, p.number)) if (!info.has(n) || i.datagram !== undefined) info.set(n, i);
    }
  }
  const interest = new Set(fields);
  const lookup = (n: string) => defaultRegistry.fields.get(n);
  const rows: string[][] = [];
  const columns: string[][] = [];
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i];
    const ip = info.get(p.number);
    const flow = ip === undefined ? undefined : { ip };
    rows.push(tsharkFieldCells(collectFields(p.bytes, { ...metas[i], flow }, interest), fields, lookup));
    const s = summarize(p.iface.linkType, p.bytes, p.origlen, flow);
    columns.push([s.protocol, s.info]);
  }
  return { fields: rows, columns, fragmentFrames, completing };
}

function percent(a: CaptureAgreement): { cells: number; agree: number } {
  let cells = 0;
  let agree = 0;
  for (const f of a.fields) {
    cells += f.cells;
    agree += f.agree;
  }
  return { cells, agree };
}

const skip = !existsSync(CAPTURES_DIR) && 'no captures';

test('reassembly fields agree with tshark -2 on every frame of the captures with IP fragments', { skip }, async () => {
  let cells = 0;
  let agree = 0;
  let reassembled = 0;
  const problems: string[] = [];
  for (const rel of [...WITH_REASSEMBLY, ...WITHOUT_REASSEMBLY]) {
    const path = join(CAPTURES_DIR, rel);
    const mine = ours(path, REASSEMBLY_FIELDS);
    const a = compareCells(rel, REASSEMBLY_FIELDS, await tsharkCells(path, REASSEMBLY_FIELDS, ['-2']), mine.fields);
    const c = percent(a);
    cells += c.cells;
    agree += c.agree;
    reassembled += mine.completing.size;
    if (c.agree < c.cells) problems.push(`${rel}:\n${describeDisagreements(a)}`);
  }
  assert.ok(reassembled >= 100, `expected the corpus to hold at least 100 reassembled datagrams, found ${reassembled}`);
  assert.ok(cells >= 800, `expected at least 800 non-empty cells, found ${cells}`);
  assert.equal(problems.join('\n\n'), '', `${agree}/${cells} cells agree`);
});

/**
 * Where the upper layers of a reassembled datagram still differ for reasons that are not IP reassembly
 * (packet number 0 = every frame of the capture).
 */
const UPPER_EXCEPTIONS: Readonly<Record<string, string>> = {
  'tcpdump-tests/afs.pcap': 'RX and AFS have no dissector yet: the reassembled UDP payload is data',
  'zeek-traces/tunnels/gtp/gtp2_different_udp_port.pcap': 'HTTP over TCP needs TCP reassembly (tshark holds the segments), issue 6 part 2',
  'zeek-traces/tunnels/gtp/gtp1_gn_normal_incl_fragmentation.pcap': 'HTTP over TCP needs TCP reassembly, issue 6 part 2',
  'zeek-traces/tunnels/gtp/gtp9_unknown_or_too_short_payload.pcap': 'HTTP over TCP needs TCP reassembly, issue 6 part 2',
  'zeek-traces/tunnels/gtp/gtp_ext_header.pcap': 'the TCP payload tshark holds for reassembly is data here, issue 6 part 2',
  'zeek-traces/ipv4/fragmented-4.pcap': 'HTTP over TCP needs TCP reassembly, issue 6 part 2',
  'zeek-traces/erspan.pcap': 'NTLMSSP in HTTP and HTTP over TCP segments, not IP reassembly',
};

test('the layers above each reassembled datagram agree with tshark -2 (explained exceptions listed)', { skip }, async () => {
  let frames = 0;
  let agreeing = 0;
  const problems: string[] = [];
  for (const rel of WITH_REASSEMBLY) {
    const path = join(CAPTURES_DIR, rel);
    const mine = ours(path, UPPER_FIELDS);
    const theirs = await tsharkCells(path, UPPER_FIELDS, ['-2']);
    for (const n of mine.completing) {
      frames++;
      const diff = UPPER_FIELDS.filter((_, i) => (theirs[n - 1]?.[i] ?? '') !== mine.fields[n - 1][i]);
      if (diff.length === 0) agreeing++;
      else if (UPPER_EXCEPTIONS[rel] === undefined) problems.push(`${rel} #${n}: ${diff.map((f) => `${f} tshark=${JSON.stringify(theirs[n - 1]?.[UPPER_FIELDS.indexOf(f)])} trawl=${JSON.stringify(mine.fields[n - 1][UPPER_FIELDS.indexOf(f)])}`).join('; ')}`);
    }
  }
  // Measured: 8 of 162 agree on every field; all others are in captures listed in UPPER_EXCEPTIONS.
  assert.ok(frames >= 150 && agreeing >= 8, `${agreeing}/${frames} reassembled frames agree on every upper field`);
  assert.equal(problems.slice(0, 20).join('\n'), '', `${agreeing}/${frames} reassembled frames agree on every upper field`);
});

/** Fragment frames whose columns differ for reasons outside IP reassembly. */
const COLUMN_EXCEPTIONS: Readonly<Record<string, string>> = {
  'zeek-traces/ipv4/fragmented-1.pcap #3': "NTP's Info for version 0 ('reserved, reserved'): the NTP dissector, not reassembly",
  'zeek-traces/ipv4/fragmented-syn.pcap #2': 'Seq=0: relative sequence numbers come with TCP analysis (FrameMeta.flow.tcp), not given here',
  'tcpdump-tests/vqp-oobr.pcap #1':
    "a first fragment cut by the snapshot length: tshark's UDP skips its length check on fragments (pinfo->fragmented), a fact dissectors here do not have yet",
  'tcpdump-tests/rip_error_hexdump.pcap #1': 'the same cut first fragment: tshark stops RIP with "Unreassembled Packet" (pinfo->fragmented); RIP has no dissector here',
};

test('Protocol and Info columns of fragment frames agree with tshark -2 (explained exceptions listed)', { skip }, async () => {
  let frames = 0;
  const problems: string[] = [];
  for (const rel of [...WITH_REASSEMBLY, ...WITHOUT_REASSEMBLY]) {
    const path = join(CAPTURES_DIR, rel);
    const theirs = await tsharkCells(path, COLUMNS, ['-2']);
    const mine = ours(path, []);
    for (const n of mine.fragmentFrames) {
      if (mine.completing.has(n) && UPPER_EXCEPTIONS[rel] !== undefined) continue;
      frames++;
      const t = theirs[n - 1] ?? [];
      const o = mine.columns[n - 1];
      if ((t[0] !== o[0] || t[1] !== o[1]) && COLUMN_EXCEPTIONS[`${rel} #${n}`] === undefined) problems.push(`${rel} #${n}: tshark ${JSON.stringify(t)} trawl ${JSON.stringify(o)}`);
    }
  }
  assert.ok(frames > 300, `expected many fragment frames, found ${frames}`);
  assert.equal(problems.slice(0, 20).join('\n'), '', `${frames - problems.length}/${frames} fragment frames agree`);
});
