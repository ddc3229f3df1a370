/**
 * FollowService over a real session (index worker, packet reads) with a stand-in for the flow service that
 * numbers streams as tshark does (`-T fields -e tcp.stream`), until FlowService numbers them itself. The
 * text of the result must equal `tshark -z follow` for the stream.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FollowProtocol } from '../core/api';
import { BadRequestError, NotFoundError } from '../core/errors';
import { followText } from '../core/flow/follow-text';
import { followKey, tsharkFollow, tsharkStreams } from '../core/flow/test/follow-tshark';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import type { FlowService } from './flow-service';
import { FollowService } from './follow-service';
import type { ServiceHost } from './service-host';
import { Session } from './session';

const CAPTURE = join(CAPTURES_DIR, 'zeek-traces/http/concurrent-range-requests.pcap');
const UDP_CAPTURE = join(CAPTURES_DIR, 'zeek-traces/smtp.pcap');

/** Streams per packet and per stream from tshark, in the shape FlowService gives them. */
async function tsharkFlows(path: string): Promise<Pick<FlowService, 'streamPackets' | 'packetStreams'>> {
  const byProto = { tcp: await tsharkStreams(path, 'tcp'), udp: await tsharkStreams(path, 'udp') };
  const perPacket = (p: FollowProtocol): Int32Array => {
    const count = Math.max(0, ...[...byProto[p].values()].flat());
    const out = new Int32Array(count).fill(-1);
    for (const [s, numbers] of byProto[p]) for (const n of numbers) out[n - 1] = s;
    return out;
  };
  return {
    async streamPackets(_sessionId, protocol, stream) {
      const numbers = byProto[protocol].get(stream);
      if (!numbers) throw new NotFoundError('stream-not-found', `${protocol} stream ${stream} does not exist`);
      return Uint32Array.from(numbers);
    },
    async packetStreams() {
      return { tcp: perPacket('tcp'), udp: perPacket('udp') };
    },
  };
}

const sessions: Session[] = [];

async function serviceFor(path: string, limits?: ConstructorParameters<typeof FollowService>[2]): Promise<FollowService> {
  const session = await Session.open({ sessionId: `s${sessions.length}`, path, userPath: true, onProgress: () => undefined });
  sessions.push(session);
  await session.indexed;
  const host: ServiceHost = {
    session: (id) => {
      if (id !== session.id) throw new NotFoundError('session-not-found', `no session ${id}`);
      return session;
    },
    filterPool: () => undefined,
    tempDir: async () => '/tmp',
    disposed: false,
  };
  return new FollowService(host, await tsharkFlows(path), limits);
}

let tcpService: FollowService;
let tcpSessionId: string;

before(async () => {
  tcpService = await serviceFor(CAPTURE);
  tcpSessionId = sessions[0].id;
});

after(async () => {
  for (const s of sessions) await s.close();
});

test('followStream reads the stream’s packets and returns what tshark follows, with the filter and stream count', async () => {
  const streams = await tsharkStreams(CAPTURE, 'tcp');
  const theirs = await tsharkFollow(CAPTURE, [...streams.keys()].map((stream) => ({ protocol: 'tcp' as const, mode: 'raw' as const, stream })));
  for (const stream of streams.keys()) {
    const f = await tcpService.followStream({ sessionId: tcpSessionId, protocol: 'tcp', stream });
    assert.equal(f.filter, `tcp.stream eq ${stream}`);
    assert.equal(f.streams, streams.size);
    assert.equal(f.sessionId, tcpSessionId);
    assert.equal(f.omittedChunks, 0);
    assert.equal(followText(f, 'raw'), theirs.get(followKey('tcp', 'raw', stream)));
  }
});

test('followStream caps the chunks of a large stream and says how many it left out', async () => {
  const capped = await serviceFor(CAPTURE, { maxChunks: 2, maxBytes: 1 << 30 });
  const full = await tcpService.followStream({ sessionId: tcpSessionId, protocol: 'tcp', stream: 0 });
  const f = await capped.followStream({ sessionId: sessions[sessions.length - 1].id, protocol: 'tcp', stream: 0 });
  assert.ok(full.chunks.length > 2);
  assert.equal(f.chunks.length, 2);
  assert.equal(f.omittedChunks, full.chunks.length - 2);
  assert.equal(f.clientBytes, full.clientBytes);
  assert.equal(f.serverBytes, full.serverBytes);
});

test('UDP streams: each datagram a chunk, as tshark', async () => {
  const service = await serviceFor(UDP_CAPTURE);
  const theirs = await tsharkFollow(UDP_CAPTURE, [{ protocol: 'udp', mode: 'ascii', stream: 1 }]);
  const f = await service.followStream({ sessionId: sessions[sessions.length - 1].id, protocol: 'udp', stream: 1 });
  assert.equal(followText(f, 'ascii'), theirs.get(followKey('udp', 'ascii', 1)));
});

test('bad requests and unknown streams reject with typed errors', async () => {
  await assert.rejects(tcpService.followStream({ sessionId: tcpSessionId, protocol: 'sctp' as FollowProtocol, stream: 0 }), BadRequestError);
  await assert.rejects(tcpService.followStream({ sessionId: tcpSessionId, protocol: 'tcp', stream: -1 }), BadRequestError);
  await assert.rejects(tcpService.followStream({ sessionId: tcpSessionId, protocol: 'tcp', stream: 999 }), NotFoundError);
  await assert.rejects(tcpService.followStream({ sessionId: 'nope', protocol: 'tcp', stream: 0 }), NotFoundError);
});
