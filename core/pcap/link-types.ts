/**
 * Link-layer header types (tcpdump.org's LINKTYPE_ registry): the number stored in a pcap file header or a
 * pcapng Interface Description Block, and libpcap's DLT name for it without the `DLT_` prefix, which is
 * what tcpdump and Wireshark users know (`EN10MB`, `LINUX_SLL`).
 *
 * One table: number → metadata. Names follow libpcap's `pcap_datalink_val_to_name()`.
 */

export interface LinkTypeMeta {
  /** libpcap DLT name without the prefix. */
  readonly name: string;
  /** What it is, as libpcap's `pcap_datalink_val_to_description()` puts it. */
  readonly description: string;
}

export const LINK_TYPES = {
  0: { name: 'NULL', description: 'BSD loopback' },
  1: { name: 'EN10MB', description: 'Ethernet' },
  3: { name: 'AX25', description: 'AX.25 layer 2' },
  6: { name: 'IEEE802', description: 'Token ring' },
  7: { name: 'ARCNET', description: 'BSD ARCNET' },
  8: { name: 'SLIP', description: 'SLIP' },
  9: { name: 'PPP', description: 'PPP' },
  10: { name: 'FDDI', description: 'FDDI' },
  50: { name: 'PPP_SERIAL', description: 'PPP over serial' },
  51: { name: 'PPP_ETHER', description: 'PPPoE' },
  100: { name: 'ATM_RFC1483', description: 'RFC 1483 LLC-encapsulated ATM' },
  101: { name: 'RAW', description: 'Raw IP' },
  104: { name: 'C_HDLC', description: 'Cisco HDLC' },
  105: { name: 'IEEE802_11', description: '802.11' },
  106: { name: 'ATM_CLIP', description: 'Linux Classical IP over ATM' },
  107: { name: 'FRELAY', description: 'Frame Relay' },
  108: { name: 'LOOP', description: 'OpenBSD loopback' },
  113: { name: 'LINUX_SLL', description: 'Linux cooked v1' },
  114: { name: 'LTALK', description: 'Localtalk' },
  117: { name: 'PFLOG', description: 'OpenBSD pflog file' },
  119: { name: 'PRISM_HEADER', description: '802.11 plus Prism header' },
  122: { name: 'IP_OVER_FC', description: 'RFC 2625 IP-over-Fibre Channel' },
  123: { name: 'SUNATM', description: 'Sun raw ATM' },
  127: { name: 'IEEE802_11_RADIO', description: '802.11 plus radiotap header' },
  129: { name: 'ARCNET_LINUX', description: 'Linux ARCNET' },
  132: { name: 'JUNIPER_ES', description: 'Juniper Encryption Services PIC' },
  137: { name: 'JUNIPER_ATM1', description: 'Juniper ATM1 PIC' },
  138: { name: 'APPLE_IP_OVER_IEEE1394', description: 'Apple IP-over-IEEE 1394' },
  139: { name: 'MTP2_WITH_PHDR', description: 'SS7 MTP2 with Pseudo-header' },
  140: { name: 'MTP2', description: 'SS7 MTP2' },
  141: { name: 'MTP3', description: 'SS7 MTP3' },
  142: { name: 'SCCP', description: 'SS7 SCCP' },
  143: { name: 'DOCSIS', description: 'DOCSIS' },
  144: { name: 'LINUX_IRDA', description: 'Linux IrDA' },
  147: { name: 'USER0', description: 'DLT 147' },
  148: { name: 'USER1', description: 'DLT 148' },
  149: { name: 'USER2', description: 'DLT 149' },
  150: { name: 'USER3', description: 'DLT 150' },
  151: { name: 'USER4', description: 'DLT 151' },
  152: { name: 'USER5', description: 'DLT 152' },
  153: { name: 'USER6', description: 'DLT 153' },
  154: { name: 'USER7', description: 'DLT 154' },
  155: { name: 'USER8', description: 'DLT 155' },
  156: { name: 'USER9', description: 'DLT 156' },
  157: { name: 'USER10', description: 'DLT 157' },
  158: { name: 'USER11', description: 'DLT 158' },
  159: { name: 'USER12', description: 'DLT 159' },
  160: { name: 'USER13', description: 'DLT 160' },
  161: { name: 'USER14', description: 'DLT 161' },
  162: { name: 'USER15', description: 'DLT 162' },
  163: { name: 'IEEE802_11_RADIO_AVS', description: '802.11 plus AVS radio information header' },
  164: { name: 'JUNIPER_MONITOR', description: 'Juniper Passive Monitor PIC' },
  165: { name: 'BACNET_MS_TP', description: 'BACnet MS/TP' },
  166: { name: 'PPP_PPPD', description: 'PPP for pppd, with direction flag' },
  169: { name: 'GPRS_LLC', description: 'GPRS LLC' },
  177: { name: 'LINUX_LAPD', description: 'LAPD with Linux pseudo-header' },
  178: { name: 'JUNIPER_ETHER', description: 'Juniper Ethernet' },
  182: { name: 'MFR', description: 'FRF.16 Frame Relay' },
  187: { name: 'BLUETOOTH_HCI_H4', description: 'Bluetooth HCI UART transport layer' },
  189: { name: 'USB_LINUX', description: 'USB with Linux header' },
  192: { name: 'PPI', description: 'Per-Packet Information' },
  195: { name: 'IEEE802_15_4', description: 'IEEE 802.15.4 with FCS' },
  196: { name: 'SITA', description: 'SITA pseudo-header' },
  197: { name: 'ERF', description: 'Endace ERF header' },
  201: { name: 'BLUETOOTH_HCI_H4_WITH_PHDR', description: 'Bluetooth HCI UART transport layer plus pseudo-header' },
  204: { name: 'PPP_WITH_DIR', description: 'PPP with Directional Info' },
  207: { name: 'IPMB_LINUX', description: 'IPMB with Linux/Pigeon Point pseudo-header' },
  209: { name: 'IPMB_KONTRON', description: 'IPMB with Kontron pseudo-header' },
  215: { name: 'IEEE802_15_4_NONASK_PHY', description: 'IEEE 802.15.4 with non-ASK PHY data' },
  220: { name: 'USB_LINUX_MMAPPED', description: 'USB with padded Linux header' },
  226: { name: 'IPNET', description: 'Solaris ipnet' },
  227: { name: 'CAN_SOCKETCAN', description: 'CAN-bus with SocketCAN headers' },
  228: { name: 'IPV4', description: 'Raw IPv4' },
  229: { name: 'IPV6', description: 'Raw IPv6' },
  230: { name: 'IEEE802_15_4_NOFCS', description: 'IEEE 802.15.4 without FCS' },
  231: { name: 'DBUS', description: 'D-Bus' },
  235: { name: 'DVB_CI', description: 'DVB-CI' },
  239: { name: 'NFLOG', description: 'Linux netfilter log messages' },
  240: { name: 'NETANALYZER', description: 'Ethernet with Hilscher netANALYZER pseudo-header' },
  242: { name: 'IPOIB', description: 'RFC 4391 IP-over-Infiniband' },
  249: { name: 'USBPCAP', description: 'USB with USBPcap header' },
  251: { name: 'BLUETOOTH_LE_LL', description: 'Bluetooth Low Energy air interface' },
  252: { name: 'WIRESHARK_UPPER_PDU', description: 'Upper-protocol PDU' },
  253: { name: 'NETLINK', description: 'Linux netlink' },
  254: { name: 'BLUETOOTH_LINUX_MONITOR', description: 'Bluetooth Linux Monitor' },
  256: { name: 'BLUETOOTH_LE_LL_WITH_PHDR', description: 'Bluetooth Low Energy air interface with pseudo-header' },
  258: { name: 'PKTAP', description: 'Apple PKTAP' },
  263: { name: 'IPMI_HPM_2', description: 'IPMI HPM.2' },
  264: { name: 'ZWAVE_R1_R2', description: 'Z-Wave RF profile R1 and R2 packets' },
  265: { name: 'ZWAVE_R3', description: 'Z-Wave RF profile R3 packets' },
  271: { name: 'VSOCK', description: 'Linux vsock' },
  274: { name: 'ETHERNET_MPACKET', description: '802.3br mPackets' },
  276: { name: 'LINUX_SLL2', description: 'Linux cooked v2' },
  281: { name: 'DSA_TAG_BRCM', description: 'Broadcom tag' },
  282: { name: 'DSA_TAG_BRCM_PREPEND', description: 'Broadcom tag (prepended)' },
  284: { name: 'DSA_TAG_DSA', description: 'Marvell DSA' },
  285: { name: 'DSA_TAG_EDSA', description: 'Marvell EDSA' },
} as const satisfies Record<number, LinkTypeMeta>;

/** Link types Trawl's code refers to by name. */
export const LinkType = {
  NULL: 0,
  EN10MB: 1,
  PPP: 9,
  RAW: 101,
  IEEE802_11: 105,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_RADIO: 127,
  DBUS: 231,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const satisfies Record<string, keyof typeof LINK_TYPES>;

export function linkTypeMeta(linkType: number): LinkTypeMeta | undefined {
  return Object.prototype.hasOwnProperty.call(LINK_TYPES, linkType)
    ? (LINK_TYPES as Record<number, LinkTypeMeta>)[linkType]
    : undefined;
}

/** libpcap's name without the `DLT_` prefix, or `LINKTYPE_<n>` for a number not in the table. */
export function linkTypeName(linkType: number): string {
  return linkTypeMeta(linkType)?.name ?? `LINKTYPE_${linkType}`;
}

/**
 * The largest captured length a reader accepts for a link type (Wireshark's
 * `wtap_max_snaplen_for_encap`): 256 KiB, except D-Bus messages, which may reach 128 MiB.
 */
export function maxCaplenFor(linkType: number): number {
  return linkType === LinkType.DBUS ? 128 * 1024 * 1024 : 262144;
}
