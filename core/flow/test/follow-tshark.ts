/**
 * Test helper: follow streams of a capture with tshark (`-q -z follow,PROTO,MODE,N`, many in one run) and
 * with core/flow/follow.ts over the packets tshark puts in each stream (`-T fields -e tcp.stream`), so
 * the follow code is checked before the flow service numbers streams itself.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FollowProtocol } from '../../api';
import { readCapture } from '../../dissect/test/read-capture';
import { tsharkCells } from '../../dissect/test/tshark-fields';
import { followStreamOf, type FollowPacketInput, type FollowResult } from '../follow';
import type { FollowTextMode } from '../follow-text';
import { flowPacketOf } from '../flow-packet';

const run = promisify(execFile);

const SEPARATOR = '===================================================================\n';

/** Key of one followed stream's text: `tcp,raw,3`. */
export const followKey = (protocol: FollowProtocol, mode: FollowTextMode, stream: number): string => `${protocol},${mode},${stream}`;

/**
 * tshark's follow output for each (protocol, mode, stream), keyed by followKey, each block exactly as tshark
 * prints it alone (blank line, separator … separator). One tshark run for all of them.
 */
export async function tsharkFollow(path: string, requests: readonly { protocol: FollowProtocol; mode: FollowTextMode; stream: number }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (requests.length === 0) return out;
  const args = ['-r', path, '-q'];
  for (const r of requests) args.push('-z', `follow,${r.protocol},${r.mode},${r.stream}`);
  const { stdout } = await run('tshark', args, { maxBuffer: 1 << 30, encoding: 'latin1', env: { ...process.env, LC_ALL: 'C' } });
  // Blocks are "\n" + SEP + header + body + SEP; a body line never equals the separator line.
  const blocks = stdout.split(`\n${SEPARATOR}Follow: `);
  for (const b of blocks.slice(1)) {
    const text = `\n${SEPARATOR}Follow: ${b}`;
    const m = /^Follow: (tcp|udp),(raw|ascii|hex)\nFilter: (?:tcp|udp)\.stream eq (\d+)\n/m.exec(text.slice(1 + SEPARATOR.length));
    if (!m) throw new Error(`unexpected tshark follow block in ${path}: ${text.slice(0, 200)}`);
    out.set(followKey(m[1] as FollowProtocol, m[2] as FollowTextMode, Number(m[3])), text);
  }
  return out;
}

/** The packets of each stream as tshark numbers them (a packet may be in several: an ICMP error quoting another). */
export async function tsharkStreams(path: string, protocol: FollowProtocol): Promise<Map<number, number[]>> {
  const rows = await tsharkCells(path, ['frame.number', `${protocol}.stream`]);
  const streams = new Map<number, number[]>();
  for (const [num, cell] of rows) {
    if (!cell) continue;
    for (const s of new Set(cell.split(',').map(Number))) {
      let list = streams.get(s);
      if (!list) streams.set(s, (list = []));
      list.push(Number(num));
    }
  }
  return streams;
}

/** Trawl's follow of each stream, from the numbers tshark gave. */
export function trawlFollow(path: string, protocol: FollowProtocol, streams: ReadonlyMap<number, readonly number[]>, which: readonly number[]): Map<number, FollowResult> {
  const { packets } = readCapture(path);
  const out = new Map<number, FollowResult>();
  for (const s of which) {
    const inputs: FollowPacketInput[] = (streams.get(s) ?? []).map((n) => {
      const p = packets[n - 1];
      const packet = flowPacketOf(p.bytes, { number: p.number, sec: p.tsSec, nsec: p.tsNsec, origlen: p.origlen, linkType: p.iface.linkType });
      return { packet, bytes: p.bytes };
    });
    out.set(s, followStreamOf(protocol, s, inputs));
  }
  return out;
}
