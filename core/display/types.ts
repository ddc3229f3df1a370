/**
 * The display-filter contract (Wireshark's display-filter language over dissected fields), used by the
 * engine's filter workers, the CLI's -Y and the filter bar. Implemented by core/display/compile.ts.
 */
import type { FieldOccurrence } from '../dissect/context';

export interface DisplayFilter {
  /** The expression as typed. */
  readonly text: string;
  /**
   * Field and protocol names the predicate reads: the field-collecting path records only these
   * (collectFields' `interest`).
   */
  readonly interest: ReadonlySet<string>;
  /**
   * The equivalent pcap-filter(7) expression when every term is a fixed header field whose meaning BPF
   * can express exactly (e.g. `tcp.port == 443` → `tcp port 443`); undefined when the filter must run as
   * a predicate over dissected fields. When set, running it as BPF selects exactly the frames `matches`
   * selects, so it is also accepted as a capture filter.
   */
  readonly bpfExpression: string | undefined;
  /** Whether one packet's fields (from collectFields, in tree order) satisfy the filter. Never throws. */
  matches(fields: readonly FieldOccurrence[]): boolean;
}
