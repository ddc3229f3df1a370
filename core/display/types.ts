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
   * selects, so it is also accepted as a capture filter. This is the Ethernet (LINKTYPE 1) form; other
   * link types ask `bpfExpressionFor`.
   */
  readonly bpfExpression: string | undefined;
  /** As `bpfExpression`, for packets of another LINKTYPE_ (fields of the Ethernet header lower only on 1). */
  bpfExpressionFor(linkType: number): string | undefined;
  /**
   * Whether the predicate reads packet bytes (a protocol's bytes: `frame contains "x"`, `eth[0:2]`,
   * `len(ip)`); when true, pass `bytes` to `matches`, or those terms see nothing.
   */
  readonly needsBytes: boolean;
  /**
   * Whether one packet's fields (from collectFields, in tree order) satisfy the filter. `bytes` are the
   * packet's captured bytes, needed only when `needsBytes`. Never throws.
   */
  matches(fields: readonly FieldOccurrence[], bytes?: Uint8Array): boolean;
}
