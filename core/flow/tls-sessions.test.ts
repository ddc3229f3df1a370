import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverHelloVersionAt } from '../dissect/protocols/tls';
import { TlsSessionVersions } from './tls-sessions';

/** A handshake record holding one Server Hello with `extensions` (type, body) after a 1-byte session id. */
function serverHello(legacy: number, extensions: [number, number[]][]): Uint8Array {
  const ext = extensions.flatMap(([type, body]) => [type >> 8, type & 0xff, body.length >> 8, body.length & 0xff, ...body]);
  const hello = [legacy >> 8, legacy & 0xff, ...new Array<number>(32).fill(7), 1, 0xaa, 0x13, 0x01, 0, ext.length >> 8, ext.length & 0xff, ...ext];
  const hs = [2, 0, hello.length >> 8, hello.length & 0xff, ...hello];
  return Uint8Array.from([22, 3, 3, hs.length >> 8, hs.length & 0xff, ...hs]);
}

test("a Server Hello's negotiated version is read from the payload: supported_versions, else its own", () => {
  const tls13 = serverHello(0x0303, [[0x0033, [1, 2, 3, 4]], [43, [3, 4]]]);
  assert.equal(serverHelloVersionAt(tls13, 0, tls13.length), 0x0304);
  const tls12 = serverHello(0x0303, [[0xff01, [0]]]);
  assert.equal(serverHelloVersionAt(tls12, 0, tls12.length), 0x0303);
  assert.equal(serverHelloVersionAt(tls13, 0, 20), 0x0303, 'cut before its extensions: its own version');
  const clientHello = Uint8Array.from(tls13);
  clientHello[5] = 1;
  assert.equal(serverHelloVersionAt(clientHello, 0, clientHello.length), 0, 'not a Server Hello');
  assert.equal(serverHelloVersionAt(Uint8Array.of(23, 3, 3, 0, 5, 1, 2, 3, 4, 5), 0, 10), 0, 'application data');
});

test("each stream keeps its first Server Hello's version; a TLS 1.3 draft counts as TLS 1.3", () => {
  const v = new TlsSessionVersions();
  v.note(3, 0x0303);
  v.note(3, 0x0304);
  v.note(5000, 0x7f10);
  v.note(-1, 0x0304);
  assert.equal(v.of(3), 0x0303);
  assert.equal(v.of(5000), 0x0304);
  assert.equal(v.of(4), 0);
  assert.equal(v.of(-1), 0);
});
