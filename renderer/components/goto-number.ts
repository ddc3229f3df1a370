import { formatCount } from '../format/format';

/** Parses what the user typed in "Go to packet": a packet number, or the reason it is not one. */
export function parsePacketNumber(text: string, packetCount: number): number | string {
  const t = text.trim().replace(/[,_\s]/g, '');
  if (t === '') return 'Enter a packet number.';
  if (!/^\d+$/.test(t)) return `"${text.trim()}" is not a packet number.`;
  const n = Number(t);
  if (packetCount <= 0) return 'There are no packets yet.';
  if (n < 1 || n > packetCount) return `There is no packet ${formatCount(n)}: packets are numbered 1 to ${formatCount(packetCount)}.`;
  return n;
}
