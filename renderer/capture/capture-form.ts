/**
 * The capture options dialog's fields as typed, their checks, and the `CaptureRequest` they make. The
 * rules are the engine's (workers/capture-request.ts), said where the field is so that the user learns
 * them before pressing Start; the engine checks again. Pure.
 */
import type { CaptureDirection, CaptureRequest } from '../../core/api';

export const MAX_SNAPLEN = 262144;
const MAX_DURATION_SEC = 31 * 24 * 3600;

/** The dialog's fields as the user typed them (text fields stay text, so nothing typed is lost). */
export interface CaptureOptionsForm {
  /** Empty: the whole packet (262144). */
  snapLen: string;
  promiscuous: boolean;
  direction: CaptureDirection;
  /** Stop after this many packets; empty: no limit. */
  count: string;
  /** Stop after this many seconds; empty: no limit. */
  durationSec: string;
  /** A path on the engine's machine; empty: a temporary file. */
  outputPath: string;
  ring: boolean;
  /** Files to keep; 0 keeps all. */
  ringFiles: string;
  ringMegabytes: string;
  ringSeconds: string;
}

export const DEFAULT_OPTIONS: CaptureOptionsForm = {
  snapLen: '',
  promiscuous: true,
  direction: 'both',
  count: '',
  durationSec: '',
  outputPath: '',
  ring: false,
  ringFiles: '2',
  ringMegabytes: '1',
  ringSeconds: '',
};

export type OptionsField = Exclude<keyof CaptureOptionsForm, 'promiscuous' | 'direction' | 'ring'>;
export type OptionsErrors = Partial<Record<OptionsField, string>>;

/** A path on the engine's machine, which may run Linux, macOS or Windows: `/x`, `C:\x`, `\\server\x`. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** What is wrong with a path to write to, or null. */
export function pathProblem(text: string): string | null {
  const p = text.trim();
  if (p === '') return 'Enter the path of the file to write.';
  if (!isAbsolutePath(p)) return 'Enter an absolute path (starting with /) on the machine the engine runs on.';
  if (/[\\/]$/.test(p)) return 'That is a folder: add a file name, e.g. capture.pcapng.';
  return null;
}

function wholeNumber(text: string, min: number, max: number, what: string): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `${what} must be a whole number from ${min} to ${max.toLocaleString('en-US')}.`;
  const n = Number(t);
  return n < min || n > max ? `${what} must be from ${min} to ${max.toLocaleString('en-US')}.` : n;
}

function positiveNumber(text: string, what: string): number | string {
  const t = text.trim();
  const n = Number(t);
  return t === '' || !/^\d*\.?\d+$/.test(t) || !(n > 0) ? `${what} must be a number above 0.` : n;
}

/** Each field's problem, or an empty object when the options are usable. */
export function optionsErrors(f: CaptureOptionsForm): OptionsErrors {
  return build(f).errors;
}

/** The request for `iface` with `filter` and these options, or the fields' problems. */
export function captureRequest(iface: string, filter: string, f: CaptureOptionsForm): { request: CaptureRequest } | { errors: OptionsErrors } {
  const { errors, request } = build(f);
  if (Object.keys(errors).length > 0) return { errors };
  // The filter goes as typed: an error's span then indexes into what the field shows.
  return { request: { interface: iface, filter, ...request } };
}

function build(f: CaptureOptionsForm): { errors: OptionsErrors; request: Omit<CaptureRequest, 'interface' | 'filter'> } {
  const errors: OptionsErrors = {};
  const request: Omit<CaptureRequest, 'interface' | 'filter'> = { promiscuous: f.promiscuous, direction: f.direction };
  const num = (field: OptionsField, v: number | string, set: (n: number) => void) => {
    if (typeof v === 'string') errors[field] = v;
    else set(v);
  };
  if (f.snapLen.trim() !== '') num('snapLen', wholeNumber(f.snapLen, 1, MAX_SNAPLEN, 'The snapshot length'), (n) => (request.snapLen = n));
  if (f.count.trim() !== '') num('count', wholeNumber(f.count, 1, Number.MAX_SAFE_INTEGER, 'The packet count'), (n) => (request.count = n));
  if (f.durationSec.trim() !== '') num('durationSec', wholeNumber(f.durationSec, 1, MAX_DURATION_SEC, 'The duration in seconds'), (n) => (request.durationSec = n));
  const output = f.outputPath.trim();
  if (output !== '') {
    const p = pathProblem(output);
    if (p) errors.outputPath = p;
    else request.outputPath = output;
  }
  if (f.ring) {
    if (output === '') errors.outputPath = 'A ring buffer needs an output file: its files are named after it (NAME_00001_….pcapng).';
    const ring: NonNullable<CaptureRequest['ring']> = { files: 0 };
    num('ringFiles', wholeNumber(f.ringFiles, 0, 1_000_000, 'The number of files'), (n) => (ring.files = n));
    const mb = f.ringMegabytes.trim();
    const sec = f.ringSeconds.trim();
    if (mb === '' && sec === '') errors.ringMegabytes = 'Say when to switch to the next file: after so many megabytes, or seconds, or both.';
    if (mb !== '') num('ringMegabytes', positiveNumber(mb, 'The file size in megabytes'), (n) => (ring.fileMegabytes = n));
    if (sec !== '') num('ringSeconds', positiveNumber(sec, 'The file duration in seconds'), (n) => (ring.fileSeconds = n));
    request.ring = ring;
  }
  return { errors, request };
}

/** One line under the Start button: what differs from a plain capture, e.g. "stop after 100 packets · ring of 5 files". */
export function optionsSummary(f: CaptureOptionsForm): string {
  const parts: string[] = [];
  if (f.snapLen.trim() !== '') parts.push(`snap length ${f.snapLen.trim()}`);
  if (!f.promiscuous) parts.push('not promiscuous');
  if (f.direction !== 'both') parts.push(f.direction === 'in' ? 'incoming only' : 'outgoing only');
  if (f.count.trim() !== '') parts.push(`stop after ${f.count.trim()} packets`);
  if (f.durationSec.trim() !== '') parts.push(`stop after ${f.durationSec.trim()} s`);
  if (f.ring) {
    const files = f.ringFiles.trim() === '0' ? 'ring buffer keeping every file' : `ring buffer of ${f.ringFiles.trim()} files`;
    parts.push(files);
  }
  parts.push(f.outputPath.trim() === '' ? 'to a temporary file (Save As keeps it)' : `to ${f.outputPath.trim()}`);
  return parts.join(' · ');
}
