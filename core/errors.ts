/**
 * Typed errors that cross every boundary (worker port, Electron IPC, WebSocket) as
 * `{name, code, message, data}` and come back as the same classes (see rpc/protocol.ts).
 * Every message must tell the user what happened and, where possible, what to do.
 */

export interface SerializedError {
  name: string;
  code: string;
  message: string;
  data?: Record<string, unknown>;
}

export class TrawlError extends Error {
  override name = 'TrawlError';
  constructor(
    readonly code: string,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message, data: this.data };
  }
}

/** The bytes are not a capture, or stop being a valid one at `offset` (record `record`, 1-based). */
export class CaptureFormatError extends TrawlError {
  override name = 'CaptureFormatError';
  constructor(
    code: string,
    message: string,
    readonly offset: number,
    readonly record = 0,
  ) {
    super(code, message, { offset, record });
  }
}

/** A filter expression is wrong at `span` ([start, end) in UTF-16 code units of the expression). */
export class FilterError extends TrawlError {
  override name = 'FilterError';
  constructor(
    code: string,
    message: string,
    readonly span: readonly [number, number],
  ) {
    super(code, message, { span: [span[0], span[1]] });
  }
}

/** A file could not be read or written (permission, missing, I/O). */
export class FileAccessError extends TrawlError {
  override name = 'FileAccessError';
  constructor(code: string, message: string, readonly path: string) {
    super(code, message, { path });
  }
}

/** A long job stopped because somebody asked it to. */
export class CancelledError extends TrawlError {
  override name = 'CancelledError';
  constructor(message = 'Cancelled') {
    super('cancelled', message);
  }
}

/** A session, packet or other object named in a request does not exist. */
export class NotFoundError extends TrawlError {
  override name = 'NotFoundError';
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** A request's arguments are not of the contract's shape. */
export class BadRequestError extends TrawlError {
  override name = 'BadRequestError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

/**
 * The capture helper (helper/trawl-capture) failed: `exitCode` as documented in workers/capture-helper.ts
 * (null when a signal ended it or it never started), its last stderr lines, and the signal if any.
 */
export class HelperError extends TrawlError {
  override name = 'HelperError';
  constructor(
    code: string,
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
    readonly signal: string | null = null,
  ) {
    super(code, message, { exitCode, stderrTail, signal });
  }
}

/** Turn anything thrown into the wire form; unknown errors keep their message, code 'internal'. */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof TrawlError) return e.toJSON();
  if (e instanceof Error) return { name: 'Error', code: 'internal', message: e.message || String(e) };
  return { name: 'Error', code: 'internal', message: String(e) };
}

/** Rebuild the typed class from the wire form, so `instanceof` works on the far side. */
export function deserializeError(s: SerializedError): Error {
  const d = s.data ?? {};
  switch (s.name) {
    case 'CaptureFormatError':
      return new CaptureFormatError(s.code, s.message, Number(d.offset ?? 0), Number(d.record ?? 0));
    case 'FilterError': {
      const span = Array.isArray(d.span) ? d.span : [0, 0];
      return new FilterError(s.code, s.message, [Number(span[0]), Number(span[1])]);
    }
    case 'FileAccessError':
      return new FileAccessError(s.code, s.message, String(d.path ?? ''));
    case 'CancelledError':
      return new CancelledError(s.message);
    case 'NotFoundError':
      return new NotFoundError(s.code, s.message);
    case 'BadRequestError':
      return new BadRequestError(s.message);
    case 'HelperError':
      return new HelperError(
        s.code,
        s.message,
        typeof d.exitCode === 'number' ? d.exitCode : null,
        String(d.stderrTail ?? ''),
        typeof d.signal === 'string' ? d.signal : null,
      );
    case 'TrawlError':
      return new TrawlError(s.code, s.message, d);
    default: {
      const e = new TrawlError(s.code || 'internal', s.message, d);
      return e;
    }
  }
}
