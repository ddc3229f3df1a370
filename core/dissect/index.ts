/**
 * Public surface of the dissectors. `summarize` fills the list columns of one packet cheaply;
 * `dissectTree` builds the full tree of one packet (the Frame node first, then one node per layer).
 * Both never throw: bad input becomes a malformed layer. `defaultRegistry` is the immutable registry of
 * every protocol here; `createDissector(buildRegistry(list))` makes a dissector of any other set.
 */
import type { TreeNode } from '../api';
import type { FieldOccurrence } from './context';
import type { FlowObserver } from './flow-observer';
import type { PacketFlowInfo } from './flow-info';
import { createDissector, type ByteSource } from './dissect';
import { PROTOCOLS } from './protocols/index';
import { buildRegistry } from './registry';
import type { FrameMeta, Summary } from './types';

export type { FrameMeta, Summary } from './types';
export type { Registry, RegisteredField } from './registry';
export { buildRegistry, RegistryError } from './registry';
export type { Dissector, ByteSource } from './dissect';
export { createDissector } from './dissect';
export type { Protocol, ProtocolSpec, TableName } from './protocol';
export { defineProtocol } from './protocol';
export type { FieldDef, FieldType, FieldBase, FieldValue } from './field';
export type { DissectContext, Columns, Item, FieldOccurrence } from './context';
export type { PacketFlowInfo } from './flow-info';
export type { TcpAnalysisInfo } from './flow-info-tcp';
export type { IpReassemblyInfo } from './flow-info-ip';
export type { FlowObserver, LinkHeaderFact, IpHeaderFact, IpFragmentFact, MovedEndpoints, TcpHeaderFact, UdpHeaderFact } from './flow-observer';
export { tsharkFieldCells, tsharkValueText } from './field-text';
export type { TimeValue } from './field';
export { isTimeValue } from './field';
export { ByteView, DissectBoundsError } from './byte-view';
export { LinkType } from './link-types';
export { PROTOCOLS } from './protocols/index';

/** The registry of every protocol in this package: built once, immutable. */
export const defaultRegistry = buildRegistry(PROTOCOLS);
const defaultDissector = createDissector(defaultRegistry);

/** List columns of one packet. `bytes` are the captured bytes; `origlen` the length on the wire. */
export function summarize(linkType: number, bytes: Uint8Array, origlen: number, flow?: PacketFlowInfo): Summary {
  return defaultDissector.summarize(linkType, bytes, origlen, flow);
}

/** Full layer tree of one packet: the Frame node, then one node per layer. */
export function dissectTree(bytes: Uint8Array, meta: FrameMeta): TreeNode[] {
  return defaultDissector.dissectTree(bytes, meta);
}

/**
 * The tree and the byte sources its nodes point into (the frame, then e.g. a reassembled datagram): what
 * the detail and hex panes show. `sources` is absent when every node points into the frame.
 */
export function dissectDetail(bytes: Uint8Array, meta: FrameMeta): { tree: TreeNode[]; sources?: ByteSource[] } {
  return defaultDissector.dissectDetail(bytes, meta);
}

/**
 * Every field of one packet in tree order (frame fields first): what display filters test and
 * `-T fields` prints. With `interest`, only those names are recorded (protocols always are).
 */
export function collectFields(bytes: Uint8Array, meta: FrameMeta, interest?: ReadonlySet<string>): FieldOccurrence[] {
  return defaultDissector.collectFields(bytes, meta, interest);
}

/** Whether collectFields with this interest set dissects past a transport header (see Dissector.readsPastTransport). */
export function readsPastTransport(interest: ReadonlySet<string>): boolean {
  return defaultDissector.readsPastTransport(interest);
}

/**
 * The fields tcp.ts shows from a packet's TCP desegmentation info: `tcp.reassembled_in` from the info alone,
 * the others only on a packet whose PDU bytes were put together (the completing one lists its segments).
 */
const TCP_PDU_INFO_FIELDS: ReadonlySet<string> = new Set(['tcp.reassembled_in']);
const TCP_PDU_BYTES_FIELDS: ReadonlySet<string> = new Set(['tcp.segments', 'tcp.segment', 'tcp.segment.count', 'tcp.reassembled.length', 'tcp.reassembled.data', 'tcp.segment_data']);

/**
 * What collectFields with this interest set needs of TCP desegmentation: the PDUs' bytes (it dissects past
 * the transport, or reads the segment list), the PDU info alone (`tcp.reassembled_in`), or nothing.
 */
export function tcpPduUse(interest: ReadonlySet<string>): 'bytes' | 'info' | 'none' {
  if (readsPastTransport(interest)) return 'bytes';
  let use: 'info' | 'none' = 'none';
  for (const name of interest) {
    if (TCP_PDU_BYTES_FIELDS.has(name)) return 'bytes';
    if (TCP_PDU_INFO_FIELDS.has(name)) use = 'info';
  }
  return use;
}

/** The summary path with a flow observer: core/flow's pass over a capture. Returns whether the packet is malformed. */
export function observeFlows(linkType: number, bytes: Uint8Array, origlen: number, observer: FlowObserver): boolean {
  return defaultDissector.observeFlows(linkType, bytes, origlen, observer);
}
