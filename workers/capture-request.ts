/**
 * A `startCapture` request checked and put in normal form before anything runs: every field a user (or a
 * renderer bug) can get wrong is refused here with a BadRequestError that names it.
 */
import { isAbsolute, resolve } from 'node:path';
import type { CaptureRequest } from '../core/api';
import { BadRequestError } from '../core/errors';
import type { CaptureRing } from './capture-worker-api';

const MAX_SNAPLEN = 262144;
/** The helper's --ring-size limit, 1 GiB. */
const MAX_BUFFER_MB = 1024;
/**
 * 32 MiB, where dumpcap and tcpdump take 2: packets pass the helper, a pipe and the capture worker before
 * they reach the file, and on a busy machine that path pauses longer than a 2 MiB ring lasts (measured with
 * `npm run bench:capture`: at 200,000 pps a 4 MiB ring lost 15 % of a 100,000-packet burst, 32 MiB nothing).
 */
export const DEFAULT_BUFFER_MB = 32;
/** The helper's own rule for interface names (helper/args.c): 1-15 printable ASCII, no '/', ':' or space. */
const IFACE_NAME = /^[!-~]{1,15}$/;

export interface CheckedCaptureRequest {
  request: CaptureRequest;
  /** Absolute, when the request names an output file. */
  outputPath?: string;
  ring?: CaptureRing;
}

function positiveInt(name: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    throw new BadRequestError(`startCapture: ${name} must be a whole number from 1 to ${max} (got ${String(v)})`);
  }
  return v;
}

function positive(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new BadRequestError(`startCapture: ${name} must be a number above 0 (got ${String(v)})`);
  return v;
}

export function checkCaptureRequest(req: CaptureRequest | undefined, cwd = process.cwd()): CheckedCaptureRequest {
  if (!req || typeof req !== 'object') throw new BadRequestError('startCapture needs a request with at least an interface');
  const name = req.interface;
  if (typeof name !== 'string' || !IFACE_NAME.test(name) || /[/:]/.test(name)) {
    throw new BadRequestError(`startCapture: "${String(name)}" is not an interface name (1 to 15 printable characters, no '/', ':' or space)`);
  }
  if (req.filter !== undefined && typeof req.filter !== 'string') throw new BadRequestError('startCapture: filter must be a string (empty keeps every packet)');
  if (req.snapLen !== undefined) positiveInt('snapLen', req.snapLen, MAX_SNAPLEN);
  if (req.promiscuous !== undefined && typeof req.promiscuous !== 'boolean') throw new BadRequestError('startCapture: promiscuous must be true or false');
  if (req.direction !== undefined && !['in', 'out', 'both'].includes(req.direction)) {
    throw new BadRequestError(`startCapture: direction must be in, out or both (got ${String(req.direction)})`);
  }
  if (req.bufferMegabytes !== undefined) positiveInt('bufferMegabytes', req.bufferMegabytes, MAX_BUFFER_MB);
  if (req.count !== undefined) positiveInt('count', req.count);
  if (req.durationSec !== undefined) positiveInt('durationSec', req.durationSec, 31 * 24 * 3600);
  let outputPath: string | undefined;
  if (req.outputPath !== undefined) {
    if (typeof req.outputPath !== 'string' || req.outputPath.trim() === '') throw new BadRequestError('startCapture: outputPath must be the path of the file to write');
    outputPath = isAbsolute(req.outputPath) ? req.outputPath : resolve(cwd, req.outputPath);
  }
  let ring: CaptureRing | undefined;
  if (req.ring !== undefined) {
    const r = req.ring;
    if (outputPath === undefined) throw new BadRequestError('startCapture: a ring buffer needs an output file: its files are named after it');
    if (typeof r.files !== 'number' || !Number.isInteger(r.files) || r.files < 0) throw new BadRequestError(`startCapture: ring.files must be 0 (keep all) or more (got ${String(r.files)})`);
    if (r.fileMegabytes === undefined && r.fileSeconds === undefined) {
      throw new BadRequestError('startCapture: a ring buffer needs fileMegabytes or fileSeconds: when to switch to the next file');
    }
    ring = { files: r.files };
    if (r.fileMegabytes !== undefined) ring.fileBytes = Math.max(1, Math.round(positive('ring.fileMegabytes', r.fileMegabytes) * 1e6));
    if (r.fileSeconds !== undefined) ring.fileSeconds = positive('ring.fileSeconds', r.fileSeconds);
  }
  return { request: { ...req, filter: req.filter ?? '', bufferMegabytes: req.bufferMegabytes ?? DEFAULT_BUFFER_MB }, outputPath, ring };
}
