/**
 * What the IPv6 extension headers share: each is a layer of its own (as in Wireshark 4.0's frame.protocols:
 * `ipv6:ipv6.hopopts:ipv6.routing:udp`), shows "IPv6" in the Protocol column (its `short`), consumes its bytes from the
 * IPv6 payload length the upper layers see, and hands off to its next header in `ip.proto`.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';

/** Length in bytes of a header whose second byte counts 8-octet units beyond the first. */
export function extLength(view: ByteView): number {
  return (view.u8(1) + 1) * 8;
}

/** Adds `<abbrev>.nxt`, `.len` and the generated `.len_oct` of a hop-by-hop, routing or destination options header. */
export function addExtHeader(view: ByteView, ctx: DissectContext, abbrev: string): number {
  const nxt = view.u8(0);
  const len = extLength(view);
  if (ctx.building) {
    ctx.layer.add(`${abbrev}.nxt`, 0, 1, nxt);
    ctx.layer.add(`${abbrev}.len`, 1, 1, view.u8(1));
    ctx.layer.add(`${abbrev}.len_oct`, 1, 1, len, `[Length: ${len} bytes]`);
  }
  view.check(0, len);
  return len;
}

/** Account for `len` header bytes and continue with `nxt`. */
export function nextHeader(ctx: DissectContext, len: number, nxt: number): void {
  if (ctx.facts.ipPayloadLength >= 0) ctx.facts.ipPayloadLength = Math.max(0, ctx.facts.ipPayloadLength - len);
  ctx.handoff('ip.proto', nxt);
}
