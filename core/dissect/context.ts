/**
 * What a dissector writes into: the list columns, the current layer's tree item, the dispatch request for
 * the next layer, and a little per-packet state lower layers leave for upper ones (Wireshark's pinfo).
 *
 * The same dissector code runs on both paths. When summarising, `building` is false and every tree call
 * goes to `NO_ITEM`, which records nothing; code that would build a label string guards on `building`.
 */
import type { ExpertSeverity, TreeNode } from '../api';
import type { FieldValue } from './field';
import { fieldLabel } from './field';
import type { TableName } from './protocol';
import type { Registry } from './registry';
import type { FlowObserver } from './flow-observer';
import type { PacketFlowInfo } from './flow-info';

/** The four text columns of the packet list, written by each layer in turn (upper layers overwrite). */
export interface Columns {
  source: string;
  destination: string;
  protocol: string;
  info: string;
}

/** A node of the tree under construction. Offsets are relative to the current layer's start. */
export interface Item {
  /** Add a registered field. The label defaults to the field's `Name: value` (with bits when masked). */
  add(field: string, rel: number, len: number, value: FieldValue, label?: string, raw?: number): Item;
  /**
   * A field that display filters and `-T fields` see but the tree does not show (Wireshark's hidden
   * items: `ip.addr`, `tcp.port`, `ip.src_host` …).
   */
  hidden(field: string, rel: number, len: number, value: FieldValue): void;
  /** Add a text line that is not a field (Wireshark's proto_tree_add_subtree / text items). */
  text(label: string, rel: number, len: number): Item;
  /** Attach an expert item to this node. */
  expert(severity: ExpertSeverity, message: string): Item;
  setLabel(label: string): Item;
  setLength(len: number): Item;
}

/** The item of the summary path: records nothing, allocates nothing. Stateless, so a shared constant. */
export const NO_ITEM: Item = Object.freeze({
  add: () => NO_ITEM,
  hidden: () => undefined,
  text: () => NO_ITEM,
  expert: () => NO_ITEM,
  setLabel: () => NO_ITEM,
  setLength: () => NO_ITEM,
});

export class TreeItem implements Item {
  constructor(
    readonly node: TreeNode,
    /** Absolute offset that relative offsets are counted from. */
    private readonly base: number,
    private readonly registry: Registry,
  ) {}

  add(field: string, rel: number, len: number, value: FieldValue, label?: string, raw?: number): Item {
    const def = this.registry.fields.get(field);
    const text = label ?? (def ? fieldLabel(def, value, raw) : `${field}: ${String(value)}`);
    return this.push({ label: text, field, offset: this.base + rel, length: len });
  }

  hidden(): void {
    // The tree does not show hidden fields.
  }

  text(label: string, rel: number, len: number): Item {
    return this.push({ label, offset: this.base + rel, length: len });
  }

  expert(severity: ExpertSeverity, message: string): Item {
    this.node.expert = { severity, message };
    return this;
  }

  setLabel(label: string): Item {
    this.node.label = label;
    return this;
  }

  setLength(len: number): Item {
    this.node.length = len;
    return this;
  }

  private push(node: TreeNode): Item {
    (this.node.children ??= []).push(node);
    return new TreeItem(node, this.base, this.registry);
  }
}

/**
 * One field (or protocol) a packet holds, as display filters and `-T fields` see it: the registered name,
 * the value (absent for protocols and text-only fields), and the absolute byte range. `label` is the tree
 * label, kept only for protocols (tshark prints it for `-e PROTO`).
 */
export interface FieldOccurrence {
  readonly name: string;
  readonly value: FieldValue | undefined;
  readonly offset: number;
  length: number;
  label?: string;
}

/**
 * The item of the field-collecting path (display filters, `-T fields`): records each field's name, value
 * and bytes into one flat list in tree order, builds no labels and no nodes. Children of any item land in
 * the same list. With `interest`, only those names (and every protocol) are recorded.
 */
export class FieldItem implements Item {
  constructor(
    private readonly sink: FieldOccurrence[],
    private readonly base: number,
    private readonly interest: ReadonlySet<string> | undefined,
    /** The protocol occurrence of a layer item, whose label `setLabel` keeps. */
    private readonly own?: FieldOccurrence,
  ) {}

  /** The item of every child of a layer item: children differ from it only in having no own occurrence. */
  private child: FieldItem | undefined;

  add(field: string, rel: number, len: number, value: FieldValue): Item {
    if (this.interest === undefined || this.interest.has(field)) {
      this.sink.push({ name: field, value, offset: this.base + rel, length: len });
    }
    return this.own === undefined ? this : this.children();
  }

  private children(): FieldItem {
    return (this.child ??= new FieldItem(this.sink, this.base, this.interest));
  }

  hidden(field: string, rel: number, len: number, value: FieldValue): void {
    if (this.interest === undefined || this.interest.has(field)) {
      this.sink.push({ name: field, value, offset: this.base + rel, length: len });
    }
  }

  text(): Item {
    return this.own === undefined ? this : this.children();
  }

  expert(): Item {
    return this;
  }

  setLabel(label: string): Item {
    if (this.own !== undefined) this.own.label = label;
    return this;
  }

  setLength(): Item {
    return this;
  }
}

/** Per-packet facts a lower layer leaves for upper ones (Wireshark's packet_info). */
export interface PacketFacts {
  /** IPv4 TTL or IPv6 hop limit of the innermost IP header, -1 before one. */
  ttl: number;
  /** Length of the innermost IP header's payload as the header states it, -1 before one. */
  ipPayloadLength: number;
  /** IP protocol number of the innermost transport layer (6 TCP, 17 UDP, 132 SCTP), -1 before one. */
  transport: number;
  /** Ports of the innermost transport layer, -1 before one. */
  srcPort: number;
  dstPort: number;
  /** Version of the innermost IP header (4 or 6), -1 before one. */
  ipVersion: number;
  /** Source and destination address of the innermost IP header (4 or 16 bytes), empty before one. */
  ipSrc: Uint8Array;
  ipDst: Uint8Array;
  /**
   * `ipSrc`/`ipDst` are no longer the innermost IP header's own fields: an IPv6 routing header named the
   * final destination, or a home address option the source (Wireshark's pinfo->src/dst, which the
   * conversations of the layers above key on). False again at the next IP header.
   */
  ipEndpointsMoved: boolean;
  /**
   * Set by an ICMP or ICMPv6 error before it hands off the packet it quotes: the layers after it are that
   * quoted packet, whose checksums and lengths Wireshark does not verify.
   */
  inErrorPacket: boolean;
  /** TCP and UDP headers dissected so far in this packet (the flow engine's stream numbers are of the first). */
  tcpLayers: number;
  udpLayers: number;
}

const NO_BYTES = new Uint8Array(0);

/** The facts before any layer has run. */
export function initialFacts(): PacketFacts {
  return { ttl: -1, ipPayloadLength: -1, transport: -1, srcPort: -1, dstPort: -1, ipVersion: -1, ipSrc: NO_BYTES, ipDst: NO_BYTES, ipEndpointsMoved: false, inErrorPacket: false, tcpLayers: 0, udpLayers: 0 };
}

/** Puts `f` back to `initialFacts()` in place (the driver reuses one facts object across packets). */
export function resetFacts(f: PacketFacts): void {
  f.ttl = -1;
  f.ipPayloadLength = -1;
  f.transport = -1;
  f.srcPort = -1;
  f.dstPort = -1;
  f.ipVersion = -1;
  f.ipSrc = NO_BYTES;
  f.ipDst = NO_BYTES;
  f.ipEndpointsMoved = false;
  f.inErrorPacket = false;
  f.tcpLayers = 0;
  f.udpLayers = 0;
}


export interface DissectContext {
  readonly registry: Registry;
  /** True when the tree is being built (the packet a user selected); false when summarising. */
  readonly building: boolean;
  /**
   * True when labels are shown (a tree); false when summarising and when collecting fields, where the label
   * given to `add` is dropped: label-only work (formatting a label string) may be skipped on it. Protocol
   * labels (`setLabel` on the layer item) are kept when collecting: `-T fields -e PROTO` prints them.
   */
  readonly labels: boolean;
  /** The current layer's node. */
  readonly layer: Item;
  readonly cols: Columns;
  readonly facts: PacketFacts;
  /** Set only when the flow engine dissects (core/flow): dissectors report flow-making headers to it. */
  readonly flow: FlowObserver | undefined;
  /** What the flow engine knows of this packet from the packets around it (stream, TCP analysis, reassembly); absent before its pass. */
  readonly flowInfo: PacketFlowInfo | undefined;
  /** Captured and original length of the whole frame. */
  readonly caplen: number;
  readonly origlen: number;
  /** LINKTYPE_* of the frame (for link protocols that share one dissector across link types). */
  readonly linkType: number;
  /**
   * Ask the driver to continue with the protocol registered under `key` (or else `altKey`) in `table`.
   * Returns whether one is registered (when not, the payload becomes data).
   */
  handoff(table: TableName, key: number, altKey?: number): boolean;
  /**
   * Ask the driver to continue with a named protocol. Called before returning 0 ("not mine"), it passes the
   * whole view to that protocol and this layer does not appear (a STARTTLS port carrying TLS).
   */
  handoffTo(abbrev: string): void;
  /**
   * The length the header says the payload after this layer's header has (IP total length minus header,
   * UDP length minus 8). Bytes of the window beyond it are a trailer, not payload.
   */
  setPayloadLength(len: number): void;
  /** An expert item on the current layer, covering bytes [rel, rel+len). */
  expert(severity: ExpertSeverity, message: string, rel: number, len: number): void;
  /**
   * Keep the list columns as they are now: layers after this one write into a scratch copy (Wireshark's
   * col_set_writable(FALSE), e.g. for the packet an ICMP error quotes).
   */
  lockColumns(): void;
  /** Claim the packet with a layer of no bytes of its own (a 0 return otherwise means "not mine"). */
  acceptEmpty(): void;
  /**
   * Keep `prefix` at the start of Info whatever the layers after this one write there (Wireshark's
   * col_prepend_fence: TCP's `[TCP Previous segment not captured] `); the current layer sets Info with the
   * prefix itself.
   */
  fenceInfo(prefix: string): void;
  /** Mark the layer malformed without a bounds error (e.g. a length field smaller than the header). */
  malformed(reason: string): void;
}
