/**
 * Lowering a checked display filter to pcap-filter(7) text, only where BPF means EXACTLY what Wireshark
 * means on every packet of the link type:
 *
 * - `frame.len` (the length on the wire) is BPF's `len`, on every link type;
 * - on Ethernet (LINKTYPE 1), the fields of the outermost Ethernet header, which Trawl's registry
 *   dissects only from the link table, so no second copy can exist in a packet: eth.dst, eth.src,
 *   eth.addr (==, !=, and byte slices of the addresses), eth.type (an Ethernet II type, ≥ 0x600),
 *   the I/G and L/G bits of eth.dst and eth.src.
 *
 * Nothing above the link layer is lowered: Wireshark's `ip.src`, `tcp.port`, `udp`… also match headers
 * inside a VLAN tag, an ICMP error's quoted packet or a tunnel, which a BPF offset never reaches, so
 * `tcp port 443` would select fewer frames than `tcp.port == 443` (DECISIONS: Display filters).
 * Anything else makes the whole filter a predicate (undefined).
 */
import type { RelOp, SliceRange } from './ast';
import type { Registry } from '../dissect/registry';
import type { CExpr, Const, CValue } from './checked';

const ETHERNET = 1;
const BPF_OP: Readonly<Partial<Record<RelOp, string>>> = { any_eq: '=', all_ne: '!=', gt: '>', lt: '<', ge: '>=', le: '<=' };

/** The pcap-filter text for `linkType`, or undefined when some term has no exact BPF equivalent. */
export function lowerToBpf(e: CExpr, linkType: number, registry: Registry): string | undefined {
  return new Lowerer(linkType, ethOnlyOutermost(registry)).expr(e);
}

/**
 * Whether the registry dissects Ethernet only from the link table. A protocol that hands off to `eth`
 * (ERSPAN, VXLAN, GRE bridging…) would put a second eth header where BPF cannot see; Wireshark has them,
 * which is why tshark's eth.dst differs from `ether dst` on such captures. (A dissector's `handoffTo('eth')`
 * is code the registry cannot see; none exists today, and the conformance test runs the BPF against the
 * predicate on every capture.)
 */
function ethOnlyOutermost(registry: Registry): boolean {
  for (const [table, entries] of registry.tables) {
    if (table === 'link') continue;
    for (const p of entries.values()) if (p.abbrev === 'eth') return false;
  }
  return true;
}

class Lowerer {
  constructor(
    private readonly linkType: number,
    private readonly ethOutermost: boolean,
  ) {}

  expr(e: CExpr): string | undefined {
    switch (e.kind) {
      case 'and':
      case 'or': {
        const a = this.expr(e.left);
        const b = a === undefined ? undefined : this.expr(e.right);
        return b === undefined ? undefined : `(${a} ${e.kind} ${b})`;
      }
      case 'xor': {
        const a = this.expr(e.left);
        const b = a === undefined ? undefined : this.expr(e.right);
        return b === undefined ? undefined : `((${a} and not ${b}) or (not ${a} and ${b}))`;
      }
      case 'not': {
        const a = this.expr(e.operand);
        return a === undefined ? undefined : `not ${a}`;
      }
      case 'compare':
        return this.compare(e.op, e.left, e.right);
      case 'in': {
        if (e.left.kind !== 'field') return undefined;
        const parts: string[] = [];
        for (const it of e.items) {
          if (it.low.kind !== 'const') return undefined;
          if (it.high === undefined) {
            const p = this.compare('any_eq', e.left, it.low);
            if (p === undefined) return undefined;
            parts.push(p);
          } else {
            if (it.high.kind !== 'const') return undefined;
            const lo = this.compare('ge', e.left, it.low);
            const hi = this.compare('le', e.left, it.high);
            if (lo === undefined || hi === undefined) return undefined;
            parts.push(`(${lo} and ${hi})`);
          }
        }
        return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
      }
      case 'exists':
      case 'truthy':
      case 'contains':
      case 'matches':
        return undefined;
    }
  }

  private compare(op: RelOp, left: CValue, right: CValue): string | undefined {
    if (right.kind !== 'const') return undefined;
    const c = right.value;
    if (left.kind === 'field' && left.name === 'frame.len' && c.t === 'int') {
      const bop = BPF_OP[op];
      return bop === undefined ? undefined : `len ${bop} ${c.n}`;
    }
    if (this.linkType !== ETHERNET || !this.ethOutermost) return undefined;
    if (left.kind === 'field') return this.ethField(op, left.name, c);
    if (left.kind === 'slice' && left.of.kind === 'field' && c.t === 'bytes') return this.ethSlice(op, left.of.name, left.ranges, c.bytes);
    return undefined;
  }

  private ethField(op: RelOp, name: string, c: Const): string | undefined {
    const eqNe = op === 'any_eq' || op === 'all_ne';
    const neg = (s: string) => (op === 'all_ne' ? `not ${s}` : s);
    switch (name) {
      case 'eth.dst':
      case 'eth.src':
      case 'eth.addr': {
        if (!eqNe || c.t !== 'bytes' || c.bytes.length !== 6) return undefined;
        const dir = name === 'eth.dst' ? 'dst ' : name === 'eth.src' ? 'src ' : '';
        return neg(`ether ${dir}host ${mac(c.bytes)}`);
      }
      case 'eth.type': {
        const bop = BPF_OP[op];
        if (bop === undefined || c.t !== 'int') return undefined;
        // eth.type exists only in Ethernet II frames; below 0x600 the field is 802.3's length.
        return `(ether[12:2] >= 0x600 and ether[12:2] ${bop} ${c.n})`;
      }
      case 'eth.dst.ig':
      case 'eth.dst.lg':
      case 'eth.src.ig':
      case 'eth.src.lg': {
        if (!eqNe || c.t !== 'bool') return undefined;
        const at = name.startsWith('eth.dst') ? 0 : 6;
        const bit = name.endsWith('.ig') ? 1 : 2;
        // An absent field (a frame shorter than the address) fails both ways, as a BPF load past the end.
        const set = c.b !== (op === 'all_ne');
        return `ether[${at}] & ${bit} ${set ? '!=' : '='} 0`;
      }
      default:
        return undefined;
    }
  }

  private ethSlice(op: RelOp, name: string, ranges: readonly SliceRange[], want: Uint8Array): string | undefined {
    if (op !== 'any_eq' && op !== 'all_ne') return undefined;
    if (name !== 'eth.dst' && name !== 'eth.src') return undefined;
    const base = name === 'eth.dst' ? 0 : 6;
    const offsets: number[] = [];
    for (const r of ranges) {
      const from = r.from < 0 ? 6 + r.from : r.from;
      const end = r.kind === 'length' ? from + r.length : r.kind === 'to' ? (r.to < 0 ? 6 + r.to : r.to) + 1 : 6;
      if (from < 0 || end > 6 || end <= from) return undefined;
      for (let i = from; i < end; i++) offsets.push(base + i);
    }
    if (offsets.length !== want.length) return undefined;
    const tests = offsets.map((o, i) => `ether[${o}] = 0x${want[i].toString(16).padStart(2, '0')}`);
    const all = tests.length === 1 ? tests[0] : `(${tests.join(' and ')})`;
    return op === 'all_ne' ? `not ${all}` : all;
  }
}

function mac(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
}
