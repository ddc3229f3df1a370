/**
 * Linux Netfilter NFLOG (LINKTYPE_NFLOG 239): a 4-byte header (address family, version, resource id, network
 * order) and TLVs in the capturing host's (little-endian) order, each padded to 4 bytes. The payload TLV holds
 * the packet: IPv4 or IPv6 by the header's family. Wireshark: packet-nflog.c. A TLV length below its
 * header or past the end is malformed, as Wireshark throws there.
 */
import type { ByteView } from '../byte-view';
import type { Item } from '../context';
import { defineProtocol } from '../protocol';
import { LinkType } from '../link-types';

const FAMILIES: Readonly<Record<number, string>> = {
  0: 'Unspecified', 1: 'IPv4/IPv6', 2: 'IPv4', 3: 'ARP', 5: 'Netdev', 7: 'Bridge', 10: 'IPv6', 12: 'DECNET',
};
const TLV_TYPES: Readonly<Record<number, string>> = {
  0: 'NFULA_UNSPEC', 1: 'NFULA_PACKET_HDR', 2: 'NFULA_MARK', 3: 'NFULA_TIMESTAMP', 4: 'NFULA_IFINDEX_INDEV', 5: 'NFULA_IFINDEX_OUTDEV',
  6: 'NFULA_IFINDEX_PHYSINDEV', 7: 'NFULA_IFINDEX_PHYSOUTDEV', 8: 'NFULA_HWADDR', 9: 'NFULA_PAYLOAD', 10: 'NFULA_PREFIX', 11: 'NFULA_UID',
  12: 'NFULA_SEQ', 13: 'NFULA_SEQ_GLOBAL', 14: 'NFULA_GID', 15: 'NFULA_HWTYPE', 16: 'NFULA_HWHEADER', 17: 'NFULA_HWLEN',
};
const HOOKS: Readonly<Record<number, string>> = {
  0: 'Pre-routing', 1: 'Local in', 2: 'Forward', 3: 'Local out', 4: 'Post-routing', 5: 'Number of hooks',
};
/** TLV types whose value is one 32-bit interface index, and its field. */
const IFINDEX_FIELDS: Readonly<Record<number, string>> = {
  4: 'nflog.ifindex_indev', 5: 'nflog.ifindex_outdev', 6: 'nflog.ifindex_physindev', 7: 'nflog.ifindex_physoutdev',
};
const TLV_PACKET_HDR = 1;
const TLV_TIMESTAMP = 3;
const TLV_PAYLOAD = 9;
const TLV_PREFIX = 10;
/** Types whose value Wireshark decodes with a field of a type Trawl lacks (FT_INT32 uid/gid): no value item. */
const TLV_SIGNED = new Set([11, 14]);
const HEADER = 4;
const TLV_HEADER = 4;
const AF_INET = 2;
const AF_INET6 = 10;

export const nflog = defineProtocol({
  abbrev: 'nflog',
  name: 'Linux Netfilter NFLOG',
  short: 'NFLOG',
  registersIn: [['link', LinkType.NFLOG]],
  fields: {
    'nflog.family': { name: 'Family', type: 'uint8', strings: FAMILIES, offset: 0 },
    'nflog.version': { name: 'Version', type: 'uint8', offset: 1 },
    'nflog.res_id': { name: 'Resource id', type: 'uint16', offset: 2 },
    'nflog.tlv': { name: 'TLV', type: 'bytes' },
    'nflog.tlv_length': { name: 'Length', type: 'uint16' },
    'nflog.tlv_type': { name: 'Type', type: 'uint16', mask: 0x7fff, strings: TLV_TYPES },
    'nflog.protocol': { name: 'HW protocol', type: 'uint16', base: 'hex' },
    'nflog.hook': { name: 'Netfilter hook', type: 'uint8', strings: HOOKS },
    'nflog.ifindex_indev': { name: 'IFINDEX_INDEV', type: 'uint32' },
    'nflog.ifindex_outdev': { name: 'IFINDEX_OUTDEV', type: 'uint32' },
    'nflog.ifindex_physindev': { name: 'IFINDEX_PHYSINDEV', type: 'uint32' },
    'nflog.ifindex_physoutdev': { name: 'IFINDEX_PHYSOUTDEV', type: 'uint32' },
    'nflog.prefix': { name: 'Prefix', type: 'string' },
    'nflog.timestamp': { name: 'Timestamp', type: 'time' },
    'nflog.tlv_value': { name: 'Value', type: 'bytes' },
  },
  dissect(view, ctx) {
    const family = view.u8(0);
    if (ctx.building) {
      ctx.layer.add('nflog.family', 0, 1, family);
      ctx.layer.add('nflog.version', 1, 1, view.u8(1));
      ctx.layer.add('nflog.res_id', 2, 2, view.u16(2));
    }
    ctx.cols.info = '';
    let off = HEADER;
    let payload: [number, number] | undefined;
    while (off < view.reportedLength) {
      const len = view.u16le(off);
      const type = view.u16le(off + 2) & 0x7fff;
      if (len < TLV_HEADER) {
        ctx.malformed(`NFLOG TLV length ${len} is below the 4-byte TLV header`);
        return off;
      }
      view.check(off, len);
      if (type === TLV_PAYLOAD) payload ??= [off + TLV_HEADER, len - TLV_HEADER];
      if (ctx.building) addTlv(view, ctx.layer, off, len, type);
      off += (len + 3) & ~3;
    }
    if (payload === undefined) return Math.min(off, view.reportedLength);
    // The packet is the payload TLV's value; the TLVs after it stay in this layer.
    ctx.setPayloadLength(payload[1]);
    if (family === AF_INET) ctx.handoffTo('ip');
    else if (family === AF_INET6) ctx.handoffTo('ipv6');
    return payload[0];
  },
});

function addTlv(view: ByteView, layer: Item, off: number, len: number, type: number): void {
  const name = TLV_TYPES[type] ?? 'Unknown';
  const t = layer.add('nflog.tlv', off, len, view.slice(off, len), `TLV Type: ${name} (${type}), Length: ${len}`);
  const raw = view.u16le(off + 2);
  t.add('nflog.tlv_length', off, 2, len);
  t.add('nflog.tlv_type', off + 2, 2, type, undefined, raw);
  const at = off + TLV_HEADER;
  const n = len - TLV_HEADER;
  const ifindex = IFINDEX_FIELDS[type];
  if (type === TLV_PACKET_HDR && n >= 3) {
    t.add('nflog.protocol', at, 2, view.u16(at));
    t.add('nflog.hook', at + 2, 1, view.u8(at + 2));
  } else if (ifindex !== undefined && n === 4) {
    t.add(ifindex, at, 4, view.u32(at));
  } else if (type === TLV_PREFIX) {
    t.add('nflog.prefix', at, n, stringz(view.slice(at, n)));
  } else if (type === TLV_TIMESTAMP && n === 16) {
    // Seconds and microseconds, each 64-bit in network order; the high halves are zero until 2106.
    t.add('nflog.timestamp', at, 16, { sec: view.u32(at + 4), nsec: view.u32(at + 12) * 1000 });
  } else if (type !== TLV_PAYLOAD && !TLV_SIGNED.has(type) && n > 0) {
    t.add('nflog.tlv_value', at, n, view.slice(at, n));
  }
}

/** Text up to the first NUL. */
function stringz(b: Uint8Array): string {
  let s = '';
  for (const c of b) {
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

