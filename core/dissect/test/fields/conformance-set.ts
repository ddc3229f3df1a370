/**
 * A group's share of the field conformance corpus: the fields it answers for and captures of the shared
 * corpus (paths relative to captures/) where they occur. `npm run conformance` compares every set's fields
 * with `tshark -T fields` on every set's captures; each group's test checks its own set.
 */
export interface FieldConformanceSet {
  /** The protocol list it belongs to: link, network, transport, services, applications. */
  group: string;
  fields: readonly string[];
  captures: readonly string[];
}
