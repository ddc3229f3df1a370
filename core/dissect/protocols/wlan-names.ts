/** 802.11 frame type/subtype names and the MAC header's field declarations, as Wireshark 4.0 has them. Part of `wlan`. */
import type { FieldDef } from '../field';

/** (type << 4 | subtype) → Wireshark's frame name (Info column and Type/Subtype label). */
export const FRAME_NAMES: Readonly<Record<number, string>> = {
  0x00: 'Association Request', 0x01: 'Association Response', 0x02: 'Reassociation Request', 0x03: 'Reassociation Response',
  0x04: 'Probe Request', 0x05: 'Probe Response', 0x06: 'Measurement Pilot', 0x08: 'Beacon frame', 0x09: 'ATIM', 0x0a: 'Disassociate',
  0x0b: 'Authentication', 0x0c: 'Deauthentication', 0x0d: 'Action', 0x0e: 'Action No Ack',
  0x14: 'Beamforming Report Poll', 0x15: 'VHT/HE NDP Announcement', 0x16: 'Control Frame Extension', 0x17: 'Control Wrapper',
  0x18: '802.11 Block Ack Req', 0x19: '802.11 Block Ack', 0x1a: 'Power-Save poll', 0x1b: 'Request-to-send', 0x1c: 'Clear-to-send',
  0x1d: 'Acknowledgement', 0x1e: 'CF-End (Control-frame)', 0x1f: 'CF-End + CF-Ack (Control-frame)',
  0x20: 'Data', 0x21: 'Data + CF-Ack', 0x22: 'Data + CF-Poll', 0x23: 'Data + CF-Ack + CF-Poll', 0x24: 'Null function (No data)',
  0x25: 'Acknowledgement (No data)', 0x26: 'CF-Poll (No data)', 0x27: 'CF-Ack/Poll (No data)', 0x28: 'QoS Data',
  0x29: 'QoS Data + CF-Acknowledgment', 0x2a: 'QoS Data + CF-Poll', 0x2b: 'QoS Data + CF-Ack + CF-Poll', 0x2c: 'QoS Null function (No data)',
  0x2e: 'QoS CF-Poll (No Data)', 0x2f: 'QoS CF-Ack + CF-Poll (No Data)',
};

const TYPES: Readonly<Record<number, string>> = { 0: 'Management frame', 1: 'Control frame', 2: 'Data frame', 3: 'Extension frame' };
const DS: Readonly<Record<number, string>> = {
  0: 'Not leaving DS or network is operating in AD-HOC mode (To DS: 0 From DS: 0)', 1: 'Frame from STA to DS via an AP (To DS: 1 From DS: 0)',
  2: 'Frame from DS to a STA via AP(To DS: 0 From DS: 1)', 3: 'WDS (AP to AP) or Mesh (MP to MP) Frame (To DS: 1 From DS: 1)',
};
const QOS_PRIORITY: Readonly<Record<number, string>> = {
  0: 'Best Effort (Best Effort)', 1: 'Background (Background)', 2: 'Spare (Background)', 3: 'Excellent Effort (Best Effort)',
  4: 'Controlled Load (Video)', 5: 'Video (Video)', 6: 'Voice (Voice)', 7: 'Network Control (Voice)',
};

export const WLAN_FLAG_FIELDS: Readonly<Record<string, FieldDef>> = {
  'wlan.fc.type_subtype': { name: 'Type/Subtype', type: 'uint16', base: 'hex' },
  'wlan.fc': { name: 'Frame Control Field', type: 'uint16', base: 'hex', offset: 0 },
  'wlan.fc.version': { name: 'Version', type: 'uint8', mask: 0x03, offset: 0 },
  'wlan.fc.type': { name: 'Type', type: 'uint8', mask: 0x0c, strings: TYPES, offset: 0 },
  'wlan.fc.subtype': { name: 'Subtype', type: 'uint8', mask: 0xf0, offset: 0 },
  'wlan.flags': { name: 'Flags', type: 'uint8', base: 'hex', offset: 1 },
  'wlan.fc.ds': { name: 'DS status', type: 'uint8', base: 'hex', mask: 0x03, strings: DS, offset: 1 },
  'wlan.fc.tods': { name: 'To DS', type: 'bool', mask: 0x01, tfs: ['Frame is entering DS', 'Frame is not entering DS'], offset: 1 },
  'wlan.fc.fromds': { name: 'From DS', type: 'bool', mask: 0x02, tfs: ['Frame is exiting DS', 'Frame is not exiting DS'], offset: 1 },
  'wlan.fc.frag': { name: 'More Fragments', type: 'bool', mask: 0x04, tfs: ['More fragments follow', 'This is the last fragment'], offset: 1 },
  'wlan.fc.retry': { name: 'Retry', type: 'bool', mask: 0x08, tfs: ['Frame is being retransmitted', 'Frame is not being retransmitted'], offset: 1 },
  'wlan.fc.pwrmgt': { name: 'PWR MGT', type: 'bool', mask: 0x10, tfs: ['STA will go to sleep', 'STA will stay up'], offset: 1 },
  'wlan.fc.moredata': { name: 'More Data', type: 'bool', mask: 0x20, tfs: ['Data is buffered for STA at AP', 'No data buffered'], offset: 1 },
  'wlan.fc.protected': { name: 'Protected flag', type: 'bool', mask: 0x40, tfs: ['Data is protected', 'Data is not protected'], offset: 1 },
  'wlan.fc.order': { name: '+HTC/Order flag', type: 'bool', mask: 0x80, tfs: ['Strictly ordered', 'Not strictly ordered'], offset: 1 },
  'wlan.duration': { name: 'Duration', type: 'uint16', mask: 0x7fff, offset: 2 },
  'wlan.ra': { name: 'Receiver address', type: 'ether' },
  'wlan.ta': { name: 'Transmitter address', type: 'ether' },
  'wlan.da': { name: 'Destination address', type: 'ether' },
  'wlan.sa': { name: 'Source address', type: 'ether' },
  'wlan.bssid': { name: 'BSS Id', type: 'ether' },
  'wlan.staa': { name: 'STA address', type: 'ether' },
  'wlan.addr': { name: 'Hardware address', type: 'ether' },
  'wlan.frag': { name: 'Fragment number', type: 'uint16', mask: 0x000f },
  'wlan.seq': { name: 'Sequence number', type: 'uint16', mask: 0xfff0 },
  'wlan.qos': { name: 'Qos Control', type: 'uint16', base: 'hex' },
  'wlan.qos.tid': { name: 'TID', type: 'uint16', mask: 0x000f },
  'wlan.qos.priority': { name: 'Priority', type: 'uint16', mask: 0x0007, strings: QOS_PRIORITY },
  'wlan.qos.eosp': { name: 'EOSP', type: 'bool', mask: 0x0010, bitWidth: 16, tfs: ['End of service period', 'Service period'] },
  'wlan.qos.ack': { name: 'Ack Policy', type: 'uint16', base: 'hex', mask: 0x0060 },
  'wlan.qos.amsdupresent': { name: 'Payload Type', type: 'bool', mask: 0x0080, bitWidth: 16, tfs: ['A-MSDU', 'MSDU'] },
  'wlan.ccmp.extiv': { name: 'CCMP Ext. Initialization Vector', type: 'uint64', base: 'hex' },
  'wlan.fcs': { name: 'Frame check sequence', type: 'uint32', base: 'hex' },
};
