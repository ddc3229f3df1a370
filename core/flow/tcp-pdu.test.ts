import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TCP_A } from '../dissect/flow-info-tcp';
import { TcpPduFinder, type PduSegment, type TcpPdu } from './tcp-pdu';
import { HttpPduScanner, PAYLOAD_START, PduStreamProtocols, pduProtocolOf, TlsPduScanner, type PduScanner } from './tcp-pdu-scan';

const SYN = 0x002;
const ACK = 0x010;
const FIN = 0x001;

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A stream whose client starts at raw seq 1000 and server at 5000 (both after a handshake). */
class Stream {
  readonly finder: TcpPduFinder;
  private next: [number, number] = [1001, 5001];
  private packet = 0;
  constructor(scanner: PduScanner = new HttpPduScanner(), limits = {}) {
    this.finder = new TcpPduFinder(scanner, limits);
    this.finder.push(0, { packet: ++this.packet, seq: 1000, ack: 0, flags: SYN, length: 0, payload: new Uint8Array(0) });
    this.finder.push(1, { packet: ++this.packet, seq: 5000, ack: 1001, flags: SYN | ACK, length: 0, payload: new Uint8Array(0) });
  }
  /** Sends data from `side`; returns "completedIn:packet@offset+len,…=length" for each PDU it completed. */
  send(side: 0 | 1, data: string | Uint8Array, extra: Partial<PduSegment> = {}): string[] {
    const payload = typeof data === 'string' ? bytes(data) : data;
    const seg: PduSegment = { packet: ++this.packet, seq: this.next[side], ack: 0, flags: ACK, length: payload.length, payload, ...extra };
    if (extra.seq === undefined) this.next[side] = (this.next[side] + seg.length) >>> 0;
    return this.finder.push(side, seg).map(show);
  }
}

const show = (p: TcpPdu): string => `${p.completedIn}:${p.pieces.map((x) => `${x.packet}@${x.offset}+${x.length}`).join(',')}=${p.length}`;

test('a request whose headers span two segments completes in the second, with both pieces', () => {
  const s = new Stream();
  assert.deepEqual(s.send(0, 'GET /index.html HTTP/1.1\r\nHost: ex'), []);
  assert.deepEqual(s.send(0, 'ample.com\r\n\r\n'), ['4:3@0+34,4@0+13=47']);
});

test('a single-segment message makes no PDU; a body by Content-Length spans three segments', () => {
  const s = new Stream();
  assert.deepEqual(s.send(0, 'GET / HTTP/1.1\r\n\r\n'), []);
  assert.deepEqual(s.send(1, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123'), []);
  assert.deepEqual(s.send(1, '45'), []);
  assert.deepEqual(s.send(1, '6789'), ['6:4@0+43,5@0+2,6@0+4=49']);
  assert.equal(s.finder.pdus().length, 1);
});

test('what follows a PDU in its last segment is scanned anew: whole messages stay alone, a partial one starts the next PDU', () => {
  const s = new Stream();
  s.send(0, 'GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n');
  assert.deepEqual(s.send(1, 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab'), []);
  // Ends the first response (2 bytes), then the second response starts and needs more.
  assert.deepEqual(s.send(1, 'cdHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nx'), ['5:4@0+40,5@0+2=42']);
  assert.deepEqual(s.send(1, 'yz'), ['6:5@2+39,6@0+2=41']);
});

test('headers that end in a later segment take that whole segment (one more segment), then the body by length', () => {
  const s = new Stream();
  s.send(0, 'GET / HTTP/1.1\r\n\r\n');
  assert.deepEqual(s.send(1, 'HTTP/1.1 200 OK\r\n'), []);
  assert.deepEqual(s.send(1, 'Content-Length: 6\r\n\r\nabc'), []);
  assert.deepEqual(s.send(1, 'def'), ['6:4@0+17,5@0+24,6@0+3=44']);
});

test('a chunked body reassembles to its last chunk', () => {
  const s = new Stream();
  s.send(0, 'GET / HTTP/1.1\r\n\r\n');
  assert.deepEqual(s.send(1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n'), []);
  assert.deepEqual(s.send(1, '0\r\n\r\n'), ['5:4@0+57,5@0+5=62']);
});

test('a response without a length runs until the FIN, an empty FIN included; a HEAD response has no body', () => {
  const s = new Stream();
  s.send(0, 'GET / HTTP/1.0\r\n\r\n');
  assert.deepEqual(s.send(1, 'HTTP/1.0 200 OK\r\n\r\nsome'), []);
  assert.deepEqual(s.send(1, ' data'), []);
  assert.deepEqual(s.send(1, '', { flags: FIN | ACK }), ['6:4@0+23,5@0+5,6@0+0=28']);

  const h = new Stream();
  h.send(0, 'HEAD / HTTP/1.1\r\n\r\n');
  assert.deepEqual(h.send(1, 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n'), []);
  assert.deepEqual(h.send(1, 'HTTP/1.1 304 Not Modified\r\n'), []);
  assert.deepEqual(h.send(1, '\r\n'), ['6:5@0+27,6@0+2=29']);
});

test('retransmissions are left out (a copy of the first segment, or one the analysis flags)', () => {
  const s = new Stream();
  s.send(0, 'GET / HTTP/1.1\r\n\r\n');
  const first = 'HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nab';
  assert.deepEqual(s.send(1, first), []);
  assert.deepEqual(s.send(1, first, { seq: 5001 }), []);
  assert.deepEqual(s.send(1, 'cdef'), []);
  assert.deepEqual(s.send(1, 'cdef', { seq: 5001 + first.length, analysis: TCP_A.RETRANSMISSION }), []);
  assert.deepEqual(s.send(1, 'gh'), ['8:4@0+40,6@0+4,8@0+2=46']);
});

test('a segment not captured whole is not desegmented', () => {
  const s = new Stream();
  const head = bytes('GET / HTTP/1.1\r\nHost: a');
  assert.deepEqual(s.send(0, head.subarray(0, 10), { length: head.length }), []);
  assert.equal(s.finder.pdus().length, 0);
});

test('an msp that grows past maxPduBytes is dropped and counted', () => {
  const s = new Stream(new HttpPduScanner(), { maxPduBytes: 50 });
  s.send(0, 'POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n');
  s.send(0, 'x'.repeat(40));
  assert.deepEqual(s.send(0, 'x'.repeat(60)), []);
  assert.equal(s.finder.abandoned, 1);
  // The dropped msp is gone; the last segment, scanned alone (no line end yet), opened a new one.
  assert.deepEqual(s.finder.unfinished().map((u) => u.pieces.map((p) => p.packet)), [[5]]);
});

test('a PDU still open at the end is reported with its pieces', () => {
  const s = new Stream();
  s.send(0, 'POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n');
  s.send(0, 'x'.repeat(40));
  assert.deepEqual(s.finder.unfinished(), [{ side: 0, pieces: [{ packet: 3, offset: 0, length: 40, at: 0 }, { packet: 4, offset: 0, length: 40, at: 40 }] }]);
});

test('TLS: records whole in a segment make no PDU; a record over three segments and a split header do', () => {
  const record = (type: number, len: number): number[] => [type, 3, 3, len >> 8, len & 0xff, ...new Array<number>(len).fill(0xaa)];
  const s = new Stream(new TlsPduScanner());
  assert.deepEqual(s.send(0, Uint8Array.from([...record(22, 10), ...record(20, 1)])), []);
  const big = record(22, 300);
  assert.deepEqual(s.send(1, Uint8Array.from(big.slice(0, 100))), []);
  assert.deepEqual(s.send(1, Uint8Array.from(big.slice(100, 200))), []);
  // The last piece ends the record; two bytes of the next record's header follow.
  assert.deepEqual(s.send(1, Uint8Array.from([...big.slice(200), 23, 3])), ['6:4@0+100,5@0+100,6@0+105=305']);
  assert.deepEqual(s.send(1, Uint8Array.from([3, 0, 2, 1, 2])), ['7:6@105+2,7@0+5=7']);
  // Not a record: no desegmentation.
  assert.deepEqual(s.send(0, 'hello'), []);
});

test('the protocol of a stream comes from the lower port first', () => {
  assert.equal(pduProtocolOf(51000, 80), 'http');
  assert.equal(pduProtocolOf(443, 8080), 'tls');
  assert.equal(pduProtocolOf(8080, 50000), 'http');
  assert.equal(pduProtocolOf(25, 8080), 'http');
  assert.equal(pduProtocolOf(22, 50000), undefined);
});

test('payloads are read in place until settle; after it the caller may reuse its buffers', () => {
  const s = new Stream();
  const buffer = bytes('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n');
  s.send(0, 'GET / HTTP/1.1\r\n\r\n');
  assert.deepEqual(s.send(1, buffer), []);
  s.finder.settle();
  buffer.fill(0x20);
  // Had the finder kept reading the reused buffer, the headers would be gone and the message would not end here.
  assert.deepEqual(s.send(1, 'abcdef'), ['5:4@0+38,5@0+6=44']);
});

test('after 101 Switching Protocols to websocket, WebSocket frames are the PDUs; after any other upgrade, nothing is', () => {
  const ws = new Stream();
  ws.send(0, 'GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
  ws.send(1, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n\r\n');
  // A binary frame of 200 bytes (16-bit length), unmasked: 4 header bytes + 200, over three segments.
  const frame = new Uint8Array(204);
  frame.set([0x82, 126, 0, 200]);
  assert.deepEqual(ws.send(1, frame.subarray(0, 100)), []);
  assert.deepEqual(ws.send(1, frame.subarray(100, 150)), []);
  assert.deepEqual(ws.send(1, frame.subarray(150)), ['7:5@0+100,6@0+50,7@0+54=204']);
  // A masked client frame of 3 bytes split after its first byte: one more segment, then whole.
  const masked = Uint8Array.of(0x81, 0x83, 1, 2, 3, 4, 9, 9, 9);
  assert.deepEqual(ws.send(0, masked.subarray(0, 1)), []);
  assert.deepEqual(ws.send(0, masked.subarray(1)), ['9:8@0+1,9@0+8=9']);

  const raw = new Stream();
  raw.send(0, 'POST /attach HTTP/1.1\r\nUpgrade: tcp\r\nConnection: Upgrade\r\n\r\n');
  raw.send(1, 'HTTP/1.1 101 UPGRADED\r\nUpgrade: tcp\r\nConnection: Upgrade\r\n\r\n');
  assert.deepEqual(raw.send(1, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01'), [], 'raw bytes, not HTTP any more');
  assert.deepEqual(raw.send(1, '23456789'), []);
  assert.equal(raw.finder.pdus().length, 0);
});

test("a stream on a port no dissector claims is desegmented for the protocol whose heuristic its first data passes, from there on", () => {
  const p = new PduStreamProtocols();
  assert.equal(p.protocolOf(1, 0, 80, 40000, PAYLOAD_START.none), 'http', 'a port decides first');
  assert.equal(p.protocolOf(2, 1, 4433, 40001, PAYLOAD_START.none), undefined, 'nothing yet');
  assert.equal(p.protocolOf(3, 1, 4433, 40001, PAYLOAD_START.tls), 'tls');
  assert.equal(p.protocolOf(4, 1, 40001, 4433, PAYLOAD_START.none), 'tls', 'later segments, both directions');
  assert.equal(p.protocolOf(5, 1, 40001, 4433, PAYLOAD_START.http), 'tls', 'the first match stays');
  assert.equal(p.fromPacket(1), 3);
  assert.equal(p.protocolOf(6, 2, 22, 40002, PAYLOAD_START.http), undefined, "a port Trawl's dissectors claim (SSH) gets no heuristic");
  assert.equal(p.protocolOf(7, 5000, 8000, 40003, PAYLOAD_START.http), 'http', 'stream numbers far apart');
  assert.equal(p.heuristicOf(5000), 'http');
  assert.equal(p.heuristicOf(4), undefined);
  // SMTP's port: text until a segment starts a TLS record (after STARTTLS), TLS from there on.
  assert.equal(p.protocolOf(8, 9, 25, 40004, PAYLOAD_START.none), undefined);
  assert.equal(p.protocolOf(9, 9, 40004, 25, PAYLOAD_START.tls), 'tls');
  assert.equal(p.protocolOf(10, 9, 25, 40004, PAYLOAD_START.none), 'tls');
  assert.equal(p.protocolOf(11, 10, 25, 40005, PAYLOAD_START.http), undefined, 'no HTTP heuristic on a claimed port');
});
