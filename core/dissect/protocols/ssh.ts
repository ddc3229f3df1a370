/**
 * Secure Shell (RFC 4253). Wireshark: packet-ssh.c. The protocol version exchange line
 * (`SSH-2.0-OpenSSH_7.4`), the clear binary packets of the key exchange (packet and padding length,
 * message code, KEXINIT and the DH/ECDH/group-exchange messages in ssh-kex.ts, padding), and what follows
 * NEWKEYS as an encrypted packet.
 *
 * Wireshark follows the conversation (which side sent NEWKEYS, which cipher was agreed); each segment here
 * is dissected alone, so a clear packet is told from ciphertext by its shape: a length that fits the
 * segment and the 8-byte block, padding of 4 or more, a transport message code. Encrypted packets show as
 * Wireshark shows them when it cannot decrypt ("Encrypted packet (len=…)"); the Protocol column is SSHv2
 * after the first version line of a connection, which the client usually sends.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { defineProtocol } from '../protocol';
import { dissectKexInit, dissectKexMethod, kexMessageName, SSH2_MESSAGES, SSH_KEX_FIELDS } from './ssh-kex';
import { indexOfByte, textAt } from './text-lines';

export const SSH_PORT = 22;

/** Wireshark's SSH_MAX_PACKET_LEN: a larger packet length is "Overly large". */
const MAX_PACKET = 32768;

/** Message codes that travel in clear binary packets: transport (1–7), KEXINIT, NEWKEYS, method-specific KEX. */
function isClearCode(code: number): boolean {
  return (code >= 1 && code <= 7) || code === 20 || code === 21 || (code >= 30 && code <= 34);
}

/** Whether a clear binary packet header starts at `at` (its body may continue in a later segment). */
export function looksLikeClearPacket(view: ByteView, at: number): boolean {
  if (!view.has(at, 6)) return false;
  const plen = view.u32(at);
  const pad = view.u8(at + 4);
  return plen <= MAX_PACKET + 2048 && pad >= 4 && pad < plen && (plen + 4) % 8 === 0 && isClearCode(view.u8(at + 5));
}

function startsWithBanner(view: ByteView, at: number): boolean {
  // "SSH-", compared without case as Wireshark's tvb_strncaseeql.
  return view.has(at, 4) && textAt(view, at, 4).toUpperCase() === 'SSH-';
}

export const ssh = defineProtocol({
  abbrev: 'ssh',
  name: 'SSH Protocol',
  short: 'SSH',
  registersIn: [['tcp.port', SSH_PORT]],
  fields: {
    'ssh.protocol': { name: 'Protocol', type: 'string' },
    'ssh.packet_length': { name: 'Packet Length', type: 'uint32' },
    'ssh.packet_length_encrypted': { name: 'Packet Length (encrypted)', type: 'bytes' },
    'ssh.padding_length': { name: 'Padding Length', type: 'uint8' },
    'ssh.payload': { name: 'Payload', type: 'bytes' },
    'ssh.encrypted_packet': { name: 'Encrypted Packet', type: 'bytes' },
    'ssh.padding_string': { name: 'Padding String', type: 'bytes' },
    'ssh.direction': { name: 'Direction', type: 'bool', tfs: ['server-to-client', 'client-to-server'] },
    'ssh.message_code': { name: 'Message Code', type: 'uint8' },
    ...SSH_KEX_FIELDS,
  },
  dissect(view, ctx) {
    const { srcPort, dstPort } = ctx.facts;
    const server = srcPort === SSH_PORT || (dstPort !== SSH_PORT && srcPort < dstPort);
    const words: string[] = [];
    let banner = false;
    let at = 0;
    while (at < view.length) {
      if (startsWithBanner(view, at)) {
        at = versionLine(view, ctx, at, words);
        banner = true;
      } else if (looksLikeClearPacket(view, at)) {
        at = clearPacket(view, ctx, at, words, server);
      } else {
        at = encrypted(view, ctx, at, words);
      }
    }
    ctx.cols.protocol = banner && !server && words.length === 1 ? 'SSH' : 'SSHv2';
    ctx.cols.info = `${server ? 'Server' : 'Client'}: ${words.join(', ')}`;
    if (ctx.building) ctx.layer.add('ssh.direction', 0, 0, server, `[Direction: ${server ? 'server-to-client' : 'client-to-server'}]`);
    return view.length;
  },
});

/** The version exchange line, up to and including its LF (the whole rest when the segment has none). */
function versionLine(view: ByteView, ctx: DissectContext, at: number, words: string[]): number {
  const lf = indexOfByte(view, 0x0a, at, view.length);
  const lineLen = lf < 0 ? view.length - at : lf - at + 1;
  let textLen = lf < 0 ? lineLen : lineLen - 1;
  if (lf >= 0 && lineLen > 1 && view.u8(lf - 1) === 0x0d) textLen--;
  const text = textAt(view, at, textLen);
  words.push(`Protocol (${text})`);
  ctx.layer.add('ssh.protocol', at, lineLen, text);
  return at + lineLen;
}

/** One clear binary packet: lengths, the message, padding. Returns the offset after it. */
function clearPacket(view: ByteView, ctx: DissectContext, at: number, words: string[], server: boolean): number {
  const plen = view.u32(at);
  const pad = view.u8(at + 4);
  const code = view.u8(at + 5);
  const end = at + 4 + plen;
  const captured = Math.min(end, view.length);
  const t: Item = ctx.building ? ctx.layer.text('SSH Version 2', at, captured - at) : ctx.layer;
  const lenItem = t.add('ssh.packet_length', at, 4, plen);
  if (plen >= MAX_PACKET) lenItem.expert('warn', `Overly large number ${plen}`);
  t.add('ssh.padding_length', at + 4, 1, pad);
  const body = { at: at + 6, end: end - pad, server };
  const name = code >= 30 && code <= 49 ? kexMessageName(view, code, body) : SSH2_MESSAGES[code] ?? `Unknown (${code})`;
  words.push(name);
  const kx = t.text('Key Exchange', at + 5, Math.max(0, captured - pad - at - 5));
  kx.add('ssh.message_code', at + 5, 1, code, `Message Code: ${name} (${code})`);
  if (end > view.length) {
    // Wireshark reassembles the packet from the following segments first.
    ctx.expert('note', `Packet continues in a later segment (${end - view.length} of ${plen + 4} bytes not in this one; TCP reassembly is not done yet)`, at, view.length - at);
    return view.length;
  }
  let decoded = body.at;
  if (code === 20) {
    dissectKexInit(view, kx, body);
    decoded = body.end;
  } else if (code >= 30 && code <= 34) {
    decoded = dissectKexMethod(view, kx, ctx, code, name, body);
  }
  if (body.end > decoded) kx.add('ssh.payload', decoded, body.end - decoded, view.slice(decoded, body.end - decoded));
  t.add('ssh.padding_string', body.end, pad, view.slice(body.end, pad));
  return end;
}

/** The rest of the segment as one encrypted packet, as Wireshark shows one it cannot decrypt. */
function encrypted(view: ByteView, ctx: DissectContext, at: number, words: string[]): number {
  const len = view.length - at;
  words.push(`Encrypted packet (len=${len})`);
  if (ctx.building) {
    const t = ctx.layer.text('SSH Version 2', at, len);
    if (len > 4) {
      t.add('ssh.packet_length_encrypted', at, 4, view.slice(at, 4));
      t.add('ssh.encrypted_packet', at + 4, len - 4, view.slice(at + 4, len - 4));
    } else {
      t.add('ssh.encrypted_packet', at, len, view.slice(at, len));
    }
  }
  return view.length;
}
