/**
 * `trawl flows FILE [--kind tcp|udp|ip|ipv6|eth] [--json] [-Y EXPR]`: a conversation table as `tshark -n -q
 * -z conv,KIND` prints it (or as JSON), from the engine's flow pass; with -Y, only the packets the display
 * filter matches count (through applyFilter, as the Flows view follows the display filter).
 */
import { ALL_VIEW, type ConversationKind, type ViewId } from '../../core/api';
import { formatConversationTable } from '../../core/flow/conv-text';
import { createEngine } from '../../workers/engine';
import { UsageError, type CliCommand, type CliIO } from '../command';

const USAGE = `Usage: trawl flows FILE [--kind tcp|udp|ip|ipv6|eth] [--json] [-Y EXPR]

Prints the conversations of a capture as tshark -n -q -z conv,KIND does (default tcp): each pair of
endpoints (tcp/udp: each stream) with frames and bytes from B to A ("<-"), from A to B ("->") and in
total, its start relative to the first packet and its duration. A is the side that sent first.
  --kind K   tcp, udp, ip (IPv4), ipv6 or eth
  --json     the rows as JSON (exact byte counts, tcp/udp ids are tcp.stream/udp.stream)
  -Y EXPR    count only the packets this display filter matches (as tshark -z conv,KIND,EXPR)`;

const KINDS: Record<string, ConversationKind> = { tcp: 'tcp', udp: 'udp', ip: 'ipv4', ipv4: 'ipv4', ipv6: 'ipv6', eth: 'eth' };

export interface FlowsArgs {
  path: string;
  kind: ConversationKind;
  json: boolean;
  filter?: string;
}

export function parseFlowsArgs(args: readonly string[]): FlowsArgs {
  let kind: ConversationKind | undefined;
  let json = false;
  let filter: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--kind' || a === '-Y') {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === '-Y') filter = v;
      else {
        kind = KINDS[v];
        if (!kind) throw new UsageError(`${v}: --kind is one of tcp, udp, ip, ipv6, eth`);
      }
    } else if (a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option ${a}`);
    else rest.push(a);
  }
  if (rest.length !== 1) throw new UsageError('give one capture file');
  return { path: rest[0], kind: kind ?? 'tcp', json, ...(filter !== undefined ? { filter } : {}) };
}

export const flowsCommand: CliCommand = {
  name: 'flows',
  summary: 'Print a conversation table (tcp, udp, ip, ipv6, eth), as tshark -z conv',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const a = parseFlowsArgs(args);
    const engine = createEngine({ shell: 'cli' });
    try {
      const { sessionId } = await engine.openFile({ path: a.path });
      const final = await engine.whenIndexed(sessionId);
      // streamOf waits for the flow pass (there is a packet 1 whenever there is a table to print).
      if (final.packets > 0) await engine.streamOf({ sessionId, number: 1 });
      let view: ViewId = ALL_VIEW;
      if (a.filter !== undefined) {
        view = (await engine.applyFilter({ sessionId, expression: a.filter })).view;
        if (view !== ALL_VIEW) await engine.whenFiltered(sessionId, view);
      }
      const page = await engine.conversations({ sessionId, kind: a.kind, view });
      if (a.json) io.out(JSON.stringify({ file: a.path, kind: a.kind, filter: a.filter ?? null, conversations: page.rows }, null, 2) + '\n');
      else {
        // formatConversationTable wants rows by first appearance (it then orders by frames, as tshark):
        // that is id order for the whole capture; for a filter's packets, by start time.
        const rows = a.filter === undefined ? page.rows : [...page.rows].sort((x, y) => x.relStart - y.relStart || x.id - y.id);
        io.out(formatConversationTable(a.kind, rows, a.filter));
      }
      if (final.problem) {
        const p = final.problem;
        io.err(`trawl flows: ${a.path}: the capture stops being valid at byte ${p.offset} (record ${p.record}): ${p.reason}\n`);
        return 1;
      }
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};
