/**
 * IEEE 802.2 Logical-Link Control, with SNAP (DSAP = SSAP = 0xaa): the OUI and protocol ID, an EtherType when
 * the OUI is 00:00:00 (or Cisco-90 / Apple), dispatched through the shared `ethertype` table. Other SAPs
 * (STP, NetBIOS, ISO network layer) are looked up in `llc.dsap`. Wireshark: packet-llc.c and xdlc.c for the
 * control field.
 */
import { hex } from '../format';
import { defineProtocol } from '../protocol';
import { decodeLlcControl, LLC_S_FUNCS, LLC_U_CMDS, LLC_U_RESPS } from './llc-control';

/** SAP names as Wireshark's sap_vals print them. */
export const SAP_NAMES: Readonly<Record<number, string>> = {
  0x00: 'NULL LSAP', 0x02: 'LLC Sub-Layer Management', 0x04: 'SNA Path Control', 0x06: 'TCP/IP', 0x08: 'SNA', 0x0c: 'SNA',
  0x0e: 'PROWAY (IEC955) Network Management and Initialization', 0x10: 'NetWare (unofficial?)', 0x14: 'ISO Network Layer (OSLAN 1)',
  0x18: 'Texas Instruments', 0x20: 'ISO Network Layer (unofficial?)', 0x34: 'ISO Network Layer (unofficial?)', 0x42: 'Spanning Tree BPDU',
  0x4e: 'EIA RS-511 Manufacturing Message Service', 0x54: 'ISO Network Layer (OSLAN 2)', 0x7e: 'ISO 8208 (X.25 over 802.2)', 0x80: 'XNS',
  0x82: 'BACnet', 0x86: 'Nestar', 0x8e: 'PROWAY (IEC955) Active Station List Maintenance', 0x98: 'ARP', 0xaa: 'SNAP',
  0xb4: 'HP JetDirect Printer', 0xba: 'Banyan Vines', 0xbc: 'Banyan Vines', 0xe0: 'NetWare', 0xf0: 'NetBIOS', 0xf4: 'IBM Net Management',
  0xf8: 'HP Extended LLC', 0xfa: 'Ungermann-Bass', 0xfc: 'Remote Program Load', 0xfe: 'ISO Network Layer',
};

/** Organisation codes Wireshark names in the SNAP Info text (oui_vals). */
export const OUI_NAMES: Readonly<Record<number, string>> = {
  0x000000: 'Officially Xerox, but 0:0:0:0:0:0 is more common', 0x00000c: 'Cisco Systems, Inc', 0x0000f8: 'Cisco 90-Compatible',
  0x00e02b: 'Extreme Networks', 0x080007: 'Apple', 0x0080c2: 'IEEE 802.1 Committee', 0x00a0c5: 'Zyxel Communications Corporation',
  0x001b19: 'IEEE 1588', 0x000142: 'Cisco Systems, Inc', 0x00e052: 'Foundry Networks', 0x0019a7: 'ITU-T',
};

/** OUIs whose PID is an EtherType (RFC 1042 encapsulation, Cisco's 90-compatible form, AppleTalk). */
const ETHERTYPE_OUIS: ReadonlySet<number> = new Set([0x000000, 0x0000f8, 0x080007]);
const OUI_CISCO = 0x00000c;
const SAP_SNAP = 0xaa;

const sapName = (sap: number): string => SAP_NAMES[sap] ?? hex(sap, 2);

export const llc = defineProtocol({
  abbrev: 'llc',
  name: 'Logical-Link Control',
  short: 'LLC',
  ownsTables: ['llc.dsap'],
  fields: {
    'llc.dsap': { name: 'DSAP', type: 'uint8', base: 'hex', strings: SAP_NAMES, offset: 0 },
    'llc.dsap.sap': { name: 'SAP', type: 'uint8', mask: 0xfe, strings: SAP_NAMES, offset: 0 },
    'llc.dsap.ig': { name: 'IG Bit', type: 'bool', mask: 0x01, tfs: ['Group', 'Individual'], offset: 0 },
    'llc.ssap': { name: 'SSAP', type: 'uint8', base: 'hex', strings: SAP_NAMES, offset: 1 },
    'llc.ssap.sap': { name: 'SAP', type: 'uint8', mask: 0xfe, strings: SAP_NAMES, offset: 1 },
    'llc.ssap.cr': { name: 'CR Bit', type: 'bool', mask: 0x01, tfs: ['Response', 'Command'], offset: 1 },
    'llc.control': { name: 'Control', type: 'uint16', base: 'hex', offset: 2 },
    'llc.control.n_r': { name: 'N(R)', type: 'uint16', mask: 0xfe00 },
    'llc.control.n_s': { name: 'N(S)', type: 'uint16', mask: 0x00fe },
    'llc.control.p': { name: 'Poll', type: 'bool', mask: 0x10, tfs: ['Set', 'Not set'] },
    'llc.control.f': { name: 'Final', type: 'bool', mask: 0x10, tfs: ['Set', 'Not set'] },
    'llc.control.s_ftype': { name: 'Supervisory frame type', type: 'uint16', base: 'hex', mask: 0x0c, strings: LLC_S_FUNCS },
    'llc.control.u_modifier_cmd': { name: 'Command', type: 'uint8', base: 'hex', mask: 0xec, strings: LLC_U_CMDS },
    'llc.control.u_modifier_resp': { name: 'Response', type: 'uint8', base: 'hex', mask: 0xec, strings: LLC_U_RESPS },
    // Wireshark has an 8-bit (U frames) and a 16-bit (I/S frames) item of this name; -T fields prints the
    // U form's two digits, which is the common case.
    'llc.control.ftype': { name: 'Frame type', type: 'uint8', base: 'hex', mask: 0x03, strings: { 0: 'Information frame', 1: 'Supervisory frame', 3: 'Unnumbered frame' } },
    'llc.oui': { name: 'Organization Code', type: 'uint24', strings: OUI_NAMES, offset: 3 },
    'llc.type': { name: 'Type', type: 'uint16', base: 'hex', offset: 6 },
    'llc.pid': { name: 'Protocol ID', type: 'uint16', base: 'hex', offset: 6 },
    'llc.cisco_pid': { name: 'PID', type: 'uint16', base: 'hex', offset: 6 },
  },
  dissect(view, ctx) {
    const dsap = view.u8(0);
    const ssap = view.u8(1);
    const isResponse = (ssap & 1) !== 0;
    const c = decodeLlcControl(view, 2, isResponse);
    const t = ctx.layer;
    if (ctx.building) {
      const d = t.add('llc.dsap', 0, 1, dsap, `DSAP: ${sapName(dsap & 0xfe)} (${hex(dsap, 2)})`);
      d.add('llc.dsap.sap', 0, 1, dsap >> 1, `${bits8(0xfe, dsap)} = SAP: ${sapName(dsap & 0xfe)}`);
      d.add('llc.dsap.ig', 0, 1, (dsap & 1) !== 0, undefined, dsap);
      const s = t.add('llc.ssap', 1, 1, ssap, `SSAP: ${sapName(ssap & 0xfe)} (${hex(ssap, 2)})`);
      s.add('llc.ssap.sap', 1, 1, ssap >> 1, `${bits8(0xfe, ssap)} = SAP: ${sapName(ssap & 0xfe)}`);
      s.add('llc.ssap.cr', 1, 1, isResponse, undefined, ssap);
      c.addTo(t);
    }
    ctx.cols.protocol = 'LLC';
    const isSnap = dsap === SAP_SNAP && ssap === SAP_SNAP;
    if (isSnap && c.isUi) {
      const oui = view.u24(3);
      const pid = view.u16(6);
      ctx.cols.info = `${c.info}; SNAP, OUI 0x${oui.toString(16).toUpperCase().padStart(6, '0')} (${OUI_NAMES[oui] ?? 'Unknown'}), PID ${hex(pid, 4)}`;
      if (ctx.building) {
        t.add('llc.oui', 3, 3, oui, `Organization Code: ${ouiText(oui)}`);
        const pidField = ETHERTYPE_OUIS.has(oui) ? 'llc.type' : oui === OUI_CISCO ? 'llc.cisco_pid' : 'llc.pid';
        t.add(pidField, 6, 2, pid);
      }
      // Through the EtherType table's entries but not as the `ethertype` protocol: tshark lists `llc:ip`.
      const next = ETHERTYPE_OUIS.has(oui) ? ctx.registry.tables.get('ethertype')?.get(pid) : undefined;
      if (next !== undefined) ctx.handoffTo(next.abbrev);
      return 8;
    }
    ctx.cols.info = `${c.info}; DSAP ${sapName(dsap & 0xfe)} ${(dsap & 1) !== 0 ? 'Group' : 'Individual'}, SSAP ${sapName(ssap & 0xfe)} ${isResponse ? 'Response' : 'Command'}`;
    if (c.isI || c.isUi) ctx.handoff('llc.dsap', dsap);
    return 2 + c.length;
  },
});

function bits8(mask: number, raw: number): string {
  let out = '';
  for (let i = 7; i >= 0; i--) {
    out += (mask >> i) & 1 ? String((raw >> i) & 1) : '.';
    if (i === 4) out += ' ';
  }
  return out;
}

function ouiText(oui: number): string {
  const h = oui.toString(16).padStart(6, '0');
  return `${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)} (${OUI_NAMES[oui] ?? 'Unknown'})`;
}
