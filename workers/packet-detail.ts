/** One packet in full for the detail and hex panes: its bytes read again and its whole layer tree. */
import type { PacketDetail } from '../core/api';
import { dissectTree } from '../core/dissect/index';
import { NotFoundError } from '../core/errors';
import { readPackets } from './packet-reader';
import { readComments } from './record-comments';
import type { Session } from './session';

export async function buildPacketDetail(session: Session, number: number): Promise<PacketDetail> {
  const index = session.index;
  if (!Number.isInteger(number) || number < 1 || number > index.count) {
    throw new NotFoundError('packet-not-found', `Packet ${number} does not exist; this capture has ${index.count} packets indexed (numbers start at 1)`);
  }
  const i = number - 1;
  const { bytes } = await readPackets(session.fh, session.readPath, index, [i]);
  const iface = index.interfaceOf(i) ?? { id: index.interfaceId(i), linkType: 0xffff, linkTypeName: 'UNKNOWN', snapLen: 0, tsDigits: 6 };
  const meta = {
    number,
    timestamp: { sec: index.tsSec(i), nsec: index.tsNsec(i) },
    relTime: index.relTime(i),
    firstTimestamp: { sec: index.tsSec(0), nsec: index.tsNsec(0) },
    caplen: index.caplen(i),
    origlen: index.origlen(i),
    interface: iface,
  };
  const tree = dissectTree(bytes, meta);
  const comments = await readComments(session, i);
  return { sessionId: session.id, ...meta, comments, bytes, tree };
}
