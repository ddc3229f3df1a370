/** One packet in full for the detail and hex panes: its bytes read again and its whole layer tree. */
import type { PacketDetail } from '../core/api';
import { dissectDetail, type FrameMeta, type PacketFlowInfo } from '../core/dissect/index';
import { NotFoundError } from '../core/errors';
import { readPackets } from './packet-reader';
import { readComments } from './record-comments';
import type { Session } from './session';

/** `flow`: what the flow pass knows of the packet (stream, TCP analysis, the datagram it completes). */
export async function buildPacketDetail(session: Session, number: number, flow?: PacketFlowInfo): Promise<PacketDetail> {
  const index = session.index;
  if (!Number.isInteger(number) || number < 1 || number > index.count) {
    throw new NotFoundError('packet-not-found', `Packet ${number} does not exist; this capture has ${index.count} packets indexed (numbers start at 1)`);
  }
  const i = number - 1;
  const { bytes } = await readPackets(session.fh, session.readPath, index, [i]);
  const iface = index.interfaceOf(i) ?? { id: index.interfaceId(i), linkType: 0xffff, linkTypeName: 'UNKNOWN', snapLen: 0, tsDigits: 6 };
  const meta: FrameMeta = {
    number,
    timestamp: { sec: index.tsSec(i), nsec: index.tsNsec(i) },
    relTime: index.relTime(i),
    firstTimestamp: { sec: index.tsSec(0), nsec: index.tsNsec(0) },
    caplen: index.caplen(i),
    origlen: index.origlen(i),
    interface: iface,
    ...(flow !== undefined ? { flow } : {}),
  };
  const { tree, sources } = dissectDetail(bytes, meta);
  const comments = await readComments(session, i);
  const { flow: _flow, firstTimestamp: _first, ...shown } = meta;
  return { sessionId: session.id, ...shown, comments, bytes, tree, ...(sources !== undefined && sources.length > 0 ? { sources } : {}) };
}
