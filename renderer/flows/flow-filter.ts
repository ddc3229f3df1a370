/**
 * "Filter on this stream": the display filter that selects the chosen conversations or endpoints, as
 * Wireshark's Conversations dialog builds it (`tcp.stream in {3, 7}`, `ip.addr==a && ip.addr==b`). Pure.
 */
import type { Conversation, ConversationKind, Endpoint, FollowProtocol } from '../../core/api';

/** The address field of a table (IPv4 and IPv6 addresses also show in TCP and UDP tables). */
function addressField(kind: ConversationKind, address: string): string {
  if (kind === 'eth') return 'eth.addr';
  if (kind === 'ipv6' || address.includes(':')) return 'ipv6.addr';
  return 'ip.addr';
}

/** `tcp.stream eq 3` for one stream, `tcp.stream in {3, 7}` for several. */
export function streamFilter(protocol: FollowProtocol, streams: readonly number[]): string {
  const unique = [...new Set(streams)].sort((a, b) => a - b);
  if (unique.length === 1) return `${protocol}.stream eq ${unique[0]}`;
  return `${protocol}.stream in {${unique.join(', ')}}`;
}

function anyOf(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  return unique.length === 1 ? unique[0] : unique.map((p) => `(${p})`).join(' || ');
}

/** The filter for conversations of one table; empty when there are none. */
export function conversationFilter(kind: ConversationKind, rows: readonly Conversation[]): string {
  if (rows.length === 0) return '';
  if (kind === 'tcp' || kind === 'udp') return streamFilter(kind, rows.map((r) => r.id));
  return anyOf(rows.map((r) => `${addressField(kind, r.addressA)}==${r.addressA} && ${addressField(kind, r.addressB)}==${r.addressB}`));
}

/** The filter for endpoints of one table; empty when there are none. */
export function endpointFilter(kind: ConversationKind, rows: readonly Endpoint[]): string {
  if (rows.length === 0) return '';
  return anyOf(
    rows.map((r) => {
      const addr = `${addressField(kind, r.address)}==${r.address}`;
      return (kind === 'tcp' || kind === 'udp') && r.port !== undefined ? `${addr} && ${kind}.port==${r.port}` : addr;
    }),
  );
}
