/**
 * TLS records (RFC 8446): a ClientHello with SNI, ALPN and an x25519 key share; a TLS 1.3 ServerHello;
 * ChangeCipherSpec; and application-data records (random bytes standing in for ciphertext).
 */
import { ByteWriter } from './byte-writer';
import type { Rng } from './prng';

export const TlsContent = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;

const CIPHER_SUITES = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8];
const SIGNATURE_ALGORITHMS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];
const X25519 = 0x001d;

export function tlsRecord(type: number, version: number, body: Uint8Array): Uint8Array {
  return new ByteWriter().u8(type).u16(version).u16(body.length).bytes(body).finish();
}

function extension(w: ByteWriter, type: number, body: (w: ByteWriter) => void): void {
  w.u16(type).prefixed(2, body);
}

export function clientHello(rng: Rng, serverName: string, sessionId: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  w.u8(1).prefixed(3, (h) => {
    h.u16(0x0303).bytes(rng.bytes(32));
    h.prefixed(1, (s) => s.bytes(sessionId));
    h.prefixed(2, (s) => CIPHER_SUITES.forEach((c) => s.u16(c)));
    h.u8(1).u8(0);
    h.prefixed(2, (x) => {
      extension(x, 0, (e) => e.prefixed(2, (l) => l.u8(0).prefixed(2, (n) => n.ascii(serverName))));
      extension(x, 23, () => undefined); // extended_master_secret
      extension(x, 10, (e) => e.prefixed(2, (l) => [X25519, 0x0017, 0x0018].forEach((g) => l.u16(g))));
      extension(x, 11, (e) => e.prefixed(1, (l) => l.u8(0)));
      extension(x, 16, (e) => e.prefixed(2, (l) => ['h2', 'http/1.1'].forEach((p) => l.prefixed(1, (s) => s.ascii(p)))));
      extension(x, 13, (e) => e.prefixed(2, (l) => SIGNATURE_ALGORITHMS.forEach((a) => l.u16(a))));
      extension(x, 43, (e) => e.prefixed(1, (l) => l.u16(0x0304).u16(0x0303)));
      extension(x, 45, (e) => e.prefixed(1, (l) => l.u8(1)));
      extension(x, 51, (e) => e.prefixed(2, (l) => l.u16(X25519).prefixed(2, (k) => k.bytes(rng.bytes(32)))));
    });
  });
  return tlsRecord(TlsContent.handshake, 0x0301, w.finish());
}

export function serverHello(rng: Rng, sessionId: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  w.u8(2).prefixed(3, (h) => {
    h.u16(0x0303).bytes(rng.bytes(32));
    h.prefixed(1, (s) => s.bytes(sessionId));
    h.u16(0x1301).u8(0);
    h.prefixed(2, (x) => {
      extension(x, 43, (e) => e.u16(0x0304));
      extension(x, 51, (e) => e.u16(X25519).prefixed(2, (k) => k.bytes(rng.bytes(32))));
    });
  });
  return tlsRecord(TlsContent.handshake, 0x0303, w.finish());
}

export function changeCipherSpec(): Uint8Array {
  return tlsRecord(TlsContent.changeCipherSpec, 0x0303, Uint8Array.of(1));
}

/** Application-data records carrying `total` bytes of ciphertext, split into records of at most 16 KiB + 256. */
export function applicationData(ciphertext: (n: number) => Uint8Array, total: number): Uint8Array[] {
  const records: Uint8Array[] = [];
  for (let left = total; left > 0; ) {
    const n = Math.min(left, 16384 + 256);
    records.push(tlsRecord(TlsContent.applicationData, 0x0303, ciphertext(n)));
    left -= n;
  }
  return records;
}
