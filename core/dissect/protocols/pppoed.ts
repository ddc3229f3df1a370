/**
 * PPPoE Discovery stage (EtherType 0x8863): the PPPoE header and its tags (RFC 2516 appendix A, RFC 4638's
 * PPP-Max-Payload). As Wireshark 4.0 by default, a tag shows as its value only (the tag type and length items
 * are behind a preference) and a tag of length 0 shows nothing. Info is the code. Wireshark: packet-pppoe.c.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { dissectPppoeHeader, PPPOE_CODES, PPPOE_HEADER } from './pppoe';

/** Tag type → the field that shows its value, and whether the value is text. */
const TAG_FIELDS: Readonly<Record<number, readonly [string, 'string' | 'bytes']>> = {
  0x0101: ['pppoed.tags.service_name', 'string'],
  0x0102: ['pppoed.tags.ac_name', 'string'],
  0x0103: ['pppoed.tags.host_uniq', 'bytes'],
  0x0104: ['pppoed.tags.ac_cookie', 'bytes'],
  0x0110: ['pppoed.tags.relay_session_id', 'bytes'],
  0x0120: ['pppoed.tags.max_payload', 'bytes'],
  0x0201: ['pppoed.tags.service_name_error', 'string'],
  0x0202: ['pppoed.tags.ac_system_error', 'string'],
  0x0203: ['pppoed.tags.generic_error', 'string'],
};
const TAG_END_OF_LIST = 0x0000;
const TAG_VENDOR_SPECIFIC = 0x0105;
const TAG_HEADER = 4;

export const pppoed = defineProtocol({
  abbrev: 'pppoed',
  name: 'PPP-over-Ethernet Discovery',
  short: 'PPPoED',
  registersIn: [['ethertype', 0x8863]],
  fields: {
    'pppoed.tags': { name: 'PPPoE Tags', type: 'none' },
    'pppoed.tags.service_name': { name: 'Service-Name', type: 'string' },
    'pppoed.tags.ac_name': { name: 'AC-Name', type: 'string' },
    'pppoed.tags.host_uniq': { name: 'Host-Uniq', type: 'bytes' },
    'pppoed.tags.ac_cookie': { name: 'AC-Cookie', type: 'bytes' },
    'pppoed.tags.vendor_id': { name: 'Vendor id', type: 'uint32' },
    'pppoed.tags.vendor_unspecified': { name: 'Vendor unspecified', type: 'bytes' },
    'pppoed.tags.relay_session_id': { name: 'Relay-Session-Id', type: 'bytes' },
    'pppoed.tags.max_payload': { name: 'PPP-Max-Payload', type: 'bytes' },
    'pppoed.tags.service_name_error': { name: 'Service-Name-Error', type: 'string' },
    'pppoed.tags.ac_system_error': { name: 'AC-System-Error', type: 'string' },
    'pppoed.tags.generic_error': { name: 'Generic-Error', type: 'string' },
    'pppoed.tag.unknown_data': { name: 'Unknown Data', type: 'bytes' },
  },
  dissect(view, ctx) {
    const { code, payloadLength } = dissectPppoeHeader(view, ctx);
    ctx.cols.info = PPPOE_CODES[code] ?? `Unknown (${hex(code, 2)})`;
    ctx.setPayloadLength(0);
    if (payloadLength > 0) dissectTags(view, ctx, PPPOE_HEADER, PPPOE_HEADER + payloadLength);
    return PPPOE_HEADER + payloadLength;
  },
});

function dissectTags(view: ByteView, ctx: DissectContext, start: number, end: number): void {
  const tags: Item | undefined = ctx.building ? ctx.layer.add('pppoed.tags', start, end - start, '') : undefined;
  let off = start;
  while (off + TAG_HEADER <= end) {
    const type = view.u16(off);
    const len = view.u16(off + 2);
    const at = off + TAG_HEADER;
    if (at + len > end) {
      ctx.expert('warn', `Wrong length: tag ${hex(type, 4)} of ${len} bytes runs past the payload`, off + 2, 2);
      break;
    }
    if (tags !== undefined && len > 0) addTag(view, tags, type, at, len);
    else view.check(at, len);
    off = at + len;
    if (type === TAG_END_OF_LIST) break;
  }
}

function addTag(view: ByteView, tags: Item, type: number, at: number, len: number): void {
  const known = TAG_FIELDS[type];
  if (known !== undefined) {
    const [field, kind] = known;
    tags.add(field, at, len, kind === 'string' ? latin1(view.slice(at, len)) : view.slice(at, len));
  } else if (type === TAG_VENDOR_SPECIFIC && len >= 4) {
    tags.add('pppoed.tags.vendor_id', at, 4, view.u32(at));
    if (len > 4) tags.add('pppoed.tags.vendor_unspecified', at + 4, len - 4, view.slice(at + 4, len - 4));
  } else {
    tags.add('pppoed.tag.unknown_data', at, len, view.slice(at, len));
  }
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}
