/**
 * The protocol registry, built in two phases like Wireshark's register / handoff: first collect every
 * protocol, field and owned table (a duplicate throws), then resolve every `registersIn` entry into the
 * dispatch tables (an unknown table or a key claimed twice throws). The result is an immutable value;
 * nothing is global, so a test can build a registry of any set of protocols.
 */
import { TrawlError } from '../errors';
import type { FieldDef } from './field';
import type { Protocol, TableName } from './protocol';

export class RegistryError extends TrawlError {
  override name = 'RegistryError';
  constructor(code: string, message: string, readonly protocol: string) {
    super(code, message, { protocol });
  }
}

export interface RegisteredField extends FieldDef {
  /** Full filter name, e.g. `ip.src`. */
  readonly filterName: string;
  /** Abbreviation of the protocol that declares it. */
  readonly protocol: string;
}

export interface Registry {
  readonly protocols: ReadonlyMap<string, Protocol>;
  readonly fields: ReadonlyMap<string, RegisteredField>;
  readonly tables: ReadonlyMap<TableName, ReadonlyMap<number, Protocol>>;
  /** Per table, the protocols whose heuristics may claim its payloads, in registration order. */
  readonly heuristics: ReadonlyMap<TableName, readonly Protocol[]>;
}

export function buildRegistry(protocols: readonly Protocol[]): Registry {
  // Phase 1: collect declarations.
  const byAbbrev = new Map<string, Protocol>();
  const fields = new Map<string, RegisteredField>();
  const tableOwner = new Map<TableName, string>();
  for (const p of protocols) {
    if (byAbbrev.has(p.abbrev)) {
      throw new RegistryError('dissect-duplicate-protocol', `Protocol "${p.abbrev}" is declared twice.`, p.abbrev);
    }
    byAbbrev.set(p.abbrev, p);
    if (fields.has(p.abbrev)) {
      throw new RegistryError('dissect-duplicate-field', `Field "${p.abbrev}" is declared twice.`, p.abbrev);
    }
    fields.set(p.abbrev, { filterName: p.abbrev, protocol: p.abbrev, name: p.name, type: 'protocol' });
    for (const [name, def] of Object.entries(p.fields)) {
      if (!name.startsWith(p.abbrev + '.')) {
        throw new RegistryError(
          'dissect-field-prefix',
          `Field "${name}" of protocol "${p.abbrev}" must start with "${p.abbrev}."; rename it.`,
          p.abbrev,
        );
      }
      if (fields.has(name)) {
        throw new RegistryError(
          'dissect-duplicate-field',
          `Field "${name}" is declared twice (by "${fields.get(name)?.protocol}" and "${p.abbrev}").`,
          p.abbrev,
        );
      }
      fields.set(name, { ...def, filterName: name, protocol: p.abbrev });
    }
    for (const t of p.ownsTables) {
      const owner = tableOwner.get(t);
      if (owner !== undefined) {
        throw new RegistryError('dissect-duplicate-table', `Table "${t}" is owned by both "${owner}" and "${p.abbrev}".`, p.abbrev);
      }
      tableOwner.set(t, p.abbrev);
    }
  }

  // Phase 2: resolve dispatch tables.
  const tables = new Map<TableName, Map<number, Protocol>>();
  for (const t of tableOwner.keys()) tables.set(t, new Map());
  for (const p of protocols) {
    for (const [table, key] of p.registersIn) {
      const entries = tables.get(table);
      if (entries === undefined) {
        throw new RegistryError(
          'dissect-unknown-table',
          `Protocol "${p.abbrev}" registers in table "${table}", which no protocol owns; add the owner to the registry.`,
          p.abbrev,
        );
      }
      const taken = entries.get(key);
      if (taken !== undefined) {
        throw new RegistryError(
          'dissect-duplicate-key',
          `Key ${key} of table "${table}" is claimed by both "${taken.abbrev}" and "${p.abbrev}".`,
          p.abbrev,
        );
      }
      entries.set(key, p);
    }
  }
  const heuristics = new Map<TableName, Protocol[]>();
  for (const p of protocols) {
    if (p.heuristicIn.length > 0 && p.heuristic === undefined) {
      throw new RegistryError('dissect-no-heuristic', `Protocol "${p.abbrev}" lists heuristic tables but has no heuristic function.`, p.abbrev);
    }
    for (const table of p.heuristicIn) {
      if (!tables.has(table)) {
        throw new RegistryError(
          'dissect-unknown-table',
          `Protocol "${p.abbrev}" has a heuristic for table "${table}", which no protocol owns; add the owner to the registry.`,
          p.abbrev,
        );
      }
      const list = heuristics.get(table) ?? [];
      list.push(p);
      heuristics.set(table, list);
    }
  }
  return { protocols: byAbbrev, fields, tables, heuristics };
}
