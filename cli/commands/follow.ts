/**
 * `trawl follow FILE tcp|udp STREAM [--raw|--ascii|--hex]`: one stream's payload as `tshark -q -z
 * follow,PROTO,MODE,STREAM` prints it (header lines, one block per chunk, server lines after a tab). A
 * client of the engine like every shell: open the file, wait for the index, followStream, print.
 */
import type { FollowProtocol } from '../../core/api';
import { followText, type FollowTextMode } from '../../core/flow/follow-text';
import { createEngine } from '../../workers/engine';
import { UsageError, type CliCommand, type CliIO } from '../command';

const USAGE = `Usage: trawl follow FILE tcp|udp STREAM [--raw | --ascii | --hex]

Prints one TCP or UDP stream's payload in order, as tshark -q -z follow,tcp|udp,MODE,STREAM does:
client (the first sender) and server chunks in capture order, the server's indented with a tab,
segments the capture missed as "[N bytes missing in capture file]". STREAM is the tcp.stream or
udp.stream number (0 for the first).
  --ascii  each chunk's length, then its bytes with dots for what is not printable (default)
  --hex    a hex dump, 16 bytes a line, offsets counted per side
  --raw    each chunk as one line of hex`;

const MODES: Record<string, FollowTextMode> = { '--raw': 'raw', '--ascii': 'ascii', '--hex': 'hex' };

export interface FollowArgs {
  path: string;
  protocol: FollowProtocol;
  stream: number;
  mode: FollowTextMode;
}

export function parseFollowArgs(args: readonly string[]): FollowArgs {
  let mode: FollowTextMode | undefined;
  const rest: string[] = [];
  for (const a of args) {
    if (a in MODES) {
      if (mode !== undefined) throw new UsageError('give one of --raw, --ascii or --hex');
      mode = MODES[a];
    } else if (a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option ${a}`);
    else rest.push(a);
  }
  if (rest.length !== 3) throw new UsageError('give a capture file, tcp or udp, and a stream number');
  const [path, protocol, streamText] = rest;
  if (protocol !== 'tcp' && protocol !== 'udp') throw new UsageError(`${protocol}: follow tcp or udp streams`);
  if (!/^\d+$/.test(streamText)) throw new UsageError(`${streamText}: the stream is a number (tcp.stream or udp.stream, 0 for the first)`);
  return { path, protocol, stream: Number(streamText), mode: mode ?? 'ascii' };
}

export const followCommand: CliCommand = {
  name: 'follow',
  summary: 'Print a TCP or UDP stream’s payload, as tshark -z follow (ascii, hex or raw)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const a = parseFollowArgs(args);
    const engine = createEngine({ shell: 'cli' });
    try {
      const { sessionId } = await engine.openFile({ path: a.path });
      const final = await engine.whenIndexed(sessionId);
      const stream = await engine.followStream({ sessionId, protocol: a.protocol, stream: a.stream });
      io.out(followText(stream, a.mode));
      const left = stream.omittedChunks;
      if (left > 0) io.err(`trawl follow: the stream is long; ${left} later chunks are not shown (${stream.chunks.length} are)\n`);
      if (final.problem) {
        const p = final.problem;
        io.err(`trawl follow: ${a.path}: the capture stops being valid at byte ${p.offset} (record ${p.record}): ${p.reason}\n`);
        return 1;
      }
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};
