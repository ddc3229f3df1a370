/** Turns anything an engine call rejected with into words for the user. */
import { CaptureFormatError, FileAccessError, HelperError, TrawlError } from '../../core/errors';
import { ChannelClosedError } from '../../core/rpc/protocol';
import type { UserError } from '../store/ui/state';

export function describeError(title: string, e: unknown): UserError {
  if (e instanceof HelperError) {
    // The message says what to do (e.g. the setcap line); the helper's own words go under it when they add to it.
    const tail = e.stderrTail.trim();
    return tail !== '' && !e.message.includes(tail) ? { title, message: e.message, detail: tail } : { title, message: e.message };
  }
  if (e instanceof CaptureFormatError || e instanceof FileAccessError) return { title, message: e.message };
  if (e instanceof ChannelClosedError) return { title, message: 'The connection to the engine was lost.' };
  if (e instanceof TrawlError) return { title, message: e.message };
  if (e instanceof Error) return { title, message: e.message || 'An unexpected error occurred.' };
  return { title, message: String(e) };
}
