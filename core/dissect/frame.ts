/**
 * The Frame pseudo-protocol: owns the `link` dispatch table (LINKTYPE_* → first dissector), declares the
 * `frame.*` fields, and builds the first tree node from the record's metadata, as Wireshark's frame
 * dissector does. Times print in UTC so the tree does not depend on the machine's zone.
 */
import type { TreeNode } from '../api';
import { TreeItem, type Item } from './context';
import { formatAbsTime, formatSeconds } from './format';
import { ENCAPSULATIONS } from './link-types';
import { defineProtocol } from './protocol';
import type { Registry } from './registry';
import type { FrameMeta } from './types';

export const frame = defineProtocol({
  abbrev: 'frame',
  name: 'Frame',
  short: 'Frame',
  ownsTables: ['link'],
  fields: {
    'frame.interface_id': { name: 'Interface id', type: 'uint32' },
    'frame.interface_name': { name: 'Interface name', type: 'string' },
    'frame.encap_type': { name: 'Encapsulation type', type: 'int16' },
    'frame.time': { name: 'Arrival Time', type: 'time' },
    'frame.time_epoch': { name: 'Epoch Time', type: 'time', epoch: true },
    'frame.time_relative': { name: 'Time since reference or first frame', type: 'reltime' },
    'frame.number': { name: 'Frame Number', type: 'uint32' },
    'frame.len': { name: 'Frame Length', type: 'uint32' },
    'frame.cap_len': { name: 'Capture Length', type: 'uint32' },
    'frame.protocols': { name: 'Protocols in frame', type: 'string' },
  },
  // The driver builds the frame node itself from FrameMeta; there is no frame header to read.
  dissect: () => 0,
});

const bits = (n: number) => `${n} byte${n === 1 ? '' : 's'} (${n * 8} bits)`;

/** Seconds and nanoseconds since the first packet (both negative for a packet before it). */
function relativeTime(meta: FrameMeta): [number, number] {
  const first = meta.firstTimestamp;
  if (first === undefined) {
    const totalNs = Math.round(meta.relTime * 1e9);
    const sec = Math.trunc(totalNs / 1e9);
    return [sec, totalNs - sec * 1e9];
  }
  let sec = meta.timestamp.sec - first.sec;
  let nsec = meta.timestamp.nsec - first.nsec;
  if (sec > 0 && nsec < 0) {
    sec -= 1;
    nsec += 1e9;
  } else if (sec < 0 && nsec > 0) {
    sec += 1;
    nsec -= 1e9;
  }
  return [sec, nsec];
}

/** The interface's name as Wireshark shows it: a pcapng interface without if_name is "unknown"; pcap has none. */
function interfaceName(meta: FrameMeta): string | undefined {
  return meta.interface.name ?? (meta.interface.pcapng === true ? 'unknown' : undefined);
}

/** The Frame node's label, as Wireshark writes it. */
export function frameLabel(meta: FrameMeta): string {
  const { number, caplen, origlen } = meta;
  const iface = meta.interface;
  const name = interfaceName(meta);
  const on = name !== undefined ? ` on interface ${name}, id ${iface.id}` : '';
  return `Frame ${number}: ${origlen} bytes on wire (${origlen * 8} bits), ${caplen} bytes captured (${caplen * 8} bits)${on}`;
}

export function buildFrameNode(registry: Registry, meta: FrameMeta, protocols: readonly string[]): TreeNode {
  const node: TreeNode = { label: frameLabel(meta), field: 'frame', offset: 0, length: meta.caplen };
  addFrameFields(new TreeItem(node, 0, registry), meta, protocols);
  return node;
}

/**
 * The frame.* fields of a record, into a tree item or a field list. Labels are built only for a tree: the
 * field path (display filters, `-T fields`) drops them, and formatting the times for nothing was a fifth
 * of a display filter's field collection (bench/dissect).
 */
export function addFrameFields(t: Item, meta: FrameMeta, protocols: readonly string[]): void {
  const { number, caplen, origlen, timestamp } = meta;
  const tree = t instanceof TreeItem;
  const iface = meta.interface;
  const name = interfaceName(meta);
  if (name !== undefined) {
    const ifNode = t.add('frame.interface_id', 0, 0, iface.id, tree ? `Interface id: ${iface.id} (${name})` : undefined);
    ifNode.add('frame.interface_name', 0, 0, name);
  }
  const encap = ENCAPSULATIONS[iface.linkType];
  t.add('frame.encap_type', 0, 0, encap?.[1] ?? iface.linkType, tree ? encapLabel(meta) : undefined);
  const abs = { sec: timestamp.sec, nsec: timestamp.nsec };
  t.add('frame.time', 0, 0, abs, tree ? `Arrival Time: ${formatAbsTime(timestamp.sec, timestamp.nsec)}` : undefined);
  t.add('frame.time_epoch', 0, 0, abs, tree ? `Epoch Time: ${formatSeconds(timestamp.sec, timestamp.nsec)} seconds` : undefined);
  const [relSec, relNsec] = relativeTime(meta);
  t.add(
    'frame.time_relative',
    0,
    0,
    { sec: relSec, nsec: relNsec },
    tree ? `[Time since reference or first frame: ${formatSeconds(relSec, relNsec)} seconds]` : undefined,
  );
  t.add('frame.number', 0, 0, number);
  t.add('frame.len', 0, 0, origlen, tree ? `Frame Length: ${bits(origlen)}` : undefined);
  t.add('frame.cap_len', 0, 0, caplen, tree ? `Capture Length: ${bits(caplen)}` : undefined);
  const list = protocols.join(':');
  t.add('frame.protocols', 0, 0, list, tree ? `[Protocols in frame: ${list}]` : undefined);
}

function encapLabel(meta: FrameMeta): string {
  const iface = meta.interface;
  const encap = ENCAPSULATIONS[iface.linkType];
  return encap ? `Encapsulation type: ${encap[0]} (${encap[1]})` : `Encapsulation type: ${iface.linkTypeName} (link type ${iface.linkType})`;
}
