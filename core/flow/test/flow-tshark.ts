/**
 * Test helper: one capture's flow results from tshark (per-frame `tcp.stream`/`udp.stream` and the
 * `-z conv,KIND` tables, one tshark run) and from Trawl's pure flow pass, in comparable form.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ConversationKind } from '../../api';
import { readCapture } from '../../dissect/test/read-capture';
import { formatConversationTable } from '../conv-text';
import { CONVERSATION_KINDS } from '../conversations';
import { FlowExtractor } from '../flow-extract';
import { FlowPass } from '../flow-pass';
import { HeaderKind } from '../flow-record';
import { StreamNumberer } from '../streams';

const run = promisify(execFile);

/** tshark's `-z conv` names of our kinds. */
export const TSHARK_CONV: Record<ConversationKind, string> = { eth: 'eth', ipv4: 'ip', ipv6: 'ipv6', tcp: 'tcp', udp: 'udp' };

export interface FlowSide {
  /** Per frame: "tcp streams\tudp streams", each list comma-joined as `-T fields` prints occurrences. */
  streams: string[];
  /** Per kind: the table's row lines (between the column heads and the closing rule). */
  tables: Record<ConversationKind, string[]>;
}

function tableRows(text: string, kind: ConversationKind): string[] {
  const lines = text.split('\n');
  const title = { eth: 'Ethernet', ipv4: 'IPv4', ipv6: 'IPv6', tcp: 'TCP', udp: 'UDP' }[kind] + ' Conversations';
  const at = lines.indexOf(title);
  if (at < 0) return [];
  const rows: string[] = [];
  for (let i = at + 4; i < lines.length && !lines[i].startsWith('====='); i++) rows.push(lines[i]);
  return rows;
}

/** tshark without name resolution (-n: Trawl has no OUI table, so MAC addresses print as digits). */
export async function tsharkFlows(path: string): Promise<FlowSide> {
  const args = ['-n', '-r', path, '-T', 'fields', '-e', 'tcp.stream', '-e', 'udp.stream'];
  for (const k of CONVERSATION_KINDS) args.push('-z', `conv,${TSHARK_CONV[k]}`);
  const { stdout } = await run('tshark', args, { maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: 'C' } });
  const statsAt = stdout.indexOf('\n=====');
  const fields = stdout.slice(0, statsAt < 0 ? stdout.length : statsAt + 1).split('\n');
  if (fields[fields.length - 1] === '') fields.pop();
  const stats = statsAt < 0 ? '' : stdout.slice(statsAt + 1);
  const tables = Object.fromEntries(CONVERSATION_KINDS.map((k) => [k, tableRows(stats, k)])) as Record<ConversationKind, string[]>;
  return { streams: fields, tables };
}

/** Trawl's side: the flow pass's extraction (as the filter workers run it), the pure flow pass, the tables printed as tshark prints them. */
export function trawlFlows(path: string): FlowSide & { pass: FlowPass } {
  const { packets } = readCapture(path);
  const ex = new FlowExtractor(1, packets.length);
  for (const p of packets) ex.add(p.bytes, { sec: p.tsSec, nsec: p.tsNsec, origlen: p.origlen, linkType: p.iface.linkType });
  const rec = ex.finish();
  const pass = new FlowPass();
  pass.add(rec);
  pass.finish();
  // Per-header streams again, for every occurrence (the pass keeps only each packet's first).
  const headerStreams = new StreamNumberer().add(rec).header;
  const streams = packets.map((_, k) => {
    const t: number[] = [];
    const u: number[] = [];
    for (let h = rec.headerStart[k]; h < rec.headerStart[k + 1]; h++) {
      if (headerStreams[h] < 0) continue;
      if (rec.kind[h] === HeaderKind.tcp) t.push(headerStreams[h]);
      else if (rec.kind[h] === HeaderKind.udp) u.push(headerStreams[h]);
    }
    return `${t.join(',')}\t${u.join(',')}`;
  });
  const tables = Object.fromEntries(CONVERSATION_KINDS.map((k) => [k, tableRows(formatConversationTable(k, pass.conversations.table(k).rows), k)])) as Record<ConversationKind, string[]>;
  return { streams, tables, pass };
}

export interface FlowAgreement {
  path: string;
  frames: number;
  framesAgree: number;
  rows: number;
  rowsAgree: number;
  examples: string[];
}

/** Compare: frames by position; table rows as multisets of printed lines (plus their count). */
export function compareFlows(path: string, theirs: FlowSide, ours: FlowSide): FlowAgreement {
  const a: FlowAgreement = { path, frames: 0, framesAgree: 0, rows: 0, rowsAgree: 0, examples: [] };
  const n = Math.max(theirs.streams.length, ours.streams.length);
  for (let i = 0; i < n; i++) {
    a.frames++;
    const t = theirs.streams[i] ?? '(none)';
    const o = ours.streams[i] ?? '(none)';
    if (t === o) a.framesAgree++;
    else if (a.examples.length < 4) a.examples.push(`frame ${i + 1}: tshark ${JSON.stringify(t)} trawl ${JSON.stringify(o)}`);
  }
  for (const k of CONVERSATION_KINDS) {
    const left = new Map<string, number>();
    for (const r of ours.tables[k]) left.set(r, (left.get(r) ?? 0) + 1);
    for (const r of theirs.tables[k]) {
      a.rows++;
      const c = left.get(r) ?? 0;
      if (c > 0) {
        a.rowsAgree++;
        left.set(r, c - 1);
      } else if (a.examples.length < 8) a.examples.push(`conv,${TSHARK_CONV[k]} tshark row not in trawl's: ${r.replace(/ +/g, ' ')}`);
    }
    for (const [r, c] of left) {
      if (c <= 0) continue;
      a.rows += c;
      if (a.examples.length < 8) a.examples.push(`conv,${TSHARK_CONV[k]} trawl row not in tshark's: ${r.replace(/ +/g, ' ')}`);
    }
  }
  return a;
}
