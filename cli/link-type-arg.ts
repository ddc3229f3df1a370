/** `-y LINKTYPE`: a libpcap DLT name (as tcpdump takes it, any case, `DLT_` prefix optional) or a LINKTYPE_ number. */
import { LINK_TYPES } from '../core/pcap/link-types';
import { UsageError } from './command';

export function parseLinkTypeArg(text: string): number {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n <= 0xffff) return n;
  }
  const want = text.toUpperCase().replace(/^DLT_/, '');
  for (const [num, meta] of Object.entries(LINK_TYPES)) if (meta.name === want) return Number(num);
  throw new UsageError(`unknown link type "${text}": give a DLT name such as EN10MB, RAW, LINUX_SLL or IEEE802_11_RADIO, or a LINKTYPE_ number`);
}
