/**
 * A TCP connection as a sequence of frames: 3-way handshake (with MSS, SACK-permitted and window-scale
 * options), the messages of both sides cut into MSS-sized segments and acknowledged every second
 * segment, occasional retransmissions, and a FIN exchange. Sequence numbers are exact, so tshark's
 * analysis sees a clean connection apart from the retransmissions put in on purpose.
 */
import { TcpFlag, tcpFrame, type IpPath } from './frames';
import type { Rng } from './prng';

export interface TcpEnds {
  rng: Rng;
  /** Client → server and server → client paths (addresses, link, TTL); their `id` counts IPv4 ids. */
  toServer: IpPath;
  toClient: IpPath;
  clientPort: number;
  serverPort: number;
  /** Probability that a data segment is sent a second time. */
  retransmitRate: number;
}

export interface TcpMessage {
  fromClient: boolean;
  data: Uint8Array;
}

const SYN_OPTIONS = Uint8Array.of(2, 4, 0x05, 0xb4, 1, 3, 3, 7, 1, 1, 4, 2); // MSS 1460, NOP, WS 7, NOP, NOP, SACK_PERM

interface Side {
  path: IpPath;
  sport: number;
  dport: number;
  seq: number;
  window: number;
}

export function* tcpSession(ends: TcpEnds, messages: Iterable<TcpMessage>): Generator<Uint8Array, void, void> {
  const { rng } = ends;
  const mss = ends.toServer.v6 ? 1440 : 1460;
  const client: Side = { path: ends.toServer, sport: ends.clientPort, dport: ends.serverPort, seq: rng.u32(), window: 502 };
  const server: Side = { path: ends.toClient, sport: ends.serverPort, dport: ends.clientPort, seq: rng.u32(), window: 501 };

  const send = (from: Side, to: Side, flags: number, payload?: Uint8Array, options?: Uint8Array): Uint8Array => {
    from.path.id = (from.path.id + 1) & 0xffff;
    return tcpFrame(from.path, { sport: from.sport, dport: from.dport, seq: from.seq, ack: to.seq, flags, window: options ? 64240 : from.window, options, payload });
  };

  yield send(client, server, TcpFlag.syn, undefined, SYN_OPTIONS);
  client.seq = (client.seq + 1) >>> 0;
  yield send(server, client, TcpFlag.syn | TcpFlag.ack, undefined, SYN_OPTIONS);
  server.seq = (server.seq + 1) >>> 0;
  yield send(client, server, TcpFlag.ack);

  for (const m of messages) {
    const [from, to] = m.fromClient ? [client, server] : [server, client];
    let unacked = 0;
    for (let off = 0; off < m.data.length; off += mss) {
      const chunk = m.data.subarray(off, Math.min(m.data.length, off + mss));
      const last = off + mss >= m.data.length;
      const flags = TcpFlag.ack | (last ? TcpFlag.psh : 0);
      yield send(from, to, flags, chunk);
      if (rng.chance(ends.retransmitRate)) yield send(from, to, flags, chunk);
      from.seq = (from.seq + chunk.length) >>> 0;
      unacked++;
      if (last || unacked === 2) {
        yield send(to, from, TcpFlag.ack);
        unacked = 0;
      }
    }
  }

  yield send(client, server, TcpFlag.fin | TcpFlag.ack);
  client.seq = (client.seq + 1) >>> 0;
  yield send(server, client, TcpFlag.fin | TcpFlag.ack);
  server.seq = (server.seq + 1) >>> 0;
  yield send(client, server, TcpFlag.ack);
}
