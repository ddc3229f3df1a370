/**
 * `matches` patterns: Wireshark 4.0 compiles them with PCRE2, case-insensitive unless the pattern starts
 * with `(?-i)`. They run here as JavaScript regular expressions; the leading `(?i)` / `(?-i)` switch is
 * honoured, other PCRE-only syntax (inline flags elsewhere, possessive quantifiers, \Q…\E) is refused with
 * a message rather than matched differently.
 */
import { FilterError } from '../errors';
import type { Span } from './ast';

export function compileRegex(pattern: string, span: Span): RegExp {
  let flags = 'i';
  let body = pattern;
  const lead = /^\(\?(-?)i\)/.exec(body);
  if (lead !== null) {
    flags = lead[1] === '-' ? '' : 'i';
    body = body.slice(lead[0].length);
  }
  if (/\(\?[a-zA-Z-]+[):]/.test(body) || /[*+?}]\+/.test(body) || body.includes('\\Q')) {
    throw new FilterError('display-regex', 'This pattern uses PCRE syntax Trawl does not run (inline flags other than a leading (?i) or (?-i), possessive quantifiers, \\Q…\\E); rewrite it without them.', span);
  }
  try {
    return new RegExp(body, flags);
  } catch (e) {
    throw new FilterError('display-regex', `"${pattern}" is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}.`, span);
  }
}
