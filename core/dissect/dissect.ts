/**
 * The dissection driver: runs the layer chain from the link table down, one protocol at a time, following
 * each layer's handoff through the registry's tables. It owns every guard: a read past the end, or any
 * bug in a dissector, becomes a marked layer (Wireshark's "[Malformed Packet]" / "[Packet size limited
 * during capture]") and stops the chain; no exception leaves `summarize` or `dissectTree`.
 */
import type { ExpertSeverity, TreeNode } from '../api';
import { ByteView, DissectBoundsError } from './byte-view';
import type { Columns, DissectContext, Item, PacketFacts } from './context';
import type { FieldValue } from './field';
import { FieldItem, initialFacts, NO_ITEM, resetFacts, TreeItem, type FieldOccurrence } from './context';
import { addFrameFields, buildFrameNode, frameLabel } from './frame';
import type { Protocol, TableName } from './protocol';
import type { Registry } from './registry';
import { CHECKSUM_UNVERIFIED } from './protocols/checksum-status';
import type { FrameMeta, Summary } from './types';
import { FLOW_SCOPE, type FlowObserver, type FlowScope } from './flow-observer';
import type { PacketFlowInfo } from './flow-info';

/** Tables Wireshark implements as a protocol of their own, so they appear in frame.protocols. */
const TABLES_IN_PROTOCOL_LIST: ReadonlySet<string> = new Set(['ethertype']);
const MAX_LAYERS = 128;

export interface Dissector {
  /** `flow`: what the flow engine knows of the packet (Info then shows e.g. `[TCP Retransmission]`). */
  summarize(linkType: number, bytes: Uint8Array, origlen: number, flow?: PacketFlowInfo): Summary;
  dissectTree(bytes: Uint8Array, meta: FrameMeta): TreeNode[];
  /**
   * Every field of one packet in tree order (frame fields first), as display filters and `-T fields` see
   * them. With `interest`, only those field names are recorded (protocols always are).
   */
  collectFields(bytes: Uint8Array, meta: FrameMeta, interest?: ReadonlySet<string>): FieldOccurrence[];
  /**
   * `dissectTree`, plus the byte sources its nodes point into (PacketDetail.sources: the frame first, then
   * e.g. a reassembled datagram); `sources` is absent when the frame is the only one.
   */
  dissectDetail(bytes: Uint8Array, meta: FrameMeta): { tree: TreeNode[]; sources?: ByteSource[] };
  /**
   * The summary path with an observer that hears each flow-making header (core/flow's pass over a capture).
   * `bytes` are the captured bytes; `origlen` the length on the wire. Returns whether the packet is malformed.
   */
  observeFlows(linkType: number, bytes: Uint8Array, origlen: number, observer: FlowObserver): boolean;
  /**
   * Whether `collectFields` with this interest set dissects past a transport header (when not, what a
   * transport carries, such as a reassembled TCP PDU, is never looked at).
   */
  readsPastTransport(interest: ReadonlySet<string>): boolean;
}

/** How `collectFields` may cut its work for one interest set (see `InterestPlans`). */
interface InterestPlan {
  /** Whether any frame.* field is of interest (else the frame's fields are not computed at all). */
  readonly frameFields: boolean;
  /** Where the chain may stop: FLOW_SCOPE when every name of interest is of a protocol below a transport. */
  readonly scope: FlowScope | undefined;
}

/**
 * The field path's plans, one per interest set (a display filter's or a `-T fields` batch's set serves many
 * packets, so a plan is computed once and kept while the set lives).
 *
 * The chain may stop after a transport header (FLOW_SCOPE: unless a tunnel follows) when every name of
 * interest belongs to a protocol that occurs only below a transport: those reached from the link table
 * through the tables each protocol owns and their heuristics, without passing a transport. What a tunnel
 * carries is dissected as before. Not when frame.protocols or a `_ws.*` item (malformed, expert) is of
 * interest: those need every layer. Protocol occurrences past the stop are then left out, as are fields of
 * no interest (collectFields' contract).
 */
class InterestPlans {
  private readonly plans = new WeakMap<ReadonlySet<string>, InterestPlan>();
  private lower: ReadonlySet<string> | undefined;

  constructor(private readonly registry: Registry) {}

  of(interest: ReadonlySet<string>): InterestPlan {
    let plan = this.plans.get(interest);
    if (plan === undefined) {
      plan = this.make(interest);
      this.plans.set(interest, plan);
    }
    return plan;
  }

  private make(interest: ReadonlySet<string>): InterestPlan {
    let frameFields = false;
    let stops = true;
    for (const name of interest) {
      if (name.startsWith('frame.')) frameFields = true;
      if (name === 'frame') continue;
      if (name === 'frame.protocols' || name.startsWith('_ws.')) {
        stops = false;
        continue;
      }
      if (name.startsWith('frame.')) continue;
      const owner = this.registry.fields.get(name)?.protocol;
      if (owner === undefined || !this.belowTransport().has(owner)) stops = false;
    }
    return { frameFields, scope: stops ? FLOW_SCOPE : undefined };
  }

  /** Protocols reachable from the link table without passing a transport (the transports included). */
  private belowTransport(): ReadonlySet<string> {
    if (this.lower !== undefined) return this.lower;
    const { tables, heuristics, protocols } = this.registry;
    const seen = new Set<string>();
    const queue: Protocol[] = [...(tables.get('link')?.values() ?? [])];
    while (queue.length > 0) {
      const p = queue.pop();
      if (p === undefined || seen.has(p.abbrev)) continue;
      seen.add(p.abbrev);
      if (FLOW_SCOPE.transports.has(p.abbrev)) continue;
      for (const t of p.ownsTables) {
        for (const q of tables.get(t)?.values() ?? []) queue.push(q);
        for (const q of heuristics.get(t) ?? []) queue.push(q);
      }
    }
    // A tunnel above a transport is not below one, whatever else registers it.
    for (const t of FLOW_SCOPE.tunnels) if (protocols.has(t)) seen.delete(t);
    this.lower = seen;
    return seen;
  }
}

/** Where the field-collecting path records fields. */
interface FieldSink {
  readonly list: FieldOccurrence[];
  readonly interest: ReadonlySet<string> | undefined;
}

export function createDissector(registry: Registry): Dissector {
  const plans = new InterestPlans(registry);
  return {
    summarize(linkType, bytes, origlen, flow) {
      const r = run(registry, linkType, bytes, bytes.length, origlen, false, undefined, undefined, flow);
      const c = r.cols;
      // Spelled out: an object spread here cost a third of the summary path's time (bench/dissect).
      return { source: c.source, destination: c.destination, protocol: c.protocol, info: c.info, malformed: r.malformed };
    },
    dissectTree(bytes, meta) {
      return this.dissectDetail(bytes, meta).tree;
    },
    dissectDetail(bytes, meta) {
      const caplen = Math.min(meta.caplen, bytes.length);
      const r = run(registry, meta.interface.linkType, bytes, caplen, Math.max(meta.origlen, caplen), true, undefined, undefined, meta.flow);
      const tree = [buildFrameNode(registry, meta, r.protocols), ...r.nodes];
      return r.sources.length > 1 ? { tree, sources: r.sources.slice() } : { tree };
    },
    collectFields(bytes, meta, interest) {
      const caplen = Math.min(meta.caplen, bytes.length);
      const list: FieldOccurrence[] = [];
      const frameOcc: FieldOccurrence = { name: 'frame', value: undefined, offset: 0, length: caplen };
      list.push(frameOcc);
      const frameAt = list.length;
      const plan = interest === undefined ? undefined : plans.of(interest);
      const r = run(registry, meta.interface.linkType, bytes, caplen, Math.max(meta.origlen, caplen), true, { list, interest }, undefined, meta.flow, plan?.scope);
      if (plan === undefined || plan.frameFields) {
        // The frame's fields come first, as in the tree, but frame.protocols is known only now.
        const frameFields: FieldOccurrence[] = [];
        addFrameFields(new FieldItem(frameFields, 0, interest), meta, r.protocols);
        list.splice(frameAt, 0, ...frameFields);
      }
      frameOcc.label = frameLabel(meta);
      return list;
    },
    readsPastTransport(interest) {
      return plans.of(interest).scope === undefined;
    },
    observeFlows(linkType, bytes, origlen, observer) {
      return run(registry, linkType, bytes, bytes.length, origlen, false, undefined, observer, undefined, FLOW_SCOPE).malformed;
    },
  };
}

/** Bytes tree nodes point into (PacketDetail.sources): the frame, or data a dissector made (a reassembled datagram). */
export interface ByteSource {
  label: string;
  bytes: Uint8Array;
}

/**
 * What one run of the chain produced. `protocols`, `nodes` and `sources` are empty when not building, and
 * then `cols` is the summary path's reused columns: read them before the next run.
 */
export interface RunResult {
  cols: Columns;
  malformed: boolean;
  protocols: readonly string[];
  nodes: readonly TreeNode[];
  /** The frame (index 0), then every source a layer continued on. */
  sources: readonly ByteSource[];
}

/** A layer's switch to other bytes (see `continueOn`). */
export interface SourceSwitch {
  /** The window the next layer gets: all of the new bytes. */
  view: ByteView;
  /** The index of the new bytes in PacketDetail.sources. */
  source: number;
  /**
   * The current layer's item for nodes over the new bytes (Wireshark's ip.fragments): offsets given to it
   * count from the start of the new bytes.
   */
  layer: Item;
}

/**
 * Ask the driver to continue the chain on other bytes than the frame's (Wireshark's add_new_data_source
 * with a new tvb): a reassembled datagram, labelled as the hex pane names it ("Reassembled IPv4"). The
 * next layer (named by `handoff` as usual) gets a window on all of `bytes`, and the tree nodes of that
 * layer and those after it say `source`. Undefined when the context is not the driver's (it always is,
 * short of a test harness of its own).
 */
export function continueOn(ctx: DissectContext, label: string, bytes: Uint8Array): SourceSwitch | undefined {
  return ctx instanceof Context ? ctx.continueOn(label, bytes) : undefined;
}

/**
 * Ask the driver, after the layers over the bytes this layer continued on (`continueOn`: a reassembled TCP
 * PDU) are done, to hand `tail` (frame bytes after the PDU's end in this segment) to the protocol that took
 * those bytes, as Wireshark's TCP does when another PDU follows in the segment: its Info is appended after
 * the first's (a fence), its tree is a second layer of that protocol over the frame.
 */
export function continueAfter(ctx: DissectContext, tail: ByteView): void {
  if (ctx instanceof Context) ctx.tailView = tail;
}

/**
 * An item of the current layer whose offsets count from the start of other bytes (a source): it tags the
 * nodes it adds with the source and shifts offsets past the layer's base, which the inner item adds back.
 */
class SourcedItem implements Item {
  constructor(
    private readonly inner: Item,
    private readonly source: number,
    /** The absolute offset the inner item counts from (the layer's start in the frame). */
    private readonly base: number,
  ) {}

  private wrap(r: Item): Item {
    if (r instanceof TreeItem) r.node.source = this.source;
    return r === NO_ITEM ? r : new SourcedItem(r, this.source, this.base);
  }

  add(field: string, offset: number, len: number, value: FieldValue, label?: string, raw?: number): Item {
    return this.wrap(this.inner.add(field, offset - this.base, len, value, label, raw));
  }

  hidden(field: string, offset: number, len: number, value: FieldValue): void {
    this.inner.hidden(field, offset - this.base, len, value);
  }

  text(label: string, offset: number, len: number): Item {
    return this.wrap(this.inner.text(label, offset - this.base, len));
  }

  expert(severity: ExpertSeverity, message: string): Item {
    this.inner.expert(severity, message);
    return this;
  }

  setLabel(label: string): Item {
    this.inner.setLabel(label);
    return this;
  }

  setLength(len: number): Item {
    this.inner.setLength(len);
    return this;
  }
}

class Context implements DissectContext {
  layer: Item = NO_ITEM;
  /** The columns the packet list shows. */
  readonly out: Columns = { source: '', destination: '', protocol: '', info: '' };
  /** Where layers write once the columns are locked (an ICMP error's quoted packet). */
  private scratch: Columns | undefined;
  readonly facts: PacketFacts = initialFacts();
  nextTable: TableName | undefined;
  nextKey = 0;
  nextAlt: number | undefined;
  nextAbbrev: string | undefined;
  payloadLength: number | undefined;
  malformedReason: string | undefined;
  emptyAccepted = false;
  /** Info's fenced prefix (fenceInfo), '' for none. */
  infoFence = '';
  /** The bytes layers continued on after the frame (sources 1, 2 …); undefined until one does. */
  private more: ByteSource[] | undefined;
  /** Set by `continueOn`: the window and source the next layer gets. */
  nextView: ByteView | undefined;
  /** Set by `continueAfter`: frame bytes for the switched-to protocol once the layers over the switch end. */
  tailView: ByteView | undefined;
  nextSource = 0;
  /** Absolute offset the current layer's item counts from. */
  layerBase = 0;
  /** Whether a run is using this context (a pooled context serves one run at a time). */
  busy = false;
  // Per packet, set by `begin` (the DissectContext interface shows them read-only).
  building = false;
  labels = false;
  caplen = 0;
  origlen = 0;
  linkType = 0;
  flow: FlowObserver | undefined;
  flowInfo: PacketFlowInfo | undefined;
  private frame: Uint8Array = NO_BYTES;

  constructor(readonly registry: Registry) {}

  /** Start a packet: everything as a new context would have it. */
  begin(building: boolean, labels: boolean, caplen: number, origlen: number, linkType: number, flow: FlowObserver | undefined, flowInfo: PacketFlowInfo | undefined, frame: Uint8Array): void {
    this.building = building;
    this.labels = labels;
    this.caplen = caplen;
    this.origlen = origlen;
    this.linkType = linkType;
    this.flow = flow;
    this.flowInfo = flowInfo;
    this.frame = frame;
    const out = this.out;
    out.source = '';
    out.destination = '';
    out.protocol = '';
    out.info = '';
    this.infoFence = '';
    this.tailView = undefined;
    this.scratch = undefined;
    resetFacts(this.facts);
    this.more = undefined;
    this.nextKey = 0;
    this.nextSource = 0;
    this.layerBase = 0;
    this.reset(NO_ITEM);
  }

  /** The frame, then the bytes layers continued on (PacketDetail.sources). */
  sources(): ByteSource[] {
    const frame: ByteSource = { label: 'Frame', bytes: this.frame };
    return this.more === undefined ? [frame] : [frame, ...this.more];
  }

  /** Whether a layer continued on other bytes than the frame's. */
  get switchedSource(): boolean {
    return this.more !== undefined;
  }

  reset(layer: Item): void {
    this.layer = layer;
    this.nextTable = undefined;
    this.nextAlt = undefined;
    this.nextAbbrev = undefined;
    this.payloadLength = undefined;
    this.malformedReason = undefined;
    this.emptyAccepted = false;
    this.nextView = undefined;
  }

  continueOn(label: string, bytes: Uint8Array): SourceSwitch {
    (this.more ??= []).push({ label, bytes });
    this.nextSource = this.more.length;
    this.nextView = new ByteView(bytes, 0, bytes.length, bytes.length);
    const layer = this.layer === NO_ITEM ? NO_ITEM : new SourcedItem(this.layer, this.nextSource, this.layerBase);
    return { view: this.nextView, source: this.nextSource, layer };
  }

  get cols(): Columns {
    return this.scratch ?? this.out;
  }

  lockColumns(): void {
    this.scratch ??= { ...this.out };
  }

  acceptEmpty(): void {
    this.emptyAccepted = true;
  }

  fenceInfo(prefix: string): void {
    // Only the list's columns: a layer writing into locked ones (an ICMP error's quoted packet) fences nothing.
    if (this.scratch === undefined) this.infoFence = prefix;
  }

  handoff(table: TableName, key: number, altKey?: number): boolean {
    this.nextTable = table;
    this.nextKey = key;
    this.nextAlt = altKey;
    const t = this.registry.tables.get(table);
    return t !== undefined && (t.has(key) || (altKey !== undefined && t.has(altKey)));
  }

  handoffTo(abbrev: string): void {
    this.nextAbbrev = abbrev;
  }

  setPayloadLength(len: number): void {
    this.payloadLength = Math.max(0, len);
  }

  expert(severity: ExpertSeverity, message: string, rel: number, len: number): void {
    if (this.building) this.layer.text(`[Expert Info (${severityWord(severity)}): ${message}]`, rel, len).expert(severity, message);
  }

  malformed(reason: string): void {
    this.malformedReason = reason;
  }

  /** The protocol the layer asked for, and whether the table shows in frame.protocols. */
  next(): Protocol | undefined {
    if (this.nextAbbrev !== undefined) return this.registry.protocols.get(this.nextAbbrev);
    if (this.nextTable === undefined) return undefined;
    const table = this.registry.tables.get(this.nextTable);
    if (table === undefined) return undefined;
    return table.get(this.nextKey) ?? (this.nextAlt !== undefined ? table.get(this.nextAlt) : undefined);
  }
}

function severityWord(s: ExpertSeverity): string {
  return s === 'chat' ? 'Chat' : s === 'note' ? 'Note' : s === 'warn' ? 'Warning' : 'Error';
}

export function run(
  registry: Registry,
  linkType: number,
  bytes: Uint8Array,
  caplen: number,
  origlen: number,
  building: boolean,
  fields?: FieldSink,
  flow?: FlowObserver,
  flowInfo?: PacketFlowInfo,
  scope?: FlowScope,
): RunResult {
  if (building) {
    const ctx = new Context(registry);
    ctx.begin(building, fields === undefined, caplen, origlen, linkType, flow, flowInfo, bytes);
    return chain(ctx, registry, linkType, bytes, caplen, origlen, building, fields, scope);
  }
  // The summary path reuses one context per registry: no per-packet objects but the views and strings.
  let ctx = SUMMARY_CONTEXTS.get(registry);
  if (ctx === undefined || ctx.busy) {
    // Busy: a run inside a run (never by the driver itself); that one gets a context of its own.
    const fresh = new Context(registry);
    if (ctx === undefined) SUMMARY_CONTEXTS.set(registry, fresh);
    ctx = fresh;
  }
  ctx.busy = true;
  try {
    ctx.begin(building, false, caplen, origlen, linkType, flow, flowInfo, bytes);
    return chain(ctx, registry, linkType, bytes, caplen, origlen, building, fields, scope);
  } finally {
    ctx.busy = false;
  }
}

/**
 * The summary path's contexts, one per registry, reused packet after packet (a Context holds nothing of a
 * packet once the next begins). A cache, not state: no run can see another's values.
 */
const SUMMARY_CONTEXTS = new WeakMap<Registry, Context>();
/** What a run that is not building returns as its protocols, nodes and layers: nothing, shared. */
const NO_PROTOCOLS: readonly string[] = Object.freeze([]);
const NO_NODES: readonly TreeNode[] = Object.freeze([]);
const NO_SOURCES: readonly ByteSource[] = Object.freeze([]);
const NO_BYTES = new Uint8Array(0);

function chain(
  ctx: Context,
  registry: Registry,
  linkType: number,
  bytes: Uint8Array,
  caplen: number,
  origlen: number,
  building: boolean,
  fields: FieldSink | undefined,
  scope: FlowScope | undefined,
): RunResult {
  const cols = ctx.out;
  // frame.protocols, tree nodes and the trailer's layers are for a tree or the field path only.
  const protocols: string[] | undefined = building ? [] : undefined;
  const nodes: TreeNode[] | undefined = building && fields === undefined ? [] : undefined;
  const dataProto = registry.protocols.get('data');
  let malformed = false;
  let view = new ByteView(bytes, 0, caplen, Math.max(origlen, caplen));
  let proto: Protocol | undefined = registry.tables.get('link')?.get(linkType) ?? dataProto;
  /** Each accepted layer's protocol and item, in order (the Ethernet trailer goes to one of them). */
  const layers: { abbrev: string; item: Item }[] | undefined = building ? [] : undefined;
  let trailer: Trailer | undefined;
  /** The source the current view is over (0 = the frame), and where in `nodes` each switch to another began. */
  let source = 0;
  let switches: { at: number; source: number }[] | undefined;
  /** The protocol that took the bytes a layer continued on, and frame bytes to give it after (continueAfter). */
  let switchedTo: Protocol | undefined;
  let tail: ByteView | undefined;
  let tails = 0;

  for (;;) {
    for (let depth = 0; proto !== undefined && depth < MAX_LAYERS; depth++) {
      const node: TreeNode | undefined =
        building && fields === undefined ? { label: proto.name, field: proto.abbrev, offset: view.start, length: view.length } : undefined;
      if (node && source > 0) node.source = source;
      let occ: FieldOccurrence | undefined;
      const listMark = fields?.list.length ?? 0;
      if (fields !== undefined) {
        occ = { name: proto.abbrev, value: undefined, offset: view.start, length: view.length, label: proto.name };
        fields.list.push(occ);
      }
      const item = node ? new TreeItem(node, view.start, registry) : occ && fields ? new FieldItem(fields.list, view.start, fields.interest, occ) : NO_ITEM;
      ctx.reset(item);
      ctx.layerBase = view.start;
      const protocolColumn = ctx.cols.protocol;
      if (proto !== dataProto && !proto.keepsProtocolColumn) ctx.cols.protocol = proto.short;

      let consumed = 0;
      let failure: unknown;
      const infoBefore = cols.info;
      try {
        consumed = proto.dissect(view, ctx);
      } catch (e) {
        failure = e;
      }
      // A layer that rewrote Info after a fenced prefix (TCP's analysis) keeps it in front (col_prepend_fence).
      const fence = ctx.infoFence;
      if (fence !== '' && cols.info !== infoBefore && !cols.info.startsWith(fence)) cols.info = fence + proto.infoSeparator + cols.info;

      if (failure !== undefined) {
        protocols?.push(proto.abbrev);
        if (node) nodes?.push(node);
        if (failure instanceof DissectBoundsError && failure.truncated) {
          item.text(`[Packet size limited during capture: ${proto.short} truncated]`, 0, 0);
          cols.info += '[Packet size limited during capture]';
        } else {
          const why = failure instanceof DissectBoundsError ? 'Exception occurred' : `Dissector bug: ${describe(failure)}`;
          malformed = true;
          cols.info += '[Malformed Packet]';
          if (node) nodes?.push(malformedNode(proto, view, why));
          fields?.list.push(malformedOccurrence(view));
        }
        break;
      }
      if (!(consumed > 0) && !(consumed === 0 && ctx.emptyAccepted)) {
        if (fields !== undefined) fields.list.length = listMark;
        ctx.cols.protocol = protocolColumn;
        if (proto === dataProto) break;
        // "Not mine": the bytes are data, or the protocol the layer named takes the whole view.
        const delegate = ctx.nextAbbrev !== undefined ? registry.protocols.get(ctx.nextAbbrev) : undefined;
        proto = delegate !== undefined && delegate !== proto ? delegate : dataProto;
        continue;
      }
      consumed = Math.min(consumed, Math.max(view.length, 0));
      protocols?.push(proto.abbrev);
      // Only the trailer needs them, and it adds nothing to the summary path's NO_ITEM: no object per layer there.
      if (item !== NO_ITEM) layers?.push({ abbrev: proto.abbrev, item });
      if (node) {
        node.length = consumed;
        nodes?.push(node);
      }
      if (occ) occ.length = consumed;
      if (ctx.malformedReason !== undefined) {
        malformed = true;
        cols.info += '[Malformed Packet]';
        if (node) nodes?.push(malformedNode(proto, view, ctx.malformedReason));
        fields?.list.push(malformedOccurrence(view));
        break;
      }

      // Observing flows: nothing past a transport header matters, unless it carries another packet.
      if (scope !== undefined && scope.transports.has(proto.abbrev) && !scope.tunnels.has(ctx.next()?.abbrev ?? '')) break;
      const switched = ctx.nextView;
      if (ctx.tailView !== undefined) {
        tail = ctx.tailView;
        ctx.tailView = undefined;
      }
      const payload = switched ?? (ctx.payloadLength !== undefined ? view.sub(consumed, ctx.payloadLength) : view.sub(consumed));
      const next = ctx.next() ?? heuristicMatch(registry, ctx, payload);
      // The trailer is about the frame's bytes only.
      if (ctx.payloadLength !== undefined && trailer === undefined && source === 0) {
        const from = view.start + consumed + ctx.payloadLength;
        const to = view.start + view.length;
        if (to > from && layers !== undefined) trailer = { from, to, setter: layers.length - 1 };
      }
      if (protocols !== undefined && ctx.nextTable !== undefined && TABLES_IN_PROTOCOL_LIST.has(ctx.nextTable)) protocols.push(ctx.nextTable);
      if (switched !== undefined) {
        source = ctx.nextSource;
        (switches ??= []).push({ at: nodes?.length ?? 0, source });
      }
      if (payload.reportedLength <= 0) break;
      if (next === undefined && payload.length === 0) break;
      view = payload;
      proto = next ?? dataProto;
      if (switched !== undefined) switchedTo = proto;
    }
    // The layers over a reassembled PDU are done: what follows the PDU in the frame goes to the same protocol.
    if (tail === undefined || switchedTo === undefined || malformed || tails++ > 0) break;
    ctx.fenceInfo(cols.info);
    view = tail;
    proto = switchedTo;
    tail = undefined;
    source = 0;
    (switches ??= []).push({ at: nodes?.length ?? 0, source });
  }
  // Nodes the driver made after a switch (a malformed mark) and everything under them point into that source.
  if (switches !== undefined && nodes !== undefined) {
    for (let s = 0; s < switches.length; s++) {
      // Back on the frame (a PDU's tail): its nodes need no source.
      if (switches[s].source === 0) continue;
      const end = s + 1 < switches.length ? switches[s + 1].at : nodes.length;
      for (let i = switches[s].at; i < end; i++) tagSource(nodes[i], switches[s].source);
    }
  }

  if (trailer !== undefined && layers !== undefined && TRAILER_FIELDS[layers[0]?.abbrev] !== undefined) addEthTrailer(registry, layers, bytes, trailer, origlen);
  return { cols, malformed, protocols: protocols ?? NO_PROTOCOLS, nodes: nodes ?? NO_NODES, sources: building ? ctx.sources() : NO_SOURCES };
}

/** Sets `source` on a node and the descendants that do not name one already. */
function tagSource(node: TreeNode, source: number): void {
  node.source ??= source;
  const inherited = node.source;
  if (node.children) for (const c of node.children) if (c.source === undefined) tagSource(c, inherited);
}

/**
 * Bytes after the payload a layer's length field bounds (IP total length, 802.3 length): captured bytes
 * [from, to), found by the layer at index `setter`.
 */
interface Trailer {
  from: number;
  to: number;
  setter: number;
}

/**
 * The headers that carry an EtherType and own the trailer after their payload, with the field Wireshark
 * names it by: the frame's Ethernet or Linux cooked header, and VLAN tags right under it.
 */
const TRAILER_FIELDS: Readonly<Record<string, string>> = { eth: 'eth.trailer', sll: 'sll.trailer', vlan: 'vlan.trailer' };

/** Ethernet frames are padded to 60 bytes (64 with the FCS). */
const ETH_MIN_FRAME = 60;
const FCS_LEN = 4;

/**
 * The Ethernet trailer as Wireshark 4.0 splits it (packet-ethertype.c add_dix_trailer, packet-eth.c
 * add_ethernet_trailer, with its defaults: padding must be zeros, FCS guessed): the trailer belongs to the
 * Ethernet, Linux cooked or VLAN header whose payload (the next layer, or its own 802.3 length) ends before the frame
 * does; a payload bounded deeper (IP under MPLS) leaves no trailer. Zeros up to the 60-byte minimum are
 * `eth.padding`; on an Ethernet header (not a VLAN tag) of a frame of 64 bytes or more, the last 4
 * bytes of what is left are taken as the FCS (`eth.fcs`, unverified); the rest is `eth.trailer`,
 * `sll.trailer` or `vlan.trailer`. (Wireshark's heuristic trailer dissectors, e.g. F5's, are not tried.)
 */
function addEthTrailer(registry: Registry, layers: readonly { abbrev: string; item: Item }[], bytes: Uint8Array, t: Trailer, origlen: number): void {
  const setter = layers[t.setter];
  let carrierAt = TRAILER_FIELDS[setter.abbrev] !== undefined ? t.setter : t.setter - 1;
  // tshark shows the trailer of an IP packet under MPLS labels on the Ethernet header (measured).
  while (carrierAt > 0 && layers[carrierAt].abbrev === 'mpls') carrierAt--;
  const carrier = layers[carrierAt];
  if (carrier === undefined || carrier.item === NO_ITEM) return;
  // Only the frame's own Ethernet header, or VLAN tags right under it.
  for (let i = 1; i <= carrierAt; i++) if (layers[i].abbrev !== 'vlan') return;
  const trailerField = TRAILER_FIELDS[carrier.abbrev];
  if (trailerField === undefined) return;
  // Only the Ethernet header itself may end in an FCS; the VLAN and cooked-capture dissectors pass none.
  const mayHaveFcs = carrier.abbrev === 'eth';
  const tree = carrier.item;
  let at = t.from;
  let captured = t.to - t.from;
  let reported = origlen - t.from;
  if (origlen >= ETH_MIN_FRAME && t.from < ETH_MIN_FRAME) {
    let padding = ETH_MIN_FRAME - t.from;
    for (let i = 0; i < padding; i++) {
      // Wireshark reads the padding up to its first non-zero byte; one not captured ends it with an exception.
      if (i >= captured) return;
      if (bytes[at + i] !== 0) {
        padding = 0;
        break;
      }
    }
    if (padding > 0) {
      tree.add('eth.padding', at, padding, bytes.subarray(at, at + padding));
      at += padding;
      captured -= padding;
      reported -= padding;
    }
  }
  let fcs = false;
  if (mayHaveFcs && origlen >= ETH_MIN_FRAME + FCS_LEN && reported >= FCS_LEN) {
    fcs = true;
    reported -= FCS_LEN;
    captured = Math.min(captured, reported);
  }
  // A trailer field the carrier's protocol does not declare (yet) is left out.
  if (captured > 0 && registry.fields.has(trailerField)) tree.add(trailerField, at, captured, bytes.subarray(at, at + captured));
  const fcsAt = at + captured;
  if (fcs && fcsAt + FCS_LEN <= t.to) {
    const value = ((bytes[fcsAt] << 24) >>> 0) + ((bytes[fcsAt + 1] << 16) | (bytes[fcsAt + 2] << 8) | bytes[fcsAt + 3]);
    // Wireshark 4.0 does not check the FCS by default (eth.check_fcs).
    tree.add('eth.fcs', fcsAt, FCS_LEN, value, `Frame check sequence: 0x${value.toString(16).padStart(8, '0')} [unverified]`);
    tree.add('eth.fcs.status', fcsAt, 0, CHECKSUM_UNVERIFIED, '[FCS Status: Unverified]');
  }
}

/** The first protocol whose heuristic claims the payload of the table the layer handed off to. */
function heuristicMatch(registry: Registry, ctx: Context, payload: ByteView): Protocol | undefined {
  if (ctx.nextTable === undefined || ctx.nextAbbrev !== undefined || payload.length <= 0) return undefined;
  const candidates = registry.heuristics.get(ctx.nextTable);
  if (candidates === undefined) return undefined;
  for (const p of candidates) {
    let yes = false;
    try {
      yes = p.heuristic?.(payload, ctx) === true;
    } catch (e) {
      // A heuristic that reads past the end has answered "not mine"; any other error is a bug in it.
      if (!(e instanceof DissectBoundsError)) throw e;
    }
    if (yes) return p;
  }
  return undefined;
}

function malformedOccurrence(view: ByteView): FieldOccurrence {
  return { name: '_ws.malformed', value: undefined, offset: view.start, length: 0, label: '[Malformed Packet]' };
}

function malformedNode(proto: Protocol, view: ByteView, why: string): TreeNode {
  return {
    label: `[Malformed Packet: ${proto.short}]`,
    field: '_ws.malformed',
    offset: view.start,
    length: 0,
    children: [
      {
        label: `[Expert Info (Error/Malformed): Malformed Packet (${why})]`,
        field: '_ws.expert',
        offset: view.start,
        length: 0,
        expert: { severity: 'error', message: `Malformed Packet (${why})` },
      },
    ],
  };
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
