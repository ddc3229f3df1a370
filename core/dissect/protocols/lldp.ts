/**
 * Link Layer Discovery Protocol (IEEE 802.1AB), EtherType 0x88cc. Wireshark: packet-lldp.c. A list of TLVs
 * (7-bit type, 9-bit length): the mandatory Chassis ID, Port ID and Time To Live, then Port Description,
 * System Name and Description, System Capabilities and Management Address; organisation-specific TLVs
 * (127) and others show type and length only. The Info column is Wireshark's: the chassis and port IDs
 * with their subtype's two-letter prefix, the TTL, and the system name and description.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext } from '../context';
import { formatEther, formatIpv4, hex } from '../format';
import { defineProtocol } from '../protocol';

const TLV_TYPES: Readonly<Record<number, string>> = {
  0: 'End of LLDPDU', 1: 'Chassis Id', 2: 'Port Id', 3: 'Time to Live', 4: 'Port Description', 5: 'System Name',
  6: 'System Description', 7: 'System Capabilities', 8: 'Management Address', 127: 'Organization Specific',
};
const CHASSIS_SUBTYPES: Readonly<Record<number, string>> = {
  0: 'Reserved', 1: 'Chassis component', 2: 'Interface alias', 3: 'Port component', 4: 'MAC address', 5: 'Network address',
  6: 'Interface name', 7: 'Locally assigned',
};
const PORT_SUBTYPES: Readonly<Record<number, string>> = {
  0: 'Reserved', 1: 'Interface alias', 2: 'Port component', 3: 'MAC address', 4: 'Network address', 5: 'Interface name',
  6: 'Agent circuit Id', 7: 'Locally assigned',
};
/** The Info column's prefixes (packet-lldp.c). */
const CHASSIS_PREFIX = ['', 'CO', 'IA', 'PC', 'MA', 'NA', 'IN', 'LA'];
const PORT_PREFIX = ['', 'IA', 'PC', 'MA', 'NA', 'IN', 'AC', 'LA'];
const ADDRESS_FAMILIES: Readonly<Record<number, string>> = { 1: 'IPv4', 2: 'IPv6', 6: '802 (includes all 802 media plus Ethernet canonical format)' };
const INTERFACE_SUBTYPES: Readonly<Record<number, string>> = { 1: 'Unknown', 2: 'ifIndex', 3: 'System port number' };

export const lldp = defineProtocol({
  abbrev: 'lldp',
  name: 'Link Layer Discovery Protocol',
  short: 'LLDP',
  registersIn: [['ethertype', 0x88cc]],
  fields: {
    'lldp.tlv.type': { name: 'TLV Type', type: 'uint16', mask: 0xfe00, strings: TLV_TYPES },
    'lldp.tlv.len': { name: 'TLV Length', type: 'uint16', mask: 0x01ff },
    'lldp.chassis.subtype': { name: 'Chassis Id Subtype', type: 'uint8', strings: CHASSIS_SUBTYPES },
    'lldp.chassis.id': { name: 'Chassis Id', type: 'bytes' },
    'lldp.chassis.id.mac': { name: 'Chassis Id', type: 'ether' },
    'lldp.port.subtype': { name: 'Port Id Subtype', type: 'uint8', strings: PORT_SUBTYPES },
    'lldp.port.id': { name: 'Port Id', type: 'string' },
    'lldp.port.id.mac': { name: 'Port Id', type: 'ether' },
    'lldp.time_to_live': { name: 'Seconds', type: 'uint16' },
    'lldp.port.desc': { name: 'Port Description', type: 'string' },
    'lldp.tlv.system.name': { name: 'System Name', type: 'string' },
    'lldp.tlv.system.desc': { name: 'System Description', type: 'string' },
    'lldp.tlv.system_cap': { name: 'Capabilities', type: 'uint16', base: 'hex' },
    'lldp.tlv.enable_system_cap': { name: 'Enabled Capabilities', type: 'uint16', base: 'hex' },
    'lldp.mgn.address.len': { name: 'Address String Length', type: 'uint8' },
    'lldp.mgn.address.subtype': { name: 'Address Subtype', type: 'uint8', strings: ADDRESS_FAMILIES },
    'lldp.mgn.addr.ip4': { name: 'Management Address', type: 'ipv4' },
    'lldp.mgn.addr.hex': { name: 'Management Address', type: 'bytes' },
    'lldp.mgn.interface.subtype': { name: 'Interface Subtype', type: 'uint8', strings: INTERFACE_SUBTYPES },
    'lldp.mgn.interface.number': { name: 'Interface Number', type: 'uint32' },
    'lldp.mgn.obj.len': { name: 'OID String Length', type: 'uint8' },
  },
  dissect(view, ctx) {
    ctx.cols.info = '';
    // Wireshark stops at once when the LLDPDU does not start with a Chassis ID TLV.
    if ((view.u16(0) >> 9) !== 1) {
      ctx.cols.info = 'Invalid Chassis ID TLV';
      ctx.expert('error', 'Invalid Chassis ID TLV', 0, Math.min(view.length, 2));
      return view.length;
    }
    let at = 0;
    while (view.has(at, 2)) {
      const word = view.u16(at);
      const type = word >> 9;
      const len = word & 0x1ff;
      const t = ctx.building ? ctx.layer.text(TLV_TYPES[type] ?? 'Unknown TLV', at, 2 + len) : ctx.layer;
      if (ctx.building) {
        t.add('lldp.tlv.type', at, 2, type, undefined, word);
        t.add('lldp.tlv.len', at, 2, len, undefined, word);
      }
      view.check(at + 2, len);
      tlv(view, ctx, t, type, at + 2, len);
      // Measured against tshark 4.0: Wireshark's LLDP claims the bytes up to one before the End of LLDPDU
      // TLV, so that byte, the End TLV and any padding become the Ethernet trailer.
      if (type === 0) {
        ctx.setPayloadLength(0);
        return Math.max(at - 1, 0);
      }
      at += 2 + len;
    }
    return at;
  },
});

/** One TLV's value at `at`, `len` bytes. */
function tlv(view: ByteView, ctx: DissectContext, t: ReturnType<DissectContext['layer']['text']>, type: number, at: number, len: number): void {
  const b = ctx.building;
  switch (type) {
    case 0:
      if (b) t.setLabel('End of LLDPDU');
      return;
    case 1:
    case 2: {
      const chassis = type === 1;
      const subtype = view.u8(at);
      const id = idText(view, subtype, chassis, at + 1, len - 1);
      const prefix = (chassis ? CHASSIS_PREFIX : PORT_PREFIX)[subtype] ?? '';
      ctx.cols.info += `${prefix}/${id} `;
      if (!b) return;
      const names = chassis ? CHASSIS_SUBTYPES : PORT_SUBTYPES;
      t.setLabel(`${chassis ? 'Chassis' : 'Port'} Subtype = ${names[subtype] ?? 'Reserved'}, Id: ${id}`);
      t.add(chassis ? 'lldp.chassis.subtype' : 'lldp.port.subtype', at, 1, subtype);
      const mac = chassis ? subtype === 4 : subtype === 3;
      if (mac && len === 7) t.add(chassis ? 'lldp.chassis.id.mac' : 'lldp.port.id.mac', at + 1, 6, view.slice(at + 1, 6));
      else if (chassis) t.add('lldp.chassis.id', at + 1, len - 1, view.slice(at + 1, len - 1));
      else t.add('lldp.port.id', at + 1, len - 1, id);
      return;
    }
    case 3: {
      const ttl = view.u16(at);
      ctx.cols.info += `${ttl} `;
      if (b) {
        t.setLabel(`Time To Live = ${ttl} sec`);
        t.add('lldp.time_to_live', at, 2, ttl);
      }
      return;
    }
    case 4:
    case 5:
    case 6: {
      const text = ascii(view.slice(at, len));
      if (type === 5) ctx.cols.info += `SysN=${text} `;
      if (type === 6) ctx.cols.info += `SysD=${text} `;
      if (!b) return;
      const name = type === 4 ? 'Port Description' : type === 5 ? 'System Name' : 'System Description';
      t.setLabel(`${name} = ${text}`);
      t.add(type === 4 ? 'lldp.port.desc' : type === 5 ? 'lldp.tlv.system.name' : 'lldp.tlv.system.desc', at, len, text);
      return;
    }
    case 7:
      if (b) {
        t.setLabel('Capabilities');
        t.add('lldp.tlv.system_cap', at, 2, view.u16(at), `Capabilities: ${hex(view.u16(at), 4)}`);
        t.add('lldp.tlv.enable_system_cap', at + 2, 2, view.u16(at + 2), `Enabled Capabilities: ${hex(view.u16(at + 2), 4)}`);
      }
      return;
    case 8:
      if (b) management(view, t, at, len);
      return;
  }
}

function management(view: ByteView, t: ReturnType<DissectContext['layer']['text']>, at: number, len: number): void {
  const alen = view.u8(at);
  const family = view.u8(at + 1);
  t.add('lldp.mgn.address.len', at, 1, alen);
  t.add('lldp.mgn.address.subtype', at + 1, 1, family);
  if (family === 1 && alen === 5) t.add('lldp.mgn.addr.ip4', at + 2, 4, view.slice(at + 2, 4));
  else if (alen > 1) t.add('lldp.mgn.addr.hex', at + 2, alen - 1, view.slice(at + 2, alen - 1));
  const after = at + 1 + alen;
  if (after + 5 > at + len) return;
  t.add('lldp.mgn.interface.subtype', after, 1, view.u8(after));
  t.add('lldp.mgn.interface.number', after + 1, 4, view.u32(after + 1));
  t.add('lldp.mgn.obj.len', after + 5, 1, view.u8(after + 5));
}

/** An ID as Wireshark prints it: a MAC, an IPv4 network address, or the string. */
function idText(view: ByteView, subtype: number, chassis: boolean, at: number, len: number): string {
  if ((chassis ? subtype === 4 : subtype === 3) && len === 6) return formatEther(view.slice(at, 6), 0);
  if ((chassis ? subtype === 5 : subtype === 4) && len === 5 && view.u8(at) === 1) return formatIpv4(view.slice(at + 1, 4), 0);
  return ascii(view.slice(at, len));
}

/** Text as Wireshark's format_text shows it: C escapes for CR, LF and tab, `\xhh` for other controls. */
function ascii(bytes: Uint8Array): string {
  let s = '';
  for (const c of bytes) {
    if (c === 0x0d) s += '\\r';
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x09) s += '\\t';
    else if (c < 0x20 || c >= 0x7f) s += `\\x${c.toString(16).padStart(2, '0')}`;
    else s += String.fromCharCode(c);
  }
  return s;
}
