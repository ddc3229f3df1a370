/**
 * Which language the one filter bar's text is in. pcap-filter(7) and display filters overlap (`tcp`,
 * `ip`, `udp`, `not tcp` mean the same in both), so the rule is fixed: text that pcap-filter's parser
 * accepts is pcap; otherwise text the display-filter compiler accepts is display; when neither accepts
 * it, the language it looks most like (a dotted field name or a display-only operator means display),
 * so the error shown is that language's.
 */
import { defaultRegistry } from '../dissect/index';
import type { Registry } from '../dissect/registry';
import { TrawlError } from '../errors';
import { parse as parsePcap } from '../filter/parser';
import { compileDisplayFilter } from './compile';

export type FilterLanguage = 'pcap' | 'display';

export function filterLanguage(text: string, registry: Registry = defaultRegistry): FilterLanguage {
  if (text.trim() === '') return 'pcap';
  if (accepts(() => parsePcap(text))) return 'pcap';
  if (accepts(() => compileDisplayFilter(text, registry))) return 'display';
  return looksLikeDisplay(text) ? 'display' : 'pcap';
}

function accepts(compile: () => unknown): boolean {
  try {
    compile();
    return true;
  } catch (e) {
    // A rejection is the answer we asked for; anything other than a user error is a bug and propagates.
    if (e instanceof TrawlError) return false;
    throw e;
  }
}

/** Display-only spellings: a dotted field name, `==`-style operators, `contains`, `matches`, `in {`, slices of fields. */
function looksLikeDisplay(text: string): boolean {
  return (
    /(^|[^\w.])[A-Za-z_][\w-]*\.[A-Za-z_][\w.-]*/.test(text) ||
    /==|!=|~=|\beq\b|\bne\b|\bcontains\b|\bmatches\b|\bin\s*\{|\bxor\b|\^\^/.test(text)
  );
}
