import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// ssh_kex_curve25519.pcap #4, tshark: SSH Client: Protocol (SSH-2.0-OpenSSH_7.4)
const BANNER = hexBytes('d0509951313d34363bd1d5c808004500004970284000400646b2c0a80164c0a80120edea00169e47aa3b3eac83c580181015ffba00000101080a645a786f175e32355353482d322e302d4f70656e5353485f372e340d0a');
// ssh_kex_curve25519.pcap #9, tshark: SSHv2 Server: Key Exchange Init
//   Packet Length: 292, Padding Length: 10, Message Code: Key Exchange Init (20), Cookie: e8319eeb1d39d67866339be8d9269b56,
//   kex_algorithms length: 17, kex_algorithms string: curve25519-sha256, … First KEX Packet Follows: 0, Reserved: 00000000
const KEXINIT = hexBytes('34363bd1d5c8d0509951313d08004500015cb1f54000400603d2c0a80120c0a801640016edea3eac83da9e47aa50801800e3f5fb00000101080a175e323d645a7874000001240a14e8319eeb1d39d67866339be8d9269b5600000011637572766532353531392d7368613235360000002c7373682d656432353531392c7373682d656432353531392d636572742d763031406f70656e7373682e636f6d0000001d63686163686132302d706f6c7931333035406f70656e7373682e636f6d0000001d63686163686132302d706f6c7931333035406f70656e7373682e636f6d0000001d686d61632d736861322d3531322d65746d406f70656e7373682e636f6d0000001d686d61632d736861322d3531322d65746d406f70656e7373682e636f6d000000156e6f6e652c7a6c6962406f70656e7373682e636f6d000000156e6f6e652c7a6c6962406f70656e7373682e636f6d0000000000000000000000000000000000000000000000');
// ssh_kex_curve25519.pcap #12, tshark: SSHv2 Client: Elliptic Curve Diffie-Hellman Key Exchange Init
//   Packet Length: 44, Padding Length: 6, ECDH client's ephemeral public key length: 32
const ECDH_INIT = hexBytes('d0509951313d34363bd1d5c8080045000064f4a340004006c21bc0a80164c0a80120edea00169e47afe83eac85028018100b772500000101080a645a789e175e32670000002c061e000000208692c62bc8487cc52f431df00c172f63961c1885579344de0ec0e6fb95074e27000000000000');
// sshguess.pcap #21, tshark: SSHv2 Client: Encrypted packet (len=56); Packet Length (encrypted): 00000020
const ENCRYPTED = hexBytes('0800272054030a002700000008004500006c998c40004006af46c0a83801c0a83867d8ae00164d0a8c218c001964801810005fcc00000101080a272f51cd00003d5b000000202ed6313ea77cd612c33c8640e08fac51cdf0da0f1657c5c4a6da1c2732d76f15864aa79a3363cd8954299f70a29fe2852b349757');

test('ssh: version line', () => {
  const s = summarize(1, BANNER, BANNER.length);
  assert.deepEqual([s.protocol, s.info], ['SSH', 'Client: Protocol (SSH-2.0-OpenSSH_7.4)']);
  const t = tree(1, BANNER);
  assert.deepEqual(layers(t), ['eth', 'ip', 'tcp', 'ssh']);
  const p = must(t, 'ssh.protocol');
  assert.deepEqual([p.label, p.offset, p.length], ['Protocol: SSH-2.0-OpenSSH_7.4', 66, 21]);
  assert.equal(must(t, 'ssh.direction').label, '[Direction: client-to-server]');
});

test('ssh: KEXINIT name-lists', () => {
  const s = summarize(1, KEXINIT, KEXINIT.length);
  assert.deepEqual([s.protocol, s.info], ['SSHv2', 'Server: Key Exchange Init']);
  const t = tree(1, KEXINIT);
  const len = must(t, 'ssh.packet_length');
  assert.deepEqual([len.label, len.offset, len.length], ['Packet Length: 292', 66, 4]);
  assert.equal(must(t, 'ssh.padding_length').label, 'Padding Length: 10');
  assert.equal(must(t, 'ssh.message_code').label, 'Message Code: Key Exchange Init (20)');
  const cookie = must(t, 'ssh.cookie');
  assert.deepEqual([cookie.label, cookie.offset, cookie.length], ['Cookie: e8319eeb1d39d67866339be8d9269b56', 72, 16]);
  assert.equal(must(t, 'ssh.kex_algorithms_length').label, 'kex_algorithms length: 17');
  const kex = must(t, 'ssh.kex_algorithms');
  assert.deepEqual([kex.label, kex.offset, kex.length], ['kex_algorithms string: curve25519-sha256', 92, 17]);
  assert.equal(must(t, 'ssh.compression_algorithms_server_to_client').label, 'compression_algorithms_server_to_client string: none,zlib@openssh.com');
  assert.equal(must(t, 'ssh.first_kex_packet_follows').label, 'First KEX Packet Follows: 0');
  assert.equal(must(t, 'ssh.kex.hasshserver_algorithms').label,
    'hasshServerAlgorithms: curve25519-sha256;chacha20-poly1305@openssh.com;hmac-sha2-512-etm@openssh.com;none,zlib@openssh.com');
  const pad = must(t, 'ssh.padding_string');
  assert.deepEqual([pad.offset, pad.length], [KEXINIT.length - 10, 10]);
});

test('ssh: ECDH init by its shape', () => {
  assert.equal(summarize(1, ECDH_INIT, ECDH_INIT.length).info, 'Client: Elliptic Curve Diffie-Hellman Key Exchange Init');
  const t = tree(1, ECDH_INIT);
  assert.equal(must(t, 'ssh.ecdh.q_c_length').label, "ECDH client's ephemeral public key length: 32");
  assert.equal(must(t, 'ssh.ecdh.q_c').length, 32);
});

test('ssh: ciphertext after NEWKEYS', () => {
  const s = summarize(1, ENCRYPTED, ENCRYPTED.length);
  assert.deepEqual([s.protocol, s.info], ['SSHv2', 'Client: Encrypted packet (len=56)']);
  const t = tree(1, ENCRYPTED);
  assert.equal(must(t, 'ssh.packet_length_encrypted').label, 'Packet Length (encrypted): 00000020');
  assert.equal(must(t, 'ssh.encrypted_packet').length, 52);
});

test('ssh: a KEXINIT cut by the segment or by the snapshot, a damaged name-list', () => {
  // The segment ends inside the packet: the header shows, with a note, no exception.
  const cut = KEXINIT.slice(0, 120);
  const ip = new DataView(cut.buffer);
  ip.setUint16(16, cut.length - 14);
  assert.equal(summarize(1, cut, cut.length).info, 'Server: Key Exchange Init');
  assert.doesNotThrow(() => tree(1, cut));
  // Captured only in part: truncated, not an exception.
  assert.doesNotThrow(() => tree(1, KEXINIT.slice(0, 120), KEXINIT.length));
  // A name-list length running past the packet: malformed.
  const bad = KEXINIT.slice();
  bad.set([0x7f, 0, 0, 0], 88);
  const s = summarize(1, bad, bad.length);
  assert.ok(s.malformed);
  assert.match(s.info, /\[Malformed Packet\]$/);
});
