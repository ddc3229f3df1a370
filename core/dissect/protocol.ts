/**
 * A protocol is a value: its Wireshark abbreviation and name, its fields (data), the dispatch tables it
 * registers in and the tables it owns, and a `dissect` function. After Wireshark's proto_register_* /
 * proto_reg_handoff_* pair and gopacket's layers, without global registration: `buildRegistry` collects
 * the values and resolves the tables.
 */
import type { ByteView } from './byte-view';
import type { DissectContext } from './context';
import type { FieldDefs } from './field';

/** Names of dispatch tables (Wireshark's dissector tables: `ethertype`, `ip.proto`, `udp.port`, …). */
export type TableName = string;

export interface Protocol {
  /** Wireshark's filter abbreviation: `ip`, `tcp`, `eth`. Every field name starts with `abbrev.`. */
  readonly abbrev: string;
  /** The tree label's long name: `Internet Protocol Version 4`. */
  readonly name: string;
  /** The Protocol column's name: `IPv4`, `TCP`. */
  readonly short: string;
  readonly fields: FieldDefs;
  /** Where this protocol is found: `[['ip.proto', 17], ['ipv6.nxt', 17]]`. */
  readonly registersIn: readonly (readonly [TableName, number])[];
  /** Tables this protocol dispatches on, which other protocols register in. */
  readonly ownsTables: readonly TableName[];
  /**
   * Tables whose payloads this protocol may claim by looking at them (Wireshark's heuristic dissectors),
   * tried in registration order when no protocol is registered for the key (e.g. SSH on any TCP port).
   */
  readonly heuristicIn: readonly TableName[];
  /** The heuristic: whether the payload in `view` is this protocol. Must not throw (read with `view.has`). */
  readonly heuristic: ((view: ByteView, ctx: DissectContext) => boolean) | undefined;
  /**
   * Leave the Protocol column as the layers below set it (Wireshark's media and line-based text under
   * HTTP say `HTTP`), as the data layer does.
   */
  readonly keepsProtocolColumn: boolean;
  /**
   * What goes between a fenced Info prefix (DissectContext.fenceInfo) and the Info this protocol writes:
   * `', '` for protocols whose Wireshark dissector appends its first item with a separator (TLS), else ''.
   */
  readonly infoSeparator: string;
  /**
   * Dissect the layer at the start of `view` (offsets relative to it). Returns the bytes the layer's header
   * consumed; 0 means "not mine" (the driver then shows the bytes as data, or passes the whole view to the
   * protocol named by `ctx.handoffTo` before returning 0, without a layer of this protocol). Reads past the end throw
   * DissectBoundsError, which the driver turns into a malformed or truncated layer.
   */
  dissect(view: ByteView, ctx: DissectContext): number;
}

export interface ProtocolSpec {
  abbrev: string;
  name: string;
  short?: string;
  fields: FieldDefs;
  registersIn?: readonly (readonly [TableName, number])[];
  ownsTables?: readonly TableName[];
  heuristicIn?: readonly TableName[];
  heuristic?(view: ByteView, ctx: DissectContext): boolean;
  keepsProtocolColumn?: boolean;
  infoSeparator?: string;
  dissect(view: ByteView, ctx: DissectContext): number;
}

/** Declare a protocol. Pure: nothing is registered until `buildRegistry` sees the value. */
export function defineProtocol(spec: ProtocolSpec): Protocol {
  return Object.freeze({
    abbrev: spec.abbrev,
    name: spec.name,
    short: spec.short ?? spec.abbrev.toUpperCase(),
    fields: Object.freeze({ ...spec.fields }),
    registersIn: Object.freeze([...(spec.registersIn ?? [])]),
    ownsTables: Object.freeze([...(spec.ownsTables ?? [])]),
    heuristicIn: Object.freeze([...(spec.heuristicIn ?? [])]),
    heuristic: spec.heuristic,
    keepsProtocolColumn: spec.keepsProtocolColumn === true,
    infoSeparator: spec.infoSeparator ?? '',
    dissect: spec.dissect,
  });
}
