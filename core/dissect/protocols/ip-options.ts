/**
 * IPv4 options (RFC 791, RFC 2113), as Wireshark's packet-ip.c shows them: every option with its type
 * (copy / class / number), its length, and for the common ones their content: the route options' pointer
 * and addresses (Record Route, Loose and Strict Source Route), the timestamp option and Router Alert.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import type { FieldDefs } from '../field';
import { formatIpv4 } from '../format';

export const IP_OPTION_NAMES: Readonly<Record<number, string>> = {
  0: 'End of Options List (EOL)',
  1: 'No-Operation (NOP)',
  7: 'Record Route',
  68: 'Time Stamp',
  130: 'Security',
  131: 'Loose Source Route',
  133: 'Extended Security',
  134: 'Commercial IP Security Option',
  136: 'Stream ID',
  137: 'Strict Source Route',
  148: 'Router Alert',
};
const NUMBER_NAMES: Readonly<Record<number, string>> = {
  0: 'End of Option List (EOL)', 1: 'No-Operation (NOP)', 2: 'Security', 3: 'Loose source route', 4: 'Time stamp',
  7: 'Record route', 8: 'Stream identifier', 9: 'Strict source route', 20: 'Router Alert',
};
const CLASS_NAMES: Readonly<Record<number, string>> = { 0: 'Control', 1: 'Reserved for future use', 2: 'Debugging and measurement', 3: 'Reserved for future use' };
const TS_FLAGS: Readonly<Record<number, string>> = { 0: 'Time stamps only', 1: 'Time stamp and address', 3: 'Time stamps for prespecified addresses' };
const RA_VALUES: Readonly<Record<number, string>> = { 0: 'Router shall examine packet' };

export const IP_OPTION_FIELDS: FieldDefs = {
  'ip.opt.type': { name: 'Type', type: 'uint8' },
  'ip.opt.type.copy': { name: 'Copy on fragmentation', type: 'bool', mask: 0x80, tfs: ['Yes', 'No'] },
  'ip.opt.type.class': { name: 'Class', type: 'uint8', mask: 0x60, strings: CLASS_NAMES },
  'ip.opt.type.number': { name: 'Number', type: 'uint8', mask: 0x1f, strings: NUMBER_NAMES },
  'ip.opt.len': { name: 'Length', type: 'uint8' },
  'ip.opt.ptr': { name: 'Pointer', type: 'uint8' },
  'ip.opt.ra': { name: 'Router Alert', type: 'uint16', strings: RA_VALUES },
  'ip.opt.sid': { name: 'Stream Identifier', type: 'uint16' },
  'ip.opt.overflow': { name: 'Overflow', type: 'uint8', mask: 0xf0 },
  'ip.opt.flag': { name: 'Flag', type: 'uint8', base: 'hex', mask: 0x0f, strings: TS_FLAGS },
  'ip.opt.time_stamp': { name: 'Time stamp', type: 'uint32' },
  'ip.opt.time_stamp_addr': { name: 'Address', type: 'ipv4' },
  'ip.opt.padding': { name: 'Padding', type: 'bytes' },
  'ip.rec_rt': { name: 'Recorded Route', type: 'ipv4' },
  'ip.rec_rt_host': { name: 'Recorded Route Host', type: 'string' },
  'ip.src_rt': { name: 'Source Route', type: 'ipv4' },
  'ip.src_rt_host': { name: 'Source Route Host', type: 'string' },
  'ip.cur_rt': { name: 'Current Route', type: 'ipv4' },
  'ip.cur_rt_host': { name: 'Current Route Host', type: 'string' },
  'ip.empty_rt': { name: 'Empty Route', type: 'ipv4' },
  'ip.empty_rt_host': { name: 'Empty Route Host', type: 'string' },
};

/** Adds the options of a header of `hl` bytes (the options are bytes 20..hl) under an "Options" item. */
export function addIpOptions(view: ByteView, ctx: DissectContext, hl: number): void {
  const n = hl - 20;
  const names: string[] = [];
  const opts = ctx.layer.text(`Options: (${n} bytes)`, 20, n);
  let at = 20;
  while (at < hl) {
    const type = view.u8(at);
    const name = IP_OPTION_NAMES[type] ?? `Unknown (0x${type.toString(16).padStart(2, '0')})`;
    names.push(name.replace(/ \((EOL|NOP)\)$/, ''));
    if (type === 0 || type === 1) {
      addType(opts.text(`IP Option - ${name}`, at, 1), at, type);
      at += 1;
      if (type === 0) {
        if (at < hl) opts.add('ip.opt.padding', at, hl - at, view.slice(at, hl - at));
        break;
      }
      continue;
    }
    const len = view.u8(at + 1);
    if (len < 2 || at + len > hl) {
      const o = opts.text(`IP Option - ${name}`, at, hl - at);
      addType(o, at, type);
      o.add('ip.opt.len', at + 1, 1, len);
      ctx.expert('warn', `Bogus IP option length (${len})`, at + 1, 1);
      break;
    }
    const o = opts.text(`IP Option - ${name} (${len} bytes)`, at, len);
    addType(o, at, type);
    o.add('ip.opt.len', at + 1, 1, len);
    optionBody(view, o, type, at, len);
    at += len;
  }
  opts.setLabel(`Options: (${n} bytes), ${names.join(', ')}`);
}

function addType(o: Item, at: number, type: number): void {
  const t = o.add('ip.opt.type', at, 1, type, `Type: ${type}`);
  t.add('ip.opt.type.copy', at, 1, (type & 0x80) !== 0, undefined, type);
  t.add('ip.opt.type.class', at, 1, (type >> 5) & 3, undefined, type);
  t.add('ip.opt.type.number', at, 1, type & 0x1f, undefined, type);
}

function optionBody(view: ByteView, o: Item, type: number, at: number, len: number): void {
  switch (type) {
    case 7:
    case 131:
    case 137:
      route(view, o, type, at, len);
      return;
    case 68:
      timestamp(view, o, at, len);
      return;
    case 148:
      if (len === 4) {
        const ra = view.u16(at + 2);
        o.add('ip.opt.ra', at + 2, 2, ra);
        o.setLabel(`IP Option - Router Alert (4 bytes): ${RA_VALUES[ra] ?? 'Reserved'} (${ra})`);
      }
      return;
    case 136:
      if (len === 4) o.add('ip.opt.sid', at + 2, 2, view.u16(at + 2));
      return;
    default:
  }
}

/** Route options: addresses before the pointer were recorded, the one at the pointer is next. */
function route(view: ByteView, o: Item, type: number, at: number, len: number): void {
  if (len < 3) return;
  const ptr = view.u8(at + 2);
  o.add('ip.opt.ptr', at + 2, 1, ptr);
  const recorded = type === 7 ? 'ip.rec_rt' : 'ip.src_rt';
  for (let a = 3; a + 4 <= len; a += 4) {
    const addr = view.slice(at + a, 4);
    const text = formatIpv4(addr, 0);
    const zero = addr[0] === 0 && addr[1] === 0 && addr[2] === 0 && addr[3] === 0;
    const name = a + 1 === ptr ? 'ip.cur_rt' : zero && type === 7 ? 'ip.empty_rt' : recorded;
    o.add(name, at + a, 4, addr);
    o.hidden(`${name}_host`, at + a, 4, text);
  }
}

function timestamp(view: ByteView, o: Item, at: number, len: number): void {
  if (len < 4) return;
  o.add('ip.opt.ptr', at + 2, 1, view.u8(at + 2));
  const of = view.u8(at + 3);
  o.add('ip.opt.overflow', at + 3, 1, of >> 4, undefined, of);
  const flag = of & 0x0f;
  o.add('ip.opt.flag', at + 3, 1, flag, undefined, of);
  for (let a = 4; a + 4 <= len; ) {
    if (flag === 1 || flag === 3) {
      if (a + 8 > len) break;
      o.add('ip.opt.time_stamp_addr', at + a, 4, view.slice(at + a, 4));
      a += 4;
    }
    o.add('ip.opt.time_stamp', at + a, 4, view.u32(at + a));
    a += 4;
  }
}
