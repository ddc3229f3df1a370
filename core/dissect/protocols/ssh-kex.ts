/**
 * SSH key exchange messages (RFC 4253 §7–8, RFC 4419, RFC 5656), as Wireshark's packet-ssh.c shows them:
 * KEXINIT's cookie and name-lists, and the method-specific messages 30–34. Wireshark names 30–34 by the
 * method both KEXINITs agreed on; a single packet does not know it, so the body's shape decides: an
 * ECDH key is a string of a curve point's size (32, 65, 97 or 133 bytes), a DH value an mpint, a group
 * exchange group two mpints that fill the message.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDef } from '../field';

const u32 = (name: string): FieldDef => ({ name, type: 'uint32' });
const str = (name: string): FieldDef => ({ name, type: 'string' });
const bytes = (name: string): FieldDef => ({ name, type: 'bytes' });

/** The ten name-lists of KEXINIT in order (Wireshark's hf names without `ssh.`). */
const NAME_LISTS = [
  'kex_algorithms', 'server_host_key_algorithms',
  'encryption_algorithms_client_to_server', 'encryption_algorithms_server_to_client',
  'mac_algorithms_client_to_server', 'mac_algorithms_server_to_client',
  'compression_algorithms_client_to_server', 'compression_algorithms_server_to_client',
  'languages_client_to_server', 'languages_server_to_client',
] as const;

function nameListFields(): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const n of NAME_LISTS) {
    out[`ssh.${n}_length`] = u32(`${n} length`);
    out[`ssh.${n}`] = str(`${n} string`);
  }
  return out;
}

export const SSH_KEX_FIELDS: Readonly<Record<string, FieldDef>> = {
  'ssh.cookie': bytes('Cookie'),
  ...nameListFields(),
  'ssh.first_kex_packet_follows': { name: 'First KEX Packet Follows', type: 'uint8' },
  'ssh.kex.reserved': bytes('Reserved'),
  'ssh.kex.hassh_algorithms': str('hasshAlgorithms'),
  'ssh.kex.hasshserver_algorithms': str('hasshServerAlgorithms'),
  'ssh.mpint_length': u32('Multi Precision Integer Length'),
  'ssh.dh.e': bytes('DH client e'),
  'ssh.dh.f': bytes('DH server f'),
  'ssh.dh_gex.min': u32('DH GEX Min'),
  'ssh.dh_gex.nbits': u32('DH GEX Number of Bits'),
  'ssh.dh_gex.max': u32('DH GEX Max'),
  'ssh.dh_gex.p': bytes('DH GEX modulus (P)'),
  'ssh.dh_gex.g': bytes('DH GEX base (G)'),
  'ssh.ecdh.q_c_length': u32("ECDH client's ephemeral public key length"),
  'ssh.ecdh.q_c': bytes("ECDH client's ephemeral public key (Q_C)"),
  'ssh.ecdh.q_s_length': u32("ECDH server's ephemeral public key length"),
  'ssh.ecdh.q_s': bytes("ECDH server's ephemeral public key (Q_S)"),
  'ssh.host_key.length': u32('Host key length'),
  'ssh.host_key.type_length': u32('Host key type length'),
  'ssh.host_key.type': str('Host key type'),
  'ssh.host_key.data': bytes('Host key data'),
  'ssh.host_key.rsa.n': bytes('RSA modulus (N)'),
  'ssh.host_key.rsa.e': bytes('RSA public exponent (e)'),
  'ssh.host_key.dsa.p': bytes('DSA prime modulus (p)'),
  'ssh.host_key.dsa.q': bytes('DSA prime divisor (q)'),
  'ssh.host_key.dsa.g': bytes('DSA subgroup generator (g)'),
  'ssh.host_key.dsa.y': bytes('DSA public key (y)'),
  'ssh.host_key.ecdsa.id_length': u32('ECDSA elliptic curve identifier length'),
  'ssh.host_key.ecdsa.id': str('ECDSA elliptic curve identifier'),
  'ssh.host_key.ecdsa.q_length': u32('ECDSA public key length'),
  'ssh.host_key.ecdsa.q': bytes('ECDSA public key (Q)'),
  'ssh.host_key.eddsa.key_length': u32('EdDSA public key length'),
  'ssh.host_key.eddsa.key': bytes('EdDSA public key'),
  'ssh.host_sig.length': u32('Host signature length'),
  'ssh.host_sig.type_length': u32('Host signature type length'),
  'ssh.host_sig.type': str('Host signature type'),
  'ssh.host_sig.rsa': bytes('RSA signature'),
  'ssh.host_sig.dsa': bytes('DSA signature'),
};

/** Message names of the generic transport codes (Wireshark's ssh2_msg_vals). */
export const SSH2_MESSAGES: Readonly<Record<number, string>> = {
  1: 'Disconnect', 2: 'Ignore', 3: 'Unimplemented', 4: 'Debug', 5: 'Service Request', 6: 'Service Accept',
  7: 'Extension Information', 20: 'Key Exchange Init', 21: 'New Keys',
  50: 'User Authentication Request', 51: 'User Authentication Failure', 52: 'User Authentication Success',
  53: 'User Authentication Banner', 80: 'Global Request', 81: 'Request Success', 82: 'Request Failure',
  90: 'Channel Open', 91: 'Channel Open Confirmation', 92: 'Channel Open Failure', 93: 'Window Adjust',
  94: 'Channel Data', 95: 'Channel Extended Data', 96: 'Channel EOF', 97: 'Channel Close',
  98: 'Channel Request', 99: 'Channel Success', 100: 'Channel Failure',
};

/** Sizes of the ECDH public values in use: X25519/X448-less curve25519, nistp256/384/521 points. */
const ECDH_POINT_SIZES: ReadonlySet<number> = new Set([32, 65, 97, 133]);

/** Where a method-specific message's fields go, and the name Wireshark gives it. */
export interface KexBody {
  /** The bytes the message body starts at (after the message code), relative to `view`. */
  readonly at: number;
  /** Where the body ends (the padding starts). */
  readonly end: number;
  readonly server: boolean;
}

/** A string or mpint (uint32 length, bytes): its length and where its bytes start. */
function lengthAt(view: ByteView, at: number): number {
  return view.u32(at);
}

/** Whether the body from `at` to `end` is exactly one length-prefixed string of an ECDH point's size. */
function isPoint(view: ByteView, at: number, end: number): boolean {
  if (at + 4 > end) return false;
  const n = lengthAt(view, at);
  return ECDH_POINT_SIZES.has(n) && at + 4 + n <= end;
}

/** Whether two length-prefixed values fill [at, end) exactly (a group exchange group: p, g). */
function isTwoMpints(view: ByteView, at: number, end: number): boolean {
  if (at + 4 > end) return false;
  const p = lengthAt(view, at);
  const g = at + 4 + p;
  if (g + 4 > end) return false;
  return g + 4 + lengthAt(view, g) === end;
}

/** The name Wireshark gives a method-specific message (30–49) of this shape. */
export function kexMessageName(view: ByteView, code: number, b: KexBody): string {
  switch (code) {
    case 30:
      if (b.end - b.at === 4) return 'Diffie-Hellman Group Exchange Request (Old)';
      return isPoint(view, b.at, b.end) && 4 + lengthAt(view, b.at) === b.end - b.at
        ? 'Elliptic Curve Diffie-Hellman Key Exchange Init'
        : 'Diffie-Hellman Key Exchange Init';
    case 31: {
      if (isTwoMpints(view, b.at, b.end)) return 'Diffie-Hellman Group Exchange Group';
      const afterKey = b.at + 4 + lengthAt(view, b.at);
      return isPoint(view, afterKey, b.end)
        ? 'Elliptic Curve Diffie-Hellman Key Exchange Reply'
        : 'Diffie-Hellman Key Exchange Reply';
    }
    case 32:
      return 'Diffie-Hellman Group Exchange Init';
    case 33:
      return 'Diffie-Hellman Group Exchange Reply';
    case 34:
      return 'Diffie-Hellman Group Exchange Request';
    default:
      return `Unknown (${code})`;
  }
}

/** One length-prefixed value: its length field, then the bytes as `field`. Returns the offset after it. */
function lengthAndValue(view: ByteView, t: Item, at: number, lengthField: string, field: string, asText = false): number {
  const n = view.u32(at);
  t.add(lengthField, at, 4, n);
  view.check(at + 4, n);
  if (asText) t.add(field, at + 4, n, textOf(view, at + 4, n));
  else t.add(field, at + 4, n, view.slice(at + 4, n));
  return at + 4 + n;
}

const mpint = (view: ByteView, t: Item, at: number, field: string): number => lengthAndValue(view, t, at, 'ssh.mpint_length', field);

function textOf(view: ByteView, at: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(view.u8(at + i));
  return s;
}

/** KEXINIT (20): cookie, ten name-lists, first_kex_packet_follows, reserved; and the hassh input string. */
export function dissectKexInit(view: ByteView, t: Item, b: KexBody): void {
  const alg = t.text('Algorithms', b.at, b.end - b.at);
  alg.add('ssh.cookie', b.at, 16, view.slice(b.at, 16));
  let at = b.at + 16;
  const lists: string[] = [];
  for (const n of NAME_LISTS) {
    const len = view.u32(at);
    view.check(at + 4, len);
    const value = textOf(view, at + 4, len);
    lists.push(value);
    alg.add(`ssh.${n}_length`, at, 4, len);
    alg.add(`ssh.${n}`, at + 4, len, value);
    at += 4 + len;
  }
  alg.add('ssh.first_kex_packet_follows', at, 1, view.u8(at));
  alg.add('ssh.kex.reserved', at + 1, 4, view.slice(at + 1, 4));
  // hassh / hasshServer: kex;encryption;mac;compression of the sender's own direction.
  const [kex, , encC, encS, macC, macS, compC, compS] = lists;
  if (b.server) alg.add('ssh.kex.hasshserver_algorithms', b.at, b.end - b.at, [kex, encS, macS, compS].join(';'));
  else alg.add('ssh.kex.hassh_algorithms', b.at, b.end - b.at, [kex, encC, macC, compC].join(';'));
}

/** A host key blob (string): its length, type and the type's parts, under "KEX host key (type: …)". */
function hostKey(view: ByteView, t: Item, at: number): number {
  const len = view.u32(at);
  const typeLen = view.u32(at + 4);
  const type = textOf(view, at + 8, typeLen);
  const k = t.text(`KEX host key (type: ${type})`, at, 4 + len);
  k.add('ssh.host_key.length', at, 4, len);
  k.add('ssh.host_key.type_length', at + 4, 4, typeLen);
  k.add('ssh.host_key.type', at + 8, typeLen, type);
  const end = at + 4 + len;
  let p = at + 8 + typeLen;
  if (type === 'ssh-rsa') {
    p = mpint(view, k, p, 'ssh.host_key.rsa.e');
    mpint(view, k, p, 'ssh.host_key.rsa.n');
  } else if (type === 'ssh-dss') {
    for (const f of ['p', 'q', 'g', 'y']) p = mpint(view, k, p, `ssh.host_key.dsa.${f}`);
  } else if (type.startsWith('ecdsa-sha2-')) {
    p = lengthAndValue(view, k, p, 'ssh.host_key.ecdsa.id_length', 'ssh.host_key.ecdsa.id', true);
    lengthAndValue(view, k, p, 'ssh.host_key.ecdsa.q_length', 'ssh.host_key.ecdsa.q');
  } else if (type.startsWith('ssh-ed25519') || type.startsWith('ssh-ed448')) {
    lengthAndValue(view, k, p, 'ssh.host_key.eddsa.key_length', 'ssh.host_key.eddsa.key');
  } else if (end > p) {
    k.add('ssh.host_key.data', p, end - p, view.slice(p, end - p));
  }
  return end;
}

/** The exchange hash signature (string), under "KEX host signature (type: …)". */
function hostSignature(view: ByteView, t: Item, ctx: DissectContext, at: number): number {
  const len = view.u32(at);
  const typeLen = view.u32(at + 4);
  const type = textOf(view, at + 8, typeLen);
  const s = t.text(`KEX host signature (type: ${type})`, at, 4 + len);
  s.add('ssh.host_sig.length', at, 4, len);
  s.add('ssh.host_sig.type_length', at + 4, 4, typeLen);
  s.add('ssh.host_sig.type', at + 8, typeLen, type);
  const p = at + 8 + typeLen;
  if (type === 'ssh-rsa') mpint(view, s, p, 'ssh.host_sig.rsa');
  else if (type === 'ssh-dss') mpint(view, s, p, 'ssh.host_sig.dsa');
  else ctx.expert('warn', `Decoded ${p - at - 4} bytes, but packet length is ${len} bytes`, at, 4);
  return at + 4 + len;
}

/** A method-specific message (30–34) by its shape; returns where the decoded part ends. */
export function dissectKexMethod(view: ByteView, t: Item, ctx: DissectContext, code: number, name: string, b: KexBody): number {
  let at = b.at;
  if (name === 'Diffie-Hellman Group Exchange Request (Old)') {
    t.add('ssh.dh_gex.nbits', at, 4, view.u32(at));
    return at + 4;
  }
  if (code === 34) {
    t.add('ssh.dh_gex.min', at, 4, view.u32(at));
    t.add('ssh.dh_gex.nbits', at + 4, 4, view.u32(at + 4));
    t.add('ssh.dh_gex.max', at + 8, 4, view.u32(at + 8));
    return at + 12;
  }
  if (name === 'Elliptic Curve Diffie-Hellman Key Exchange Init') return lengthAndValue(view, t, at, 'ssh.ecdh.q_c_length', 'ssh.ecdh.q_c');
  if (code === 30 || code === 32) return mpint(view, t, at, 'ssh.dh.e');
  if (name === 'Diffie-Hellman Group Exchange Group') {
    at = mpint(view, t, at, 'ssh.dh_gex.p');
    return mpint(view, t, at, 'ssh.dh_gex.g');
  }
  if (code === 31 || code === 33) {
    at = hostKey(view, t, at);
    at = name.startsWith('Elliptic')
      ? lengthAndValue(view, t, at, 'ssh.ecdh.q_s_length', 'ssh.ecdh.q_s')
      : mpint(view, t, at, 'ssh.dh.f');
    return hostSignature(view, t, ctx, at);
  }
  return at;
}
