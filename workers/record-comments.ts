/** A packet's comments (pcapng opt_comment), read from its record on demand for the detail view. */
import { readRecordDetail } from '../core/pcap/index';
import { TrawlError } from '../core/errors';
import type { Session } from './session';

/** Blocks larger than this are not read for their comments. */
const MAX_BLOCK = 16 * 1024 * 1024;

export async function readComments(session: Session, i: number): Promise<string[]> {
  if (session.info.format !== 'pcapng') return [];
  const at = session.index.recordOffset(i);
  if (at === undefined) return [];
  const head = new Uint8Array(8);
  await session.fh.read(head, 0, 8, at);
  const view = new DataView(head.buffer);
  const little = view.getUint32(0, true) < 0x10000;
  const total = view.getUint32(4, little);
  if (total < 12 || total > MAX_BLOCK) return [];
  const block = new Uint8Array(total);
  const { bytesRead } = await session.fh.read(block, 0, total, at);
  try {
    const header = { format: 'pcapng' as const, byteOrder: session.info.byteOrder, versionMajor: 1, versionMinor: 0, sections: [] };
    return readRecordDetail(block.subarray(0, bytesRead), header).comments;
  } catch (e) {
    if (!(e instanceof TrawlError)) throw e;
    // A damaged options area loses the comments, not the packet: the tree and bytes still show.
    console.warn(`Packet ${i + 1}: comments unreadable: ${e.message}`);
    return [];
  }
}
