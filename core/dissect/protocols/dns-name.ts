/**
 * DNS names (RFC 1035 §3.1, §4.1.4): labels, compression pointers, and the text Wireshark shows for them
 * (`<Root>`, `<Name contains a pointer that loops>`). Loop-proof: every byte a name reads counts against
 * the message's size, as Wireshark's expand_dns_name does, so a pointer cycle ends instead of hanging. A
 * label or pointer past the end of the message reads past the view, which marks the layer malformed.
 */
import type { ByteView } from '../byte-view';

/** Wireshark's longest name (MAX_DNAME_LEN); a longer one shows as `<Name too long>`. */
const MAX_NAME = 255;

export const ROOT_NAME = '<Root>';
export const LOOP_NAME = '<Name contains a pointer that loops>';
export const TOO_LONG_NAME = '<Name too long>';
export const EXTENDED_LABEL_NAME = '<Unknown extended label>';

export interface DnsName {
  /** The name as Wireshark prints it. */
  readonly text: string;
  /** Bytes the name takes where it is written (up to and including its first pointer). */
  readonly used: number;
  /** Labels read (Wireshark's `[Label Count]`). */
  readonly labels: number;
  /** Characters of the name before escaping (label bytes and the dots between them). */
  readonly rawLength: number;
  /** Why the name is not a plain one (shown as an expert item), if it is not. */
  readonly problem: string | undefined;
}

/**
 * Read the name at `rel` of `msg` (the DNS message; pointers count from its start). Reads through the
 * view, so a name running past the captured bytes throws the bounds error the driver turns into a
 * malformed or truncated layer.
 */
export function readDnsName(msg: ByteView, rel: number): DnsName {
  const parts: string[] = [];
  let at = rel;
  let used = -1;
  let processed = 0;
  let textLen = 0;
  let problem: string | undefined;
  let labels = 0;
  let rawLength = 0;
  for (;;) {
    const len = msg.u8(at);
    processed++;
    const kind = len & 0xc0;
    if (kind === 0) {
      if (len === 0) {
        at++;
        break;
      }
      const label = labelText(msg, at + 1, len);
      processed += len;
      labels++;
      rawLength += (labels > 1 ? 1 : 0) + len;
      textLen += (parts.length > 0 ? 1 : 0) + label.length;
      if (textLen > MAX_NAME) {
        problem = TOO_LONG_NAME;
        at += 1 + len;
        // Wireshark stops at the limit; the bytes still belong to the name up to its end or pointer.
        at = skipRest(msg, at);
        break;
      }
      parts.push(label);
      at += 1 + len;
    } else if (kind === 0xc0) {
      const target = ((len & 0x3f) << 8) | msg.u8(at + 1);
      processed++;
      if (used < 0) used = at + 2 - rel;
      if (processed >= msg.reportedLength || target >= msg.reportedLength) {
        if (target >= msg.reportedLength) msg.u8(target); // a pointer past the message: malformed, as Wireshark
        problem = LOOP_NAME;
        break;
      }
      at = target;
    } else {
      problem = EXTENDED_LABEL_NAME;
      at++;
      break;
    }
    if (processed >= msg.reportedLength) {
      problem = LOOP_NAME;
      break;
    }
  }
  if (used < 0) used = at - rel;
  const text = problem ?? (parts.length === 0 ? ROOT_NAME : parts.join('.'));
  return { text, used, labels, rawLength, problem };
}

/** Skip labels after a too-long name; returns the offset after its end (or its first pointer). */
function skipRest(msg: ByteView, at: number): number {
  for (let guard = 0; guard < 256; guard++) {
    const len = msg.u8(at);
    if (len === 0) return at + 1;
    if ((len & 0xc0) === 0xc0) return at + 2;
    if ((len & 0xc0) !== 0) return at + 1;
    at += 1 + len;
  }
  return at;
}

/**
 * One label's characters as Wireshark 4.0 shows them: printable ASCII as is, control characters as octal
 * `\\ooo` (a NUL is `\\000`), other bytes as the Unicode replacement character.
 */
function labelText(msg: ByteView, rel: number, len: number): string {
  const bytes = msg.slice(rel, len);
  let s = '';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else if (b < 0x20 || b === 0x7f) s += '\\' + b.toString(8).padStart(3, '0');
    else s += '\ufffd';
  }
  return s;
}

/**
 * The name's length as Wireshark's `[Name Length]` counts it: the characters before escaping (a label's NUL
 * is one, though it shows as `\000`), the text's length for a problem name, 0 for the root.
 */
export function nameLength(name: DnsName): number {
  if (name.problem !== undefined) return name.text.length;
  return name.rawLength;
}
