/**
 * How the CLI shows a filter expression that does not compile: the message, then the expression with a
 * caret under every character of the error's span (at least one, so an error at the end still points):
 *
 *   trawl compile: expected a port number after "port"
 *     tcp port
 *             ^
 */
import type { FilterError } from '../core/errors';

export function formatFilterError(command: string, expression: string, e: FilterError): string {
  const start = Math.min(Math.max(0, e.span[0]), expression.length);
  const end = Math.min(Math.max(start, e.span[1]), expression.length);
  // Keep tabs in the indent so the carets line up under them.
  const indent = expression.slice(0, start).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, end - start));
  return `trawl ${command}: ${e.message}\n  ${expression}\n  ${indent}${carets}\n`;
}
