/**
 * TCP options (RFC 9293, 7323, 2018): parsed into tree items and the Info column's option words
 * (`MSS=1460 SACK_PERM TSval=… TSecr=… WS=128`), as Wireshark prints them.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';

const KIND_NAMES: Readonly<Record<number, string>> = {
  0: 'End of Option List (EOL)',
  1: 'No-Operation (NOP)',
  2: 'Maximum Segment Size',
  3: 'Window Scale',
  4: 'SACK Permitted',
  5: 'SACK',
  8: 'Time Stamp Option',
  19: 'MD5 Signature Option',
  28: 'User Timeout',
  29: 'TCP Authentication Option',
  30: 'Multipath TCP',
  34: 'TCP Fast Open Cookie',
  254: 'RFC3692-style Experiment 2',
};

export const TCP_OPTION_FIELDS = {
  'tcp.options': { name: 'Options', type: 'bytes' },
  'tcp.option_kind': { name: 'Kind', type: 'uint8', strings: KIND_NAMES },
  'tcp.option_len': { name: 'Length', type: 'uint8' },
  'tcp.options.mss_val': { name: 'MSS Value', type: 'uint16' },
  'tcp.options.wscale.shift': { name: 'Shift count', type: 'uint8' },
  'tcp.options.wscale.multiplier': { name: 'Multiplier', type: 'uint16' },
  'tcp.options.sack_perm': { name: 'TCP SACK Permitted Option', type: 'none' },
  'tcp.options.sack_le': { name: 'left edge', type: 'uint32' },
  'tcp.options.sack_re': { name: 'right edge', type: 'uint32' },
  'tcp.options.timestamp.tsval': { name: 'Timestamp value', type: 'uint32' },
  'tcp.options.timestamp.tsecr': { name: 'Timestamp echo reply', type: 'uint32' },
} as const;

/**
 * Walk the options in header bytes [20, hl), appending each option's Info words as it is read (so a
 * truncated header shows the options before the cut, as Wireshark does). Reads past the captured header
 * throw DissectBoundsError through the view.
 */
export function dissectTcpOptions(view: ByteView, ctx: DissectContext, hl: number): void {
  const building = ctx.building;
  const names: string[] = [];
  const opts: Item = building ? ctx.layer.add('tcp.options', 20, hl - 20, view.slice(20, hl - 20), '') : ctx.layer;
  const cols = ctx.cols;
  let at = 20;
  while (at < hl) {
    const kind = view.u8(at);
    if (kind === 0 || kind === 1) {
      if (building) {
        const name = kind === 0 ? 'End of Option List (EOL)' : 'No-Operation (NOP)';
        names.push(name);
        opts.text(`TCP Option - ${name}`, at, 1).add('tcp.option_kind', at, 1, kind);
      }
      at += 1;
      if (kind === 0) break;
      continue;
    }
    const len = view.u8(at + 1);
    if (len < 2 || at + len > hl) {
      if (building) opts.text(`TCP Option - ${KIND_NAMES[kind] ?? `Unknown (${kind})`}`, at, hl - at).expert('warn', `Option length ${len} is invalid`);
      break;
    }
    let label = `TCP Option - ${KIND_NAMES[kind] ?? `Unknown (${kind})`}`;
    let short = KIND_NAMES[kind] ?? `Unknown (${kind})`;
    const sub: [string, number, number, number][] = [];
    if (kind === 2 && len === 4) {
      const mss = view.u16(at + 2);
      cols.info += ` MSS=${mss}`;
      label = `TCP Option - Maximum segment size: ${mss} bytes`;
      short = 'Maximum segment size';
      sub.push(['tcp.options.mss_val', at + 2, 2, mss]);
    } else if (kind === 3 && len === 3) {
      const shift = view.u8(at + 2);
      const mult = 2 ** Math.min(shift, 14);
      cols.info += ` WS=${mult}`;
      label = `TCP Option - Window scale: ${shift} (multiply by ${mult})`;
      short = 'Window scale';
      sub.push(['tcp.options.wscale.shift', at + 2, 1, shift], ['tcp.options.wscale.multiplier', at + 2, 1, mult]);
    } else if (kind === 4 && len === 2) {
      cols.info += ' SACK_PERM';
      label = 'TCP Option - SACK permitted';
      short = 'SACK permitted';
    } else if (kind === 8 && len === 10) {
      const tsval = view.u32(at + 2);
      const tsecr = view.u32(at + 6);
      cols.info += ` TSval=${tsval} TSecr=${tsecr}`;
      label = `TCP Option - Timestamps: TSval ${tsval}, TSecr ${tsecr}`;
      short = 'Timestamps';
      sub.push(['tcp.options.timestamp.tsval', at + 2, 4, tsval], ['tcp.options.timestamp.tsecr', at + 6, 4, tsecr]);
    } else if (kind === 5 && (len - 2) % 8 === 0) {
      const edges: string[] = [];
      for (let e = at + 2; e + 8 <= at + len; e += 8) {
        const le = view.u32(e);
        const re = view.u32(e + 4);
        cols.info += ` SLE=${le} SRE=${re}`;
        edges.push(`${le}-${re}`);
        sub.push(['tcp.options.sack_le', e, 4, le], ['tcp.options.sack_re', e + 4, 4, re]);
      }
      label = `TCP Option - SACK ${edges.join(' ')}`;
      short = 'SACK';
    }
    if (building) {
      names.push(short);
      const o = opts.text(label, at, len);
      o.add('tcp.option_kind', at, 1, kind);
      o.add('tcp.option_len', at + 1, 1, len);
      for (const [f, off, n, v] of sub) {
        const label2 = f === 'tcp.options.wscale.multiplier' ? `[Multiplier: ${v}]` : undefined;
        o.add(f, off, n, v, label2);
      }
    }
    at += len;
  }
  if (building) opts.setLabel(`Options: (${hl - 20} bytes), ${names.join(', ')}`);
}
