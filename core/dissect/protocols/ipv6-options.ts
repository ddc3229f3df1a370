/**
 * The TLV options of IPv6 hop-by-hop and destination options headers (RFC 8200 §4.2), as Wireshark's
 * packet-ipv6.c shows them: one `ipv6.opt` item per option with its type (action, may-change, low bits),
 * its length and, for the common ones, the value (PadN, Router Alert, Jumbo Payload, Tunnel Encapsulation
 * Limit, Home Address). The fields belong to the ipv6 protocol (`ipv6.opt.*`), as in Wireshark.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDefs } from '../field';
import { formatIpv6 } from '../format';

const OPTION_NAMES: Readonly<Record<number, string>> = {
  0x00: 'Pad1', 0x01: 'PadN', 0x04: 'Tunnel Encapsulation Limit', 0x05: 'Router Alert', 0x07: 'CALIPSO', 0x08: 'SMF_DPD',
  0x0f: 'Performance and Diagnostic Metrics', 0x26: 'Quick-Start', 0x31: 'IOAM', 0x63: 'RPL Option', 0x6d: 'MPL Option',
  0x8b: 'ILNP Nonce', 0x8c: 'Line-Identification Option', 0xc2: 'Jumbo Payload', 0xc9: 'Home Address Option', 0xee: 'IP_DFF',
};
const ACTIONS: Readonly<Record<number, string>> = {
  0: 'Skip and continue', 1: 'Discard datagram', 2: 'Discard and send ICMP Parameter Problem', 3: 'Discard and send ICMP if not multicast',
};
/** Options whose value has one valid length. */
const FIXED_LENGTH: Readonly<Record<number, number>> = { 0x04: 1, 0x05: 2, 0xc2: 4, 0xc9: 16 };
const ROUTER_ALERT: Readonly<Record<number, string>> = { 0: 'MLD', 1: 'RSVP', 2: 'Active Networks' };

export const IPV6_OPTION_FIELDS: FieldDefs = {
  'ipv6.opt': { name: 'IPv6 Option', type: 'none' },
  'ipv6.opt.type': { name: 'Type', type: 'uint8', base: 'hex', strings: OPTION_NAMES },
  'ipv6.opt.type.action': { name: 'Action', type: 'uint8', mask: 0xc0, strings: ACTIONS },
  'ipv6.opt.type.change': { name: 'May Change', type: 'bool', mask: 0x20, tfs: ['Yes', 'No'] },
  'ipv6.opt.type.rest': { name: 'Low-Order Bits', type: 'uint8', base: 'hex', mask: 0x1f },
  'ipv6.opt.length': { name: 'Length', type: 'uint8' },
  'ipv6.opt.pad1': { name: 'Pad1', type: 'none' },
  'ipv6.opt.padn': { name: 'PadN', type: 'bytes' },
  'ipv6.opt.router_alert': { name: 'Router Alert', type: 'uint16', strings: ROUTER_ALERT },
  'ipv6.opt.tel': { name: 'Tunnel Encapsulation Limit', type: 'uint8' },
  'ipv6.opt.jumbo': { name: 'Payload Length', type: 'uint32' },
  'ipv6.opt.mipv6.home_address': { name: 'MIPv6 Home Address', type: 'ipv6' },
  'ipv6.opt.unknown': { name: 'Unknown Option Payload', type: 'bytes' },
  'ipv6.opt.invalid_len': { name: 'Invalid IPv6 option length', type: 'none' },
};

/** Lists the options in bytes [from, to) of the current layer. Only called when building. */
export function addIpv6Options(view: ByteView, ctx: DissectContext, from: number, to: number): void {
  let at = from;
  while (at < to) {
    const type = view.u8(at);
    const name = OPTION_NAMES[type] ?? 'Unknown IPv6 Option';
    if (type === 0) {
      const o = ctx.layer.add('ipv6.opt', at, 1, '', name);
      addType(o, at, type, name);
      o.add('ipv6.opt.pad1', at, 1, '', 'Pad1');
      at += 1;
      continue;
    }
    const len = view.u8(at + 1);
    const o = ctx.layer.add('ipv6.opt', at, Math.min(2 + len, to - at), '', name);
    addType(o, at, type, name);
    o.add('ipv6.opt.length', at + 1, 1, len);
    if (at + 2 + len > to) {
      ctx.expert('error', 'Invalid IPv6 option length', at + 1, 1);
      ctx.malformed(`IPv6 option length ${len} runs past the header`);
      return;
    }
    if (FIXED_LENGTH[type] !== undefined && FIXED_LENGTH[type] !== len) {
      // Wireshark stops reading the options at an option of the wrong length.
      ctx.expert('error', 'Invalid IPv6 option length', at + 1, 1);
      return;
    }
    const v = at + 2;
    if (type === 1) {
      // tshark prints an empty bytes field as "<none>".
      o.add('ipv6.opt.padn', v, len, len > 0 ? view.slice(v, len) : '<none>');
    } else if (type === 5 && len === 2) {
      o.add('ipv6.opt.router_alert', v, 2, view.u16(v));
    } else if (type === 4 && len === 1) {
      o.add('ipv6.opt.tel', v, 1, view.u8(v));
    } else if (type === 0xc2 && len === 4) {
      o.add('ipv6.opt.jumbo', v, 4, view.u32(v));
    } else if (type === 0xc9 && len === 16) {
      o.add('ipv6.opt.mipv6.home_address', v, 16, view.slice(v, 16));
    } else if (len > 0 && OPTION_NAMES[type] === undefined) {
      o.add('ipv6.opt.unknown', v, len, view.slice(v, len));
    }
    at += 2 + len;
  }
}

function addType(o: Item, at: number, type: number, name: string): void {
  const t = o.add('ipv6.opt.type', at, 1, type, `Type: ${name} (0x${type.toString(16).padStart(2, '0')})`);
  t.add('ipv6.opt.type.action', at, 1, type >> 6, undefined, type);
  t.add('ipv6.opt.type.change', at, 1, (type & 0x20) !== 0, undefined, type);
  t.add('ipv6.opt.type.rest', at, 1, type & 0x1f, undefined, type);
}

/**
 * A home address option (RFC 6275 §6.3) makes the home address the packet's source for what follows, as
 * Wireshark sets pinfo->src from it: the Source column, and the addresses the conversations above key on.
 * Read in every dissection, not only for a tree; options are walked as `addIpv6Options` walks them (an
 * option of the wrong fixed length or running past the header ends the walk).
 */
export function applyHomeAddress(view: ByteView, ctx: DissectContext, from: number, to: number): void {
  const end = Math.min(to, view.length);
  let at = from;
  while (at + 2 <= end) {
    const type = view.u8(at);
    if (type === 0) {
      at += 1;
      continue;
    }
    const len = view.u8(at + 1);
    if (at + 2 + len > end || (FIXED_LENGTH[type] !== undefined && FIXED_LENGTH[type] !== len)) return;
    if (type === 0xc9) {
      ctx.facts.ipSrc = view.slice(at + 2, 16);
      ctx.facts.ipEndpointsMoved = true;
      ctx.cols.source = formatIpv6(view.bytes, view.start + at + 2);
    }
    at += 2 + len;
  }
}
