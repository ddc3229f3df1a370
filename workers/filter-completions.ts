/**
 * Names the filter bar offers while the user types a field: every protocol and field of the dissector
 * registry (the same declarations display filters, columns and `-T fields` read) whose name starts with
 * what was typed.
 */
import type { FieldCompletion } from '../core/api';
import { defaultRegistry } from '../core/dissect/index';
import type { Registry } from '../core/dissect/registry';
import { BadRequestError } from '../core/errors';

export const DEFAULT_COMPLETIONS = 50;
const MAX_COMPLETIONS = 1000;

/**
 * Names starting with `prefix` (case-insensitive): the exact name first, then protocols, then fewer name
 * levels (`dns.flags` before `dns.flags.response`), then alphabetical; at most `limit`.
 */
export function fieldCompletions(req: { prefix: string; limit?: number }, registry: Registry = defaultRegistry): FieldCompletion[] {
  if (!req || typeof req.prefix !== 'string') throw new BadRequestError('fieldCompletions needs a prefix (a string; empty lists every protocol first)');
  const limit = req.limit ?? DEFAULT_COMPLETIONS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_COMPLETIONS) {
    throw new BadRequestError(`fieldCompletions: limit must be a whole number from 1 to ${MAX_COMPLETIONS} (got ${req.limit})`);
  }
  const prefix = req.prefix.toLowerCase();
  const found: FieldCompletion[] = [];
  for (const [name, f] of registry.fields) {
    if (!name.toLowerCase().startsWith(prefix)) continue;
    const kind = f.type === 'protocol' && name === f.protocol ? 'protocol' : 'field';
    found.push({ name, kind, description: f.blurb ? `${f.name}: ${f.blurb}` : f.name, type: f.type });
  }
  const depth = (n: string) => n.split('.').length;
  found.sort(
    (a, b) =>
      Number(b.name.toLowerCase() === prefix) - Number(a.name.toLowerCase() === prefix) ||
      Number(b.kind === 'protocol') - Number(a.kind === 'protocol') ||
      depth(a.name) - depth(b.name) ||
      a.name.localeCompare(b.name),
  );
  return found.slice(0, limit);
}
