/**
 * Endpoints of a conversation table: each address (with its port for tcp/udp) with what it sent and
 * received, summed over its conversations (as tshark's `-z endpoints,KIND` counts them), in order of first
 * appearance.
 */
import type { Conversation, ConversationKind, Endpoint } from '../api';

export function endpointsOf(kind: ConversationKind, rows: readonly Conversation[]): Endpoint[] {
  const ports = kind === 'tcp' || kind === 'udp';
  const byKey = new Map<string, Endpoint>();
  const at = (address: string, port: number | undefined): Endpoint => {
    const key = ports ? `${address}|${port ?? 0}` : address;
    let e = byKey.get(key);
    if (!e) {
      e = { kind, address, packetsTx: 0, bytesTx: 0, packetsRx: 0, bytesRx: 0 };
      if (ports) e.port = port ?? 0;
      byKey.set(key, e);
    }
    return e;
  };
  for (const r of rows) {
    const a = at(r.addressA, r.portA);
    const b = at(r.addressB, r.portB);
    a.packetsTx += r.packetsAtoB;
    a.bytesTx += r.bytesAtoB;
    a.packetsRx += r.packetsBtoA;
    a.bytesRx += r.bytesBtoA;
    b.packetsTx += r.packetsBtoA;
    b.bytesTx += r.bytesBtoA;
    b.packetsRx += r.packetsAtoB;
    b.bytesRx += r.bytesAtoB;
  }
  return [...byKey.values()];
}
