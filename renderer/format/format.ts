/** Display formatting shared by the list, the status bar and the dialogs. Pure. */

/** Seconds since the first packet, with as many decimals as the capture's timestamp resolution. */
export function formatRelTime(seconds: number, digits: number): string {
  if (!Number.isFinite(seconds)) return '';
  return seconds.toFixed(digits >= 9 ? 9 : 6);
}

/** The list's time precision: 9 digits when any interface of the capture has nanosecond stamps, else 6. */
export function timeDigits(interfaces: readonly { tsDigits: number }[]): number {
  return interfaces.some((i) => i.tsDigits >= 9) ? 9 : 6;
}

/** 1234567 → "1,234,567" (the same in every locale, so tests and screenshots agree). */
export function formatCount(n: number): string {
  const s = Math.trunc(n).toString();
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB"; small sizes stay exact. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${UNITS[u]}`;
}

/** 850 → "850 ms", 12345 → "12.3 s", 125000 → "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const min = Math.floor(s / 60);
  return `${min} min ${Math.round(s - min * 60)} s`;
}

/** Whole percent of a fraction, clamped to 0..100. */
export function formatPercent(done: number, total: number): string {
  if (!(total > 0)) return '0%';
  return `${Math.min(100, Math.max(0, Math.floor((done / total) * 100)))}%`;
}
