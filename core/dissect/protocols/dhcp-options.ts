/**
 * DHCP options (RFC 2132 and later) as Wireshark's packet-dhcp.c shows them: each option is a
 * `dhcp.option.type` item labelled `Option: (53) DHCP Message Type (Discover)` with its length, its raw
 * value (the hidden `dhcp.option.value`) and the decoded field of the common options.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDefs } from '../field';
import { formatEther, formatIpv4 } from '../format';
import { secondsText } from './dns-types';

/** How an option's value is decoded. */
type Kind = 'ipv4' | 'ipv4s' | 'u8' | 'u16' | 'time' | 'string' | 'bytes';

interface OptionSpec {
  readonly name: string;
  readonly kind: Kind;
  /** The value's field (absent: only length and raw value). */
  readonly field?: string;
}

const ip = (name: string, field: string): OptionSpec => ({ name, kind: 'ipv4', field });
const ips = (name: string, field: string): OptionSpec => ({ name, kind: 'ipv4s', field });
const text = (name: string, field: string): OptionSpec => ({ name, kind: 'string', field });
const raw = (name: string): OptionSpec => ({ name, kind: 'bytes' });

export const DHCP_OPTIONS: Readonly<Record<number, OptionSpec>> = {
  1: ip('Subnet Mask', 'dhcp.option.subnet_mask'),
  2: raw('Time Offset'),
  3: ips('Router', 'dhcp.option.router'),
  4: ips('Time Server', 'dhcp.option.time_server'),
  5: ips('Name Server', 'dhcp.option.name_server'),
  6: ips('Domain Name Server', 'dhcp.option.domain_name_server'),
  7: ips('Log Server', 'dhcp.option.log_server'),
  12: text('Host Name', 'dhcp.option.hostname'),
  13: { name: 'Boot File Size', kind: 'u16', field: 'dhcp.option.boot_file_size' },
  15: text('Domain Name', 'dhcp.option.domain_name'),
  17: text('Root Path', 'dhcp.option.root_path'),
  23: { name: 'Default IP Time-to-Live', kind: 'u8', field: 'dhcp.option.default_ip_ttl' },
  26: { name: 'Interface MTU', kind: 'u16', field: 'dhcp.option.interface_mtu' },
  28: ip('Broadcast Address', 'dhcp.option.broadcast_address'),
  31: raw('Perform Router Discover'),
  33: raw('Static Route'),
  40: text('Network Information Service Domain', 'dhcp.option.nis_domain'),
  41: ips('Network Information Service Servers', 'dhcp.option.nis_server'),
  42: ips('Network Time Protocol Servers', 'dhcp.option.ntp_server'),
  43: raw('Vendor-Specific Information'),
  44: ips('NetBIOS over TCP/IP Name Server', 'dhcp.option.netbios_over_tcpip_name_server'),
  46: { name: 'NetBIOS over TCP/IP Node Type', kind: 'u8', field: 'dhcp.option.netbios_over_tcpip_node_type' },
  47: text('NetBIOS over TCP/IP Scope', 'dhcp.option.netbios_over_tcpip_scope'),
  50: ip('Requested IP Address', 'dhcp.option.requested_ip_address'),
  51: { name: 'IP Address Lease Time', kind: 'time', field: 'dhcp.option.ip_address_lease_time' },
  53: raw('DHCP Message Type'),
  54: ip('DHCP Server Identifier', 'dhcp.option.dhcp_server_id'),
  55: raw('Parameter Request List'),
  56: text('Message', 'dhcp.option.message'),
  57: { name: 'Maximum DHCP Message Size', kind: 'u16', field: 'dhcp.option.dhcp_max_message_size' },
  58: { name: 'Renewal Time Value', kind: 'time', field: 'dhcp.option.renewal_time_value' },
  59: { name: 'Rebinding Time Value', kind: 'time', field: 'dhcp.option.rebinding_time_value' },
  60: text('Vendor class identifier', 'dhcp.option.vendor_class_id'),
  61: raw('Client identifier'),
  66: text('TFTP Server Name', 'dhcp.option.tftp_server_name'),
  67: text('Bootfile name', 'dhcp.option.bootfile_name'),
  77: raw('User Class Information'),
  81: raw('Client Fully Qualified Domain Name'),
  82: raw('Agent Information Option'),
  91: raw('Client last transaction time'),
  92: raw('Associated IP option'),
  100: raw('PCode'),
  101: raw('TCode'),
  108: raw('IPv6-Only Preferred'),
  114: raw('DHCP Captive-Portal'),
  116: { name: 'DHCP Auto-Configuration', kind: 'u8', field: 'dhcp.option.dhcp_auto_configuration' },
  119: raw('Domain Search'),
  121: raw('Classless Static Route'),
  145: raw('Forcerenew Nonce Capable'),
  150: raw('TFTP Server Address'),
  161: raw('Manufacturer Usage Description'),
  249: raw('Private/Classless Static Route'),
  252: raw('Private/Proxy autodiscovery'),
};

export const DHCP_MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: 'Discover', 2: 'Offer', 3: 'Request', 4: 'Decline', 5: 'ACK', 6: 'NAK', 7: 'Release', 8: 'Inform', 9: 'Force Renew',
  10: 'Lease query', 11: 'Lease Unassigned', 12: 'Lease Unknown', 13: 'Lease Active', 14: 'Bulk Lease Query',
  15: 'Lease Query Done', 16: 'Active LeaseQuery', 17: 'Lease Query Status', 18: 'TLS',
};

export function optionName(code: number): string {
  return DHCP_OPTIONS[code]?.name ?? (code >= 224 && code <= 254 ? 'Private' : 'Unknown');
}

const ipv4 = (name: string) => ({ name, type: 'ipv4' }) as const;
const stringz = (name: string) => ({ name, type: 'string' }) as const;

export const DHCP_OPTION_FIELDS: FieldDefs = {
  'dhcp.option.type': { name: 'Option', type: 'uint8' },
  'dhcp.option.length': { name: 'Length', type: 'uint8' },
  'dhcp.option.value': { name: 'Value', type: 'bytes' },
  'dhcp.option.padding': { name: 'Padding', type: 'bytes' },
  'dhcp.option.end': { name: 'Option End', type: 'uint8' },
  'dhcp.option.dhcp': { name: 'DHCP', type: 'uint8', strings: DHCP_MESSAGE_TYPES },
  'dhcp.option.request_list_item': { name: 'Parameter Request List Item', type: 'uint8' },
  'dhcp.option.subnet_mask': ipv4('Subnet Mask'),
  'dhcp.option.router': ipv4('Router'),
  'dhcp.option.time_server': ipv4('Time Server'),
  'dhcp.option.name_server': ipv4('Name Server'),
  'dhcp.option.domain_name_server': ipv4('Domain Name Server'),
  'dhcp.option.log_server': ipv4('Log Server'),
  'dhcp.option.hostname': stringz('Host Name'),
  'dhcp.option.boot_file_size': { name: 'Boot File Size', type: 'uint16' },
  'dhcp.option.domain_name': stringz('Domain Name'),
  'dhcp.option.root_path': stringz('Root Path'),
  'dhcp.option.default_ip_ttl': { name: 'Default IP Time-to-Live', type: 'uint8' },
  'dhcp.option.interface_mtu': { name: 'Interface MTU', type: 'uint16' },
  'dhcp.option.broadcast_address': ipv4('Broadcast Address'),
  'dhcp.option.nis_domain': stringz('Network Information Service Domain'),
  'dhcp.option.nis_server': ipv4('Network Information Service Server'),
  'dhcp.option.ntp_server': ipv4('Network Time Protocol Server'),
  'dhcp.option.netbios_over_tcpip_name_server': ipv4('NetBIOS over TCP/IP Name Server'),
  'dhcp.option.netbios_over_tcpip_node_type': { name: 'NetBIOS over TCP/IP Node Type', type: 'uint8' },
  'dhcp.option.netbios_over_tcpip_scope': stringz('NetBIOS over TCP/IP Scope'),
  'dhcp.option.requested_ip_address': ipv4('Requested IP Address'),
  'dhcp.option.ip_address_lease_time': { name: 'IP Address Lease Time', type: 'uint32' },
  'dhcp.option.dhcp_server_id': ipv4('DHCP Server Identifier'),
  'dhcp.option.message': stringz('Message'),
  'dhcp.option.dhcp_max_message_size': { name: 'Maximum DHCP Message Size', type: 'uint16' },
  'dhcp.option.renewal_time_value': { name: 'Renewal Time Value', type: 'uint32' },
  'dhcp.option.rebinding_time_value': { name: 'Rebinding Time Value', type: 'uint32' },
  'dhcp.option.vendor_class_id': stringz('Vendor class identifier'),
  'dhcp.option.tftp_server_name': stringz('TFTP Server Name'),
  'dhcp.option.bootfile_name': stringz('Bootfile name'),
  'dhcp.option.dhcp_auto_configuration': { name: 'DHCP Auto-Configuration', type: 'uint8' },
  'dhcp.option.user_class': { name: 'Instance of User Class', type: 'uint8' },
  'dhcp.option.user_class.length': { name: 'User Class Length', type: 'uint8' },
  'dhcp.option.user_class.data': { name: 'User Class Data', type: 'bytes' },
  'dhcp.client_id.type': { name: 'Type', type: 'uint8' },
  'dhcp.client_id': { name: 'Identifier', type: 'bytes' },
};

/** What the options tell the header: the DHCP message type (option 53), -1 when absent. */
export interface OptionsResult {
  messageType: number;
  /** Offset after the End option (or the last option). */
  end: number;
}

/** STRINGZ: the text up to the first NUL. */
function stringzText(bytes: Uint8Array): string {
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  return String.fromCharCode(...bytes.subarray(0, end));
}

/**
 * The options from `rel` (after the magic cookie) to the End option. An option running past the packet
 * reads past the view (malformed); a length too short for its type gets an expert item.
 */
export function dissectDhcpOptions(view: ByteView, ctx: DissectContext, rel: number, t: Item): OptionsResult {
  let at = rel;
  let messageType = -1;
  const build = ctx.building;
  while (at < view.length) {
    const code = view.u8(at);
    if (code === 255) {
      if (build) t.add('dhcp.option.type', at, 1, 0, 'Option: (255) End').add('dhcp.option.end', at, 1, 255);
      at++;
      break;
    }
    if (code === 0) {
      let n = 1;
      while (view.has(at + n, 1) && view.u8(at + n) === 0) n++;
      if (build) t.add('dhcp.option.type', at, 1, 0, 'Option: (0) Padding').add('dhcp.option.padding', at, n, view.slice(at, n));
      at += n;
      continue;
    }
    const len = view.u8(at + 1);
    const value = view.slice(at + 2, len);
    if (code === 53 && len >= 1) messageType = value[0];
    if (build) addOption(t, ctx, at, code, value);
    at += 2 + len;
  }
  return { messageType, end: at };
}

function addOption(t: Item, ctx: DissectContext, at: number, code: number, value: Uint8Array): void {
  const spec = DHCP_OPTIONS[code];
  const len = value.length;
  let label = `Option: (${code}) ${optionName(code)}`;
  if (code === 53 && len >= 1) label += ` (${DHCP_MESSAGE_TYPES[value[0]] ?? 'Unknown'})`;
  else if (spec?.kind === 'ipv4' && len === 4) label += ` (${formatIpv4(value, 0)})`;
  const opt = t.add('dhcp.option.type', at, 2 + len, code, label);
  opt.add('dhcp.option.length', at + 1, 1, len);
  opt.hidden('dhcp.option.value', at + 2, len, value);
  const v = at + 2;
  const width: Partial<Record<Kind, number>> = { ipv4: 4, u8: 1, u16: 2, time: 4 };
  const need = spec ? width[spec.kind] : undefined;
  if (need !== undefined && len !== need) {
    ctx.expert('error', `${spec?.name ?? 'Option'}: length ${len} is not ${need}`, at + 1, 1);
    return;
  }
  if (code === 53 && len >= 1) opt.add('dhcp.option.dhcp', v, 1, value[0]);
  else if (code === 55) value.forEach((item, i) => opt.add('dhcp.option.request_list_item', v + i, 1, item, `Parameter Request List Item: (${item}) ${optionName(item)}`));
  else if (code === 61) addClientId(opt, v, value);
  else if (code === 77) addUserClass(opt, v, value);
  else if (spec?.field !== undefined) addValue(opt, spec, v, value);
}

function addValue(opt: Item, spec: OptionSpec, v: number, value: Uint8Array): void {
  const field = spec.field ?? '';
  const dv = new DataView(value.buffer, value.byteOffset, value.byteLength);
  switch (spec.kind) {
    case 'ipv4':
      opt.add(field, v, 4, value);
      break;
    case 'ipv4s':
      for (let i = 0; i + 4 <= value.length; i += 4) opt.add(field, v + i, 4, value.subarray(i, i + 4));
      break;
    case 'u8':
      opt.add(field, v, 1, value[0]);
      break;
    case 'u16':
      opt.add(field, v, 2, dv.getUint16(0));
      break;
    case 'time': {
      const s = dv.getUint32(0);
      opt.add(field, v, 4, s, `${spec.name}: ${s === 0xffffffff ? 'Infinity' : `(${s}s) ${secondsText(s)}`}`);
      break;
    }
    case 'string':
      opt.add(field, v, value.length, stringzText(value));
      break;
    case 'bytes':
      break;
  }
}

/** Option 61: a hardware type and address (type 1: a MAC), or an opaque identifier. */
function addClientId(opt: Item, v: number, value: Uint8Array): void {
  if (value.length === 7 && value[0] === 1) {
    opt.add('dhcp.hw.type', v, 1, 1);
    opt.add('dhcp.hw.mac_addr', v + 1, 6, value.subarray(1), `Client MAC address: ${formatEther(value, 1)}`);
  } else if (value.length > 0) {
    opt.add('dhcp.client_id.type', v, 1, value[0]);
    opt.add('dhcp.client_id', v + 1, value.length - 1, value.subarray(1));
  }
}

/** Option 77 (RFC 3004): instances of length-prefixed user classes. */
function addUserClass(opt: Item, v: number, value: Uint8Array): void {
  let i = 0;
  for (let n = 0; i < value.length; n++) {
    const len = value[i];
    const inst = opt.add('dhcp.option.user_class', v + i, 1 + len, n, `Instance of User Class: [${n}]`);
    inst.add('dhcp.option.user_class.length', v + i, 1, len);
    inst.add('dhcp.option.user_class.data', v + i + 1, len, value.subarray(i + 1, i + 1 + len));
    i += 1 + len;
  }
}
