import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checksum } from './checksum';
import { ipFrame, IpProto, udpFrame, type IpPath } from './frames';

test('IPv4 header checksum of the classic example (RFC 1071 style)', () => {
  // 45 00 00 73 00 00 40 00 40 11 [b8 61] c0 a8 00 01 c0 a8 00 c7
  const hdr = Uint8Array.from([0x45, 0, 0, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0, 0, 0xc0, 0xa8, 0, 1, 0xc0, 0xa8, 0, 0xc7]);
  assert.equal(checksum(hdr, 0, hdr.length), 0xb861);
});

const path = (v6: boolean): IpPath => ({
  link: { src: new Uint8Array(6).fill(2), dst: new Uint8Array(6).fill(4) },
  v6,
  src: v6 ? new Uint8Array(16).fill(1) : Uint8Array.of(10, 0, 0, 1),
  dst: v6 ? new Uint8Array(16).fill(9) : Uint8Array.of(10, 0, 0, 2),
  id: 1,
  ttl: 64,
});

test('a frame with its checksums filled in sums to zero over header and pseudo header', () => {
  for (const v6 of [false, true]) {
    const f = udpFrame(path(v6), 5353, 53, Uint8Array.of(1, 2, 3));
    const ip = 14;
    const l4 = ip + (v6 ? 40 : 20);
    if (!v6) assert.equal(checksum(f, ip, l4), 0, 'IPv4 header');
    const pseudo = new Uint8Array((v6 ? 32 : 8) + 4 + (f.length - l4));
    pseudo.set(f.subarray(v6 ? ip + 8 : ip + 12, l4), 0);
    const at = v6 ? 32 : 8;
    pseudo[at + 1] = f.length - l4;
    pseudo[at + 3] = IpProto.udp;
    pseudo.set(f.subarray(l4), at + 4);
    assert.equal(checksum(pseudo, 0, pseudo.length), 0, v6 ? 'UDP over IPv6' : 'UDP over IPv4');
  }
});

test('IPv4 total length and IPv6 payload length count the upper layer', () => {
  const l4 = new Uint8Array(30);
  const v4 = ipFrame(path(false), IpProto.tcp, l4);
  assert.equal((v4[16] << 8) | v4[17], 50);
  const v6 = ipFrame(path(true), IpProto.tcp, l4);
  assert.equal((v6[18] << 8) | v6[19], 30);
});
