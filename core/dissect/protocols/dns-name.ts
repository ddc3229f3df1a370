/**
 * DNS names (RFC 1035 §3.1, §4.1.4): labels, compression pointers, and the text Wireshark shows for them
 * (`<Root>`, `<Name contains a pointer that loops>`). Loop-proof: a pointer to a place the name already
 * jumped to ends it at once, so a pointer cycle ends instead of hanging. A label or pointer past the end
 * of the message reads past the view, which marks the layer malformed.
 */
import { DissectBoundsError, type ByteView } from '../byte-view';

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
  const run = readRun(msg, rel, []);
  let labels = 0;
  let rawLength = 0;
  let textLen = 0;
  let problem = run.problem;
  const parts: string[] = [];
  for (let i = 0; i < run.parts.length; i++) {
    labels++;
    rawLength += (i > 0 ? 1 : 0) + run.rawLens[i];
    textLen += (i > 0 ? 1 : 0) + run.parts[i].length;
    if (textLen > MAX_NAME) {
      problem = TOO_LONG_NAME;
      break;
    }
    parts.push(run.parts[i]);
  }
  const text = problem ?? (parts.length === 0 ? ROOT_NAME : parts.join('.'));
  // Wireshark counts the dots of the text it shows: a problem text (`<Name too long>`) is one label.
  return { text, used: run.used, labels: problem !== undefined ? 1 : labels, rawLength, problem };
}

/** The labels a name reads from one offset on, through its pointers. */
interface NameRun {
  readonly parts: readonly string[];
  /** Each label's length in bytes. */
  readonly rawLens: readonly number[];
  readonly problem: string | undefined;
  /** Bytes taken where the run starts (up to and including its first pointer). */
  readonly used: number;
  /**
   * The run ends in a loop found from the path that led to it (a pointer back to where the name already
   * went): read from elsewhere it may end otherwise, so it is not kept in the message's memo.
   */
  readonly pathLoop: boolean;
}

/**
 * What a name reads after a pointer to each offset of a message, kept per message view: compression
 * points many names at the same suffix, and a crafted message points thousands of names at one long one,
 * which read afresh each time made one packet take a third of a second.
 */
const suffixesOf = new WeakMap<ByteView, Map<number, NameRun>>();

/** Labels from `rel` until the root, a problem, or a pointer (whose target's run is appended). */
function readRun(msg: ByteView, rel: number, path: readonly number[]): NameRun {
  const parts: string[] = [];
  const rawLens: number[] = [];
  let at = rel;
  let textLen = 0;
  for (;;) {
    const len = msg.u8(at);
    const kind = len & 0xc0;
    if (kind === 0) {
      if (len === 0) return { parts, rawLens, problem: undefined, used: at + 1 - rel, pathLoop: false };
      const label = labelText(msg, at + 1, len);
      textLen += (parts.length > 0 ? 1 : 0) + label.length;
      parts.push(label);
      rawLens.push(len);
      at += 1 + len;
      // Wireshark stops adding text at the limit but reads on to the name's end, through its pointers.
      if (textLen > MAX_NAME) {
        const rest = readPastLimit(msg, at);
        return { parts, rawLens, problem: rest.problem, used: rest.used - rel, pathLoop: false };
      }
    } else if (kind === 0xc0) {
      const target = ((len & 0x3f) << 8) | msg.u8(at + 1);
      const used = at + 2 - rel;
      if (target >= msg.reportedLength) msg.u8(target); // a pointer past the message: malformed, as Wireshark
      // A pointer back to where this name already went is a loop (so is an absurdly long chain).
      if (path.includes(target) || path.length >= MAX_NAME / 2) return { parts, rawLens, problem: LOOP_NAME, used, pathLoop: true };
      const suffix = suffixRun(msg, target, path);
      return { parts: parts.concat(suffix.parts), rawLens: rawLens.concat(suffix.rawLens), problem: suffix.problem, used, pathLoop: suffix.pathLoop };
    } else if (kind === 0x80) {
      throw reservedLabel(msg, at);
    } else {
      return { parts, rawLens, problem: EXTENDED_LABEL_NAME, used: at + 1 - rel, pathLoop: false };
    }
  }
}

/** The run at a pointer's target, from the message's memo when it does not depend on the path taken. */
function suffixRun(msg: ByteView, target: number, path: readonly number[]): NameRun {
  let memo = suffixesOf.get(msg);
  const known = memo?.get(target);
  if (known !== undefined) return known;
  const run = readRun(msg, target, [...path, target]);
  // A loop found from the path that led here depends on that path: such runs are not kept. (A loop the
  // walk past a too-long name finds depends on the target alone, and is kept.)
  if (!run.pathLoop) {
    if (memo === undefined) {
      memo = new Map();
      suffixesOf.set(msg, memo);
    }
    memo.set(target, run);
  }
  return run;
}

/**
 * The rest of a name whose text is already too long, read as Wireshark's expand_dns_name reads it: on to
 * the root label, following pointers (the name's bytes end at its first pointer). A pointer to itself or
 * more than 255 pointers is a loop, an unknown extended label ends the name, and a label type 10 throws.
 */
function readPastLimit(msg: ByteView, at: number): { used: number; problem: string } {
  for (;;) {
    const len = msg.u8(at);
    const kind = len & 0xc0;
    if (len === 0) return { used: at + 1, problem: TOO_LONG_NAME };
    if (kind === 0) {
      at += 1 + len;
    } else if (kind === 0x40) {
      if ((len & 0x3f) !== 1) return { used: at + 1, problem: EXTENDED_LABEL_NAME };
      at += 2 + ((msg.u8(at + 1) - 1) >> 3) + 1; // a bitstring label: its bit count, then the bits
    } else if (kind === 0x80) {
      throw reservedLabel(msg, at);
    } else {
      const target = ((len & 0x3f) << 8) | msg.u8(at + 1);
      return { used: at + 2, problem: target === at + 4 ? LOOP_NAME : pastPointer(msg, target) };
    }
  }
}

/**
 * How a too-long name ends after its first pointer, from the pointer's target on (as readPastLimit). Kept
 * per message and target: a crafted message points thousands of names into one long run, and each walk
 * is then done once. A walk longer than the message revisits a byte, so it is a loop: Wireshark calls it
 * one after 255 pointers, which a loop reaches without leaving it.
 */
function pastPointer(msg: ByteView, target: number): string {
  let memo = pastPointerOf.get(msg);
  const known = memo?.get(target);
  if (known !== undefined) {
    if (known === RESERVED_LABEL) throw reservedLabel(msg, target);
    return known;
  }
  let problem: string;
  try {
    problem = walkPastPointer(msg, target);
  } catch (e) {
    if (e instanceof DissectBoundsError && !e.truncated) (memo ??= newMemo(msg)).set(target, RESERVED_LABEL);
    throw e;
  }
  (memo ??= newMemo(msg)).set(target, problem);
  return problem;
}

function walkPastPointer(msg: ByteView, at: number): string {
  let pointers = 1;
  for (let steps = 0; steps <= msg.reportedLength; steps++) {
    const len = msg.u8(at);
    const kind = len & 0xc0;
    if (len === 0) return TOO_LONG_NAME;
    if (kind === 0) {
      at += 1 + len;
    } else if (kind === 0x40) {
      if ((len & 0x3f) !== 1) return EXTENDED_LABEL_NAME;
      at += 2 + ((msg.u8(at + 1) - 1) >> 3) + 1;
    } else if (kind === 0x80) {
      throw reservedLabel(msg, at);
    } else {
      const target = ((len & 0x3f) << 8) | msg.u8(at + 1);
      pointers++;
      if (target === at + 4 || pointers > MAX_NAME) return LOOP_NAME;
      at = target;
    }
  }
  return LOOP_NAME;
}

/** Memo marker: the walk from this target hits a reserved label type (it throws each time). */
const RESERVED_LABEL = '\0reserved';
const pastPointerOf = new WeakMap<ByteView, Map<number, string>>();

function newMemo(msg: ByteView): Map<number, string> {
  const memo = new Map<number, string>();
  pastPointerOf.set(msg, memo);
  return memo;
}

/** A label whose type bits are 10 (reserved): Wireshark throws, so the layer is malformed from here. */
function reservedLabel(msg: ByteView, at: number): DissectBoundsError {
  return new DissectBoundsError(msg.start + at, false);
}

/**
 * One label's characters as Wireshark 4.0 shows them: printable ASCII as is, control characters as octal
 * `\\ooo` (a NUL is `\\000`), other bytes as the Unicode replacement character.
 */
function labelText(msg: ByteView, rel: number, len: number): string {
  msg.check(rel, len);
  let s = '';
  for (let i = 0; i < len; i++) s += LABEL_CHAR[msg.u8(rel + i)];
  return s;
}

/** Each byte's text in a label (see labelText). */
const LABEL_CHAR: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b < 0x20 || b === 0x7f ? '\\' + b.toString(8).padStart(3, '0') : '\ufffd',
);

/**
 * The name's length as Wireshark's `[Name Length]` counts it: the characters before escaping (a label's NUL
 * is one, though it shows as `\000`), the text's length for a problem name, 0 for the root.
 */
export function nameLength(name: DnsName): number {
  if (name.problem !== undefined) return name.text.length;
  return name.rawLength;
}
