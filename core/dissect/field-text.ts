/**
 * Field values as `tshark -T fields` prints them (Wireshark 4.0): integers in their display base without
 * value names (hex padded to the type's width, BASE_DEC_HEX as decimal, BASE_HEX_DEC as hex), booleans as
 * 1/0, addresses in their usual form, bytes as contiguous hex, times as Wireshark shows them, a protocol as
 * its tree label. Several occurrences of one field are joined by commas (tshark's default `-E occurrence=a`).
 */
import type { FieldOccurrence } from './context';
import { isTimeValue, signedHex, type FieldDef, type FieldValue } from './field';
import { formatAbsTime, formatEther, formatIpv4, formatIpv6, formatSeconds, hexBytes } from './format';

const TYPE_NIBBLES: Partial<Record<FieldDef['type'], number>> = {
  uint8: 2, uint16: 4, uint24: 6, uint32: 8, uint64: 16, int8: 2, int16: 4, int24: 6, int32: 8, int64: 16,
};

/** One occurrence's value as tshark prints it. `def` is the field's declaration (absent: an unknown name). */
export function tsharkValueText(def: FieldDef | undefined, occ: FieldOccurrence): string {
  // tshark prints 1 for a present field without a value (FT_NONE: tcp.analysis, tls.record), whatever
  // placeholder the dissector passed, so that -T fields can show presence.
  if (def?.type === 'none') return '1';
  const v = occ.value;
  if (v === undefined) return def?.type === 'protocol' || def === undefined ? (occ.label ?? '') : '';
  return valueText(def, v);
}

function valueText(def: FieldDef | undefined, v: FieldValue): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'string') return escapeString(v);
  if (v instanceof Uint8Array) {
    // An empty byte string (FT_BYTES of length 0: an empty wlan.ssid) prints as tshark's placeholder.
    if (v.length === 0 && def?.type === 'bytes') return '<MISSING>';
    if (def?.type === 'ether' && v.length === 6) return formatEther(v, 0);
    if (def?.type === 'ipv4' && v.length === 4) return formatIpv4(v, 0);
    if (def?.type === 'ipv6' && v.length === 16) return formatIpv6(v, 0);
    return hexBytes(v);
  }
  if (isTimeValue(v)) {
    if (def?.type === 'time' && def.epoch !== true) return formatAbsTime(v.sec, v.nsec);
    return formatSeconds(v.sec, v.nsec);
  }
  if (def?.type === 'double') return String(v);
  const base = def?.base;
  if (base === 'hex' || base === 'hex_dec') {
    const digits = def === undefined ? 2 : (TYPE_NIBBLES[def.type] ?? 2);
    if (v < 0 && def !== undefined) return signedHex(def, v, digits);
    return '0x' + v.toString(16).padStart(digits, '0');
  }
  if (base === 'oct') return v === 0 || v === 0n ? '0' : '0' + v.toString(8);
  return v.toString();
}

/** tshark escapes control characters in string fields the C way (`\r\n` prints as four characters). */
function escapeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x7f) {
      out += s[i];
      continue;
    }
    switch (c) {
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      default:
        out += '\\x' + c.toString(16).padStart(2, '0');
    }
  }
  return out;
}

/**
 * The cells of one packet for `-e` names: each name's occurrences, in tree order, joined by commas.
 * `lookup` gives a name's declaration (the registry's fields map).
 */
export function tsharkFieldCells(
  occurrences: readonly FieldOccurrence[],
  names: readonly string[],
  lookup: (name: string) => FieldDef | undefined,
): string[] {
  const at = new Map<string, number>();
  names.forEach((n, i) => {
    if (!at.has(n)) at.set(n, i);
  });
  const parts: string[][] = names.map(() => []);
  for (const occ of occurrences) {
    const i = at.get(occ.name);
    if (i !== undefined) parts[i].push(tsharkValueText(lookup(occ.name), occ));
  }
  return names.map((n, i) => parts[at.get(n) ?? i].join(','));
}
