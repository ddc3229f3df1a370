/** Link types this package dissects, with Wireshark's encapsulation name and number for the Frame node. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** LINKTYPE_* value → [Wireshark encapsulation name, WTAP_ENCAP number]. */
export const ENCAPSULATIONS: Readonly<Record<number, readonly [string, number]>> = {
  [LinkType.NULL]: ['NULL/Loopback', 15],
  [LinkType.ETHERNET]: ['Ethernet', 1],
  [LinkType.RAW]: ['Raw IP', 7],
  [LinkType.LOOP]: ['OpenBSD loopback', 44],
  [LinkType.LINUX_SLL]: ['Linux cooked-mode capture v1', 25],
  [LinkType.IPV4]: ['Raw IPv4', 129],
  [LinkType.IPV6]: ['Raw IPv6', 130],
  [LinkType.LINUX_SLL2]: ['Linux cooked-mode capture v2', 210],
};
