/**
 * Continue with the protocol an EtherType names without passing through Ethernet's `ethertype` table as a
 * layer of its own: tunnels (GRE, Geneve) look the EtherType up as Wireshark's do, and Wireshark lists no
 * `ethertype` pseudo-protocol in frame.protocols for them. 0x6558 (Transparent Ethernet Bridging) is Ethernet.
 */
import type { DissectContext } from '../context';

export const ETHERTYPE_TEB = 0x6558;

/** Hand off to the protocol registered for `type` in `ethertype` (or Ethernet for 0x6558). */
export function handoffByEthertype(ctx: DissectContext, type: number): boolean {
  if (type === ETHERTYPE_TEB) {
    ctx.handoffTo('eth');
    return true;
  }
  const next = ctx.registry.tables.get('ethertype')?.get(type);
  if (next === undefined) return false;
  ctx.handoffTo(next.abbrev);
  return true;
}
