/** Test helper: one literal packet's `-T fields` cells (as tshark prints them) for the given field names. */
import { collectFields, defaultRegistry, tsharkFieldCells } from '../index';

export function fieldCells(linkType: number, bytes: Uint8Array, names: readonly string[], origlen = bytes.length): Record<string, string> {
  const occ = collectFields(bytes, {
    number: 1,
    timestamp: { sec: 1700000000, nsec: 0 },
    relTime: 0,
    caplen: bytes.length,
    origlen,
    interface: { id: 0, linkType, linkTypeName: 'TEST', snapLen: 65535, tsDigits: 6 },
  });
  const cells = tsharkFieldCells(occ, names, (n) => defaultRegistry.fields.get(n));
  return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
}
