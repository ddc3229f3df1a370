/**
 * Binary framing of RpcMessages for byte transports (the web shell's WebSocket): the message's JSON with
 * every typed array lifted out into a binary attachment, so bulk data never becomes a JSON array.
 *
 * Frame: u32 jsonLength | json (UTF-8) | u32 count | count × (u8 kind | u32 byteLength | bytes)
 * (all little-endian; attachments are not aligned, they are copied into fresh aligned buffers on decode).
 */
import type { RpcMessage } from './protocol';

const KINDS = [
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  Uint8ClampedArray,
] as const;
type AnyTyped = InstanceType<(typeof KINDS)[number]>;

const MARK = '__trawl_bin__';

export class FrameError extends Error {
  override name = 'FrameError';
}

export function encodeFrame(message: RpcMessage): Uint8Array {
  const blobs: { kind: number; bytes: Uint8Array }[] = [];
  const json = JSON.stringify(message, function (this: unknown, key, replaced: unknown) {
    // Look at the original value: Node's Buffer has a toJSON that would otherwise turn it into an array.
    const value = (this as Record<string, unknown>)[key] ?? replaced;
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const kind = KINDS.findIndex((K) => value instanceof K);
      if (kind >= 0) {
        const v = value as AnyTyped;
        blobs.push({ kind, bytes: new Uint8Array(v.buffer, v.byteOffset, v.byteLength) });
        return { [MARK]: blobs.length - 1 };
      }
    }
    if (value instanceof ArrayBuffer) {
      blobs.push({ kind: -1, bytes: new Uint8Array(value) });
      return { [MARK]: blobs.length - 1 };
    }
    return replaced;
  });
  const head = new TextEncoder().encode(json);
  let size = 4 + head.length + 4;
  for (const b of blobs) size += 5 + b.bytes.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let p = 0;
  dv.setUint32(p, head.length, true);
  p += 4;
  out.set(head, p);
  p += head.length;
  dv.setUint32(p, blobs.length, true);
  p += 4;
  for (const b of blobs) {
    dv.setUint8(p, b.kind & 0xff);
    dv.setUint32(p + 1, b.bytes.length, true);
    p += 5;
    out.set(b.bytes, p);
    p += b.bytes.length;
  }
  return out;
}

export function decodeFrame(frame: Uint8Array): RpcMessage {
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const need = (p: number, n: number) => {
    if (p + n > frame.byteLength) throw new FrameError(`Frame truncated at byte ${p} (needs ${n} more)`);
  };
  let p = 0;
  need(p, 4);
  const jsonLen = dv.getUint32(p, true);
  p += 4;
  need(p, jsonLen);
  const json = new TextDecoder().decode(frame.subarray(p, p + jsonLen));
  p += jsonLen;
  need(p, 4);
  const count = dv.getUint32(p, true);
  p += 4;
  const blobs: unknown[] = [];
  for (let i = 0; i < count; i++) {
    need(p, 5);
    const kind = dv.getUint8(p);
    const len = dv.getUint32(p + 1, true);
    p += 5;
    need(p, len);
    // Uint8Array's own slice copies; a Node Buffer's `slice` would return a view into its shared pool.
    const copy = Uint8Array.prototype.slice.call(frame, p, p + len);
    p += len;
    if (kind === 0xff) {
      blobs.push(copy.buffer);
    } else {
      const K = KINDS[kind];
      if (!K) throw new FrameError(`Unknown attachment kind ${kind}`);
      const width = K.BYTES_PER_ELEMENT;
      if (len % width !== 0) throw new FrameError(`Attachment of ${len} bytes is not a whole ${K.name}`);
      blobs.push(new K(copy.buffer, 0, len / width));
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json, (_key, value: unknown) => {
      if (value && typeof value === 'object' && MARK in value) {
        const idx = (value as Record<string, number>)[MARK];
        if (idx === undefined || idx < 0 || idx >= blobs.length) throw new FrameError(`Bad attachment index ${idx}`);
        return blobs[idx];
      }
      return value;
    });
  } catch (e) {
    if (e instanceof FrameError) throw e;
    throw new FrameError(`Frame JSON is invalid: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as { t?: unknown }).t !== 'string') {
    throw new FrameError('Frame is not an RPC message');
  }
  return parsed as RpcMessage;
}
