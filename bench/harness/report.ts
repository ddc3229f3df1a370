/** Prints benchmark reports as aligned text tables: measurements, derived facts, targets with PASS/MISS. */
import type { BenchReport, Target } from './types';

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

function formatValue(value: number, unit: string): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === '×') return `${value.toFixed(3)}×`;
  return `${value.toFixed(1)} ${unit}`;
}

/** Columns padded to their widest cell; `align` says per column: l(eft) or r(ight). */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => (align[c] === 'r' ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function targetRow(t: Target): string[] {
  return [t.name, formatValue(t.actual, t.unit), `${t.op} ${formatValue(t.limit, t.unit)}`, t.pass ? 'PASS' : 'MISS'];
}

export function formatReport(r: BenchReport): string {
  const parts = [
    `== ${r.id}: ${r.title}`,
    r.subject,
    '',
    table(
      ['measurement', 'wall time', 'peak RSS', 'what'],
      r.measurements.map((m) => [m.name, formatMs(m.wallMs), formatBytes(m.peakRssBytes), m.note ?? '']),
      'lrrl',
    ),
    '',
    table(['derived', 'value'], r.facts.map((f) => [f.name, formatValue(f.value, f.unit)]), 'lr'),
    '',
    table(['target', 'actual', 'limit', 'result'], r.targets.map(targetRow), 'lrrl'),
  ];
  for (const w of r.warnings) parts.push(`warning: ${w}`);
  return parts.join('\n');
}
