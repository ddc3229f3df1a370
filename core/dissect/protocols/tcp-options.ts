/**
 * TCP options (RFC 9293, 7323, 2018, 7413, 5482, 2385, 8684), as Wireshark 4.0's packet-tcp.c shows them:
 * one item per option (`tcp.options.mss`, `tcp.options.sack_perm`, …, which Wireshark registers as small
 * protocols; `-T fields` prints their bytes, so they are byte fields here) with its kind, length and
 * values, and the Info column's words (`MSS=1460 WS=128 SACK_PERM TSval=… TSecr=… SLE=… SRE=… TFO=R`).
 *
 * SACK edges are raw: Wireshark's relative edges need the flow's initial sequence number (issue 6).
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { TcpHeaderFact } from '../flow-observer';
import type { FieldDefs } from '../field';
import { hex } from '../format';

/** Wireshark 4.0's tcp_option_kind_vs. */
const KIND_NAMES: Readonly<Record<number, string>> = {
  0: 'End of Option List', 1: 'No-Operation', 2: 'Maximum Segment Size', 3: 'Window Scale', 4: 'SACK Permitted', 5: 'SACK',
  6: 'Echo', 7: 'Echo Reply', 8: 'Time Stamp Option', 9: 'Partial Order Connection Permitted', 10: 'Partial Order Service Profile',
  11: 'CC', 12: 'CC.NEW', 13: 'CC.ECHO', 14: 'TCP Alternate Checksum Request', 15: 'TCP Alternate Checksum Data', 16: 'Skeeter',
  17: 'Bubba', 18: 'Trailer Checksum Option', 19: 'MD5 Signature Option', 20: 'SCPS Capabilities',
  21: 'Selective Negative Acknowledgements', 22: 'Record Boundaries', 23: 'Corruption experienced', 24: 'SNAP', 25: 'Unassigned',
  26: 'TCP Compression Filter', 27: 'Quick-Start Response', 28: 'User Timeout Option', 29: 'The TCP Authentication Option',
  30: 'Multipath TCP', 34: 'TCP Fast Open Cookie', 76: 'Riverbed Probe', 78: 'Riverbed Transparency', 172: 'Accurate ECN Order 0',
  174: 'Accurate ECN Order 1', 253: 'RFC3692-style Experiment 1', 254: 'RFC3692-style Experiment 2',
};

/** Wireshark's mptcp_subtype_vs. */
const MPTCP_SUBTYPES: Readonly<Record<number, string>> = {
  0: 'Multipath Capable', 1: 'Join Connection', 2: 'Data Sequence Signal', 3: 'Add Address', 4: 'Remove Address',
  5: 'Change Subflow Priority', 6: 'TCP Fallback', 7: 'Fast TCP Close', 8: 'TCP Reset', 15: 'Private Use',
};

/** The Experiment Identifier of TCP Fast Open carried in an RFC 6994 experimental option. */
const EXID_FAST_OPEN = 0xf989;

export const TCP_OPTION_FIELDS: FieldDefs = {
  'tcp.options': { name: 'Options', type: 'bytes' },
  'tcp.option_kind': { name: 'Kind', type: 'uint8', strings: KIND_NAMES },
  'tcp.option_len': { name: 'Length', type: 'uint8' },
  'tcp.options.eol': { name: 'TCP Option - End of Option List (EOL)', type: 'bytes' },
  'tcp.options.nop': { name: 'TCP Option - No-Operation (NOP)', type: 'bytes' },
  'tcp.options.mss': { name: 'TCP Option - Maximum segment size', type: 'bytes' },
  'tcp.options.mss_val': { name: 'MSS Value', type: 'uint16' },
  'tcp.options.wscale': { name: 'TCP Option - Window scale', type: 'bytes' },
  'tcp.options.wscale.shift': { name: 'Shift count', type: 'uint8' },
  'tcp.options.wscale.multiplier': { name: 'Multiplier', type: 'uint16' },
  'tcp.options.sack_perm': { name: 'TCP Option - SACK permitted', type: 'bytes' },
  'tcp.options.sack': { name: 'TCP Option - SACK', type: 'bytes' },
  'tcp.options.sack_le': { name: 'TCP SACK Left Edge', type: 'uint32', blurb: 'Raw (relative edges need flow state)' },
  'tcp.options.sack_re': { name: 'TCP SACK Right Edge', type: 'uint32', blurb: 'Raw (relative edges need flow state)' },
  'tcp.options.sack.count': { name: 'TCP SACK Count', type: 'uint8' },
  'tcp.options.timestamp': { name: 'TCP Option - Timestamps', type: 'bytes' },
  'tcp.options.timestamp.tsval': { name: 'Timestamp value', type: 'uint32' },
  'tcp.options.timestamp.tsecr': { name: 'Timestamp echo reply', type: 'uint32' },
  'tcp.options.md5': { name: 'TCP Option - TCP MD5 signature', type: 'bytes' },
  'tcp.options.md5.digest': { name: 'MD5 digest', type: 'bytes' },
  'tcp.options.user_to': { name: 'TCP Option - User Timeout', type: 'bytes' },
  'tcp.options.user_to_granularity': { name: 'Granularity', type: 'bool', mask: 0x8000, bitWidth: 16, tfs: ['Minutes', 'Seconds'] },
  'tcp.options.user_to_val': { name: 'User Timeout', type: 'uint16', mask: 0x7fff },
  'tcp.options.tfo': { name: 'TCP Option - TCP Fast Open', type: 'bytes' },
  'tcp.options.tfo.request': { name: 'Fast Open Cookie Request', type: 'none' },
  'tcp.options.tfo.cookie': { name: 'Fast Open Cookie', type: 'bytes' },
  'tcp.options.experimental': { name: 'TCP Option - Experimental', type: 'bytes' },
  'tcp.options.experimental.exid': { name: 'Experiment Identifier', type: 'uint16', base: 'hex', strings: { [EXID_FAST_OPEN]: 'Fast Open' } },
  'tcp.options.experimental.data': { name: 'Data', type: 'bytes' },
  'tcp.options.mptcp.subtype': { name: 'Multipath TCP subtype', type: 'uint8', mask: 0xf0, strings: MPTCP_SUBTYPES },
  'tcp.options.unknown': { name: 'TCP Option - Unknown', type: 'bytes' },
  'tcp.options.unknown.payload': { name: 'Payload', type: 'bytes' },
};

/** What one option kind is called and which length it must have (when fixed). */
interface OptionKind {
  field: string;
  /** The name in the `Options:` summary and in the "goes past end" text. */
  short: string;
  /** The required length, when the kind has one. */
  len?: number;
}

const KINDS: Readonly<Record<number, OptionKind>> = {
  0: { field: 'tcp.options.eol', short: 'End of Option List (EOL)' },
  1: { field: 'tcp.options.nop', short: 'No-Operation (NOP)' },
  2: { field: 'tcp.options.mss', short: 'Maximum segment size', len: 4 },
  3: { field: 'tcp.options.wscale', short: 'Window scale', len: 3 },
  4: { field: 'tcp.options.sack_perm', short: 'SACK permitted', len: 2 },
  5: { field: 'tcp.options.sack', short: 'SACK' },
  8: { field: 'tcp.options.timestamp', short: 'Timestamps', len: 10 },
  19: { field: 'tcp.options.md5', short: 'TCP MD5 signature', len: 18 },
  28: { field: 'tcp.options.user_to', short: 'User Timeout', len: 4 },
  34: { field: 'tcp.options.tfo', short: 'TCP Fast Open' },
  253: { field: 'tcp.options.experimental', short: 'Experimental' },
  254: { field: 'tcp.options.experimental', short: 'Experimental' },
};

/**
 * Walk the options in header bytes [20, hl), appending each option's Info words as it is read (so a
 * truncated header shows the options before the cut, as Wireshark does). Reads past the captured header
 * throw DissectBoundsError through the view.
 */
export function dissectTcpOptions(view: ByteView, ctx: DissectContext, hl: number, fact?: TcpHeaderFact): void {
  const building = ctx.building;
  // Option names for the Options item's label: only a tree shows it.
  const names: string[] | undefined = building ? [] : undefined;
  // A header cut by the snapshot length: the item holds the captured option bytes, as Wireshark's.
  const captured = Math.max(0, Math.min(hl, view.length) - 20);
  const opts: Item = building ? ctx.layer.add('tcp.options', 20, hl - 20, view.slice(20, captured), '') : ctx.layer;
  let at = 20;
  while (at < hl) {
    const kind = view.u8(at);
    const spec = KINDS[kind];
    const short = spec?.short ?? (kind === 30 ? 'MPTCP' : `Unknown (${hex(kind, 2)})`);
    if (kind === 0 || kind === 1) {
      if (building) {
        names?.push(short);
        opts.add(spec.field, at, 1, view.slice(at, 1), `TCP Option - ${short}`).add('tcp.option_kind', at, 1, kind);
      }
      at += 1;
      continue;
    }
    const len = view.u8(at + 1);
    if (len < 2 || at + len > hl) {
      const why = len < 2 ? `with option length = ${len} byte${len === 1 ? '' : 's'}; should be >= 2` : `option length = ${len} bytes says option goes past end of options`;
      const text = `${spec?.short ?? 'Unknown'} (${why})`;
      if (building) opts.text(text, at, hl - at).expert('note', text);
      break;
    }
    names?.push(short);
    if (spec?.len !== undefined && len !== spec.len) {
      if (building) {
        const o = opts.add(spec.field, at, len, view.slice(at, len), `TCP Option - ${spec.short}`);
        o.add('tcp.option_kind', at, 1, kind);
        o.add('tcp.option_len', at + 1, 1, len).expert('note', `option length should be ${spec.len}`);
      }
    } else {
      dissectOption(view, ctx, opts, kind, at, len, fact);
    }
    at += len;
  }
  if (names !== undefined) opts.setLabel(`Options: (${hl - 20} bytes)${names.length > 0 ? `, ${names.join(', ')}` : ''}`);
}

/** One option whose length is valid for its kind: its item, values and Info words. */
function dissectOption(view: ByteView, ctx: DissectContext, opts: Item, kind: number, at: number, len: number, fact: TcpHeaderFact | undefined): void {
  const building = ctx.building;
  const cols = ctx.cols;
  const head = (field: string, label: string): Item => {
    if (!building) return opts;
    const o = opts.add(field, at, len, view.slice(at, len), label);
    o.add('tcp.option_kind', at, 1, kind);
    o.add('tcp.option_len', at + 1, 1, len);
    return o;
  };
  switch (kind) {
    case 2: {
      const mss = view.u16(at + 2);
      if (fact !== undefined) fact.mss = mss;
      cols.info += ` MSS=${mss}`;
      head('tcp.options.mss', `TCP Option - Maximum segment size: ${mss} bytes`).add('tcp.options.mss_val', at + 2, 2, mss);
      return;
    }
    case 3: {
      const shift = view.u8(at + 2);
      if (fact !== undefined) fact.windowScale = shift;
      const mult = 2 ** Math.min(shift, 14);
      cols.info += ` WS=${mult}`;
      const o = head('tcp.options.wscale', `TCP Option - Window scale: ${shift} (multiply by ${mult})`);
      const s = o.add('tcp.options.wscale.shift', at + 2, 1, shift);
      if (shift > 14) s.expert('warn', 'Window scale shift exceeds 14');
      o.add('tcp.options.wscale.multiplier', at + 2, 1, mult, `[Multiplier: ${mult}]`);
      return;
    }
    case 4:
      if (fact !== undefined) fact.sackPermitted = true;
      cols.info += ' SACK_PERM';
      head('tcp.options.sack_perm', 'TCP Option - SACK permitted');
      return;
    case 5: {
      // With the flow engine's analysis the edges are relative to the other side's first sequence number,
      // as tshark shows them (that base is the raw acknowledgement number minus the relative one).
      const a = ctx.flowInfo?.tcp;
      const base = a !== undefined && a.headerOffset === view.start && (view.u16(12) & 0x010) !== 0 ? (view.u32(8) - a.relAck) >>> 0 : undefined;
      const shown = (edge: number): number => (base === undefined ? edge : (edge - base) >>> 0);
      const note = base === undefined ? '' : ' (relative)';
      const edges: [number, number][] = [];
      for (let e = at + 2; e + 8 <= at + len; e += 8) {
        const le = view.u32(e);
        const re = view.u32(e + 4);
        cols.info += ` SLE=${shown(le)} SRE=${shown(re)}`;
        edges.push([le, re]);
        fact?.sack.push(le, re);
      }
      const o = head('tcp.options.sack', `TCP Option - SACK${edges.map(([l, r]) => ` ${shown(l)}-${shown(r)}`).join('')}`);
      edges.forEach(([le, re], i) => {
        o.add('tcp.options.sack_le', at + 2 + 8 * i, 4, shown(le), `left edge = ${shown(le)}${note}`);
        o.add('tcp.options.sack_re', at + 6 + 8 * i, 4, shown(re), `right edge = ${shown(re)}${note}`);
      });
      o.add('tcp.options.sack.count', at, len, edges.length, `[TCP SACK Count: ${edges.length}]`);
      return;
    }
    case 8: {
      const tsval = view.u32(at + 2);
      const tsecr = view.u32(at + 6);
      if (fact !== undefined) {
        fact.tsval = tsval;
        fact.tsecr = tsecr;
      }
      cols.info += ` TSval=${tsval} TSecr=${tsecr}`;
      const o = head('tcp.options.timestamp', `TCP Option - Timestamps: TSval ${tsval}, TSecr ${tsecr}`);
      o.add('tcp.options.timestamp.tsval', at + 2, 4, tsval);
      o.add('tcp.options.timestamp.tsecr', at + 6, 4, tsecr);
      return;
    }
    case 19:
      cols.info += ' MD5';
      head('tcp.options.md5', 'TCP Option - TCP MD5 signature').add('tcp.options.md5.digest', at + 2, 16, view.slice(at + 2, 16));
      return;
    case 28: {
      const word = view.u16(at + 2);
      const value = word & 0x7fff;
      cols.info += ` USER_TO=${value}`;
      const o = head('tcp.options.user_to', 'TCP Option - User Timeout');
      o.add('tcp.options.user_to_granularity', at + 2, 2, (word & 0x8000) !== 0, undefined, word);
      o.add('tcp.options.user_to_val', at + 2, 2, value, undefined, word);
      return;
    }
    case 30: {
      // The MPTCP option is Wireshark's `mptcp` protocol, which also takes the Protocol column.
      const subtype = view.u8(at + 2) >> 4;
      cols.protocol = 'MPTCP';
      if (!building) return;
      const o = opts.text(`Multipath Transmission Control Protocol: ${MPTCP_SUBTYPES[subtype] ?? 'Unknown'}`, at, len);
      o.add('tcp.option_kind', at, 1, kind);
      o.add('tcp.option_len', at + 1, 1, len);
      o.add('tcp.options.mptcp.subtype', at + 2, 1, subtype, undefined, view.u8(at + 2));
      return;
    }
    case 34: {
      const o = head('tcp.options.tfo', 'TCP Option - TCP Fast Open');
      fastOpenCookie(view, ctx, o, at + 2, len - 2);
      return;
    }
    case 253:
    case 254:
      experimental(view, ctx, opts, kind, at, len);
      return;
    default: {
      const o = head('tcp.options.unknown', 'TCP Option - Unknown');
      if (len > 2) o.add('tcp.options.unknown.payload', at + 2, len - 2, view.slice(at + 2, len - 2));
    }
  }
}

/** The cookie (or, when empty, the cookie request) of TCP Fast Open, in its own option or an experimental one. */
function fastOpenCookie(view: ByteView, ctx: DissectContext, o: Item, from: number, n: number): void {
  if (n <= 0) {
    ctx.cols.info += ' TFO=R';
    o.add('tcp.options.tfo.request', from, 0, '', 'Fast Open Cookie Request');
  } else {
    ctx.cols.info += ' TFO=C';
    o.add('tcp.options.tfo.cookie', from, n, view.slice(from, n));
  }
}

/** RFC 6994 experimental options: a 16-bit Experiment Identifier, then data (Fast Open under its ExID). */
function experimental(view: ByteView, ctx: DissectContext, opts: Item, kind: number, at: number, len: number): void {
  const exid = len >= 4 ? view.u16(at + 2) : -1;
  const label = `TCP Option - Experimental${exid === EXID_FAST_OPEN ? ': Fast Open' : ''}`;
  const o = ctx.building ? opts.add('tcp.options.experimental', at, len, view.slice(at, len), label) : opts;
  o.add('tcp.option_kind', at, 1, kind);
  o.add('tcp.option_len', at + 1, 1, len);
  if (exid < 0) {
    if (len > 2) o.add('tcp.options.experimental.data', at + 2, len - 2, view.slice(at + 2, len - 2));
    return;
  }
  o.add('tcp.options.experimental.exid', at + 2, 2, exid);
  if (exid === EXID_FAST_OPEN) fastOpenCookie(view, ctx, o, at + 4, len - 4);
  else if (len > 4) o.add('tcp.options.experimental.data', at + 4, len - 4, view.slice(at + 4, len - 4));
}
