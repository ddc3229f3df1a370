/** The v2 header of Linux cooked capture (LINKTYPE_LINUX_SLL2, 276): 20 bytes, protocol first. Part of `sll`. */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { sllAddress, sllProtocol } from './sll';

export function dissectSll2(view: ByteView, ctx: DissectContext): number {
  view.check(0, 20);
  const protocol = view.u16(0);
  const t = ctx.layer;
  if (ctx.building) {
    t.setLabel('Linux cooked capture v2');
    t.add('sll.reserved', 2, 2, view.u16(2));
    t.add('sll.ifindex', 4, 4, view.u32(4));
    t.add('sll.hatype', 8, 2, view.u16(8));
    t.add('sll.pkttype', 10, 1, view.u8(10));
    t.add('sll.halen', 11, 1, view.u8(11));
  }
  const hatype = view.u16(8);
  sllAddress(view, ctx, 12, view.u8(11), hatype);
  sllProtocol(view, ctx, 0, protocol, hatype);
  return 20;
}
