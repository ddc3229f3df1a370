/** Link types this package dissects, with Wireshark's encapsulation name and number for the Frame node. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  RAW: 101,
  IEEE802_11: 105,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** LINKTYPE_* value → [Wireshark encapsulation name, WTAP_ENCAP number]. */
export const ENCAPSULATIONS: Readonly<Record<number, readonly [string, number]>> = {
  [LinkType.NULL]: ['NULL/Loopback', 15],
  [LinkType.ETHERNET]: ['Ethernet', 1],
  [LinkType.PPP]: ['PPP', 4],
  [LinkType.RAW]: ['Raw IP', 7],
  [LinkType.IEEE802_11]: ['IEEE 802.11 Wireless LAN', 20],
  [LinkType.LOOP]: ['OpenBSD loopback', 44],
  [LinkType.LINUX_SLL]: ['Linux cooked-mode capture v1', 25],
  [LinkType.IEEE802_11_RADIOTAP]: ['IEEE 802.11 plus radiotap radio header', 23],
  [LinkType.IPV4]: ['Raw IPv4', 129],
  [LinkType.IPV6]: ['Raw IPv6', 130],
  [LinkType.LINUX_SLL2]: ['Linux cooked-mode capture v2', 210],
};
