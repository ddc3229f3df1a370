/**
 * A readable dump of the syntax tree, one node per line, children indented by two spaces:
 *
 *   and [0,25)
 *     qualified proto=tcp addr=port id=number 80 [0,12)
 *     not [17,25)
 *       proto-abbrev udp [21,25)
 *
 * Used by `trawl compile --stage ast` and by tests. Switches are exhaustive, so a new node kind
 * fails to compile here until it prints.
 */
import type { Arith, Expr, FieldValueTest, Id, LlcKind, Qualifier, Qualifiers } from './ast';
import type { Span } from './span';

export function printAst(expr: Expr): string {
  const lines: string[] = [];
  printExpr(expr, 0, lines);
  return lines.join('\n');
}

const span = (s: Span) => `[${s[0]},${s[1]})`;
const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

function qual<T extends string>(name: string, q: Qualifier<T> | undefined): string {
  if (q === undefined) return '';
  return q.text === q.value ? ` ${name}=${q.value}` : ` ${name}=${q.value}(${q.text})`;
}

function quals(q: Qualifiers): string {
  return `${qual('proto', q.proto)}${qual('dir', q.dir)}${qual('addr', q.addr)}`;
}

function id(i: Id): string {
  switch (i.kind) {
    case 'name':
      return `name ${i.name}`;
    case 'number':
      return `number ${i.value}${i.text === String(i.value) ? '' : ` (${i.text})`}`;
    case 'ipv4':
      return `ipv4 ${i.text}${i.prefixLength !== undefined ? `/${i.prefixLength}` : ''}${i.mask ? ` mask ${i.mask.text}` : ''}`;
    case 'ipv6':
      return `ipv6 ${i.text}${i.prefixLength !== undefined ? `/${i.prefixLength}` : ''}`;
    case 'mac':
      return `mac ${i.text}`;
    case 'arcnet':
      return `arcnet ${i.text}`;
  }
}

function test(t: FieldValueTest): string {
  return t.values.length === 1 ? `${t.op} ${t.values[0]}` : `${t.op} (${t.values.join(' or ')})`;
}

function llc(k: LlcKind): string {
  if (typeof k === 'string') return k;
  return 'sSubtype' in k ? `s-subtype=${hex(k.sSubtype)}` : `u-subtype=${hex(k.uSubtype)}`;
}

function printExpr(e: Expr, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const line = (s: string) => out.push(`${pad}${s} ${span(e.span)}`);
  switch (e.kind) {
    case 'and':
    case 'or':
      line(e.kind);
      printExpr(e.left, depth + 1, out);
      printExpr(e.right, depth + 1, out);
      return;
    case 'not':
      line('not');
      printExpr(e.operand, depth + 1, out);
      return;
    case 'qualified':
      line(`qualified${quals(e.quals)} id=${id(e.id)}${e.inherited ? ' inherited' : ''}`);
      return;
    case 'proto-abbrev':
      line(`proto-abbrev${qual('proto', e.proto)}`);
      return;
    case 'relation':
      line(`relation ${e.op}`);
      printArith(e.left, depth + 1, out);
      printArith(e.right, depth + 1, out);
      return;
    case 'broadcast':
    case 'multicast':
      line(`${e.kind}${qual('proto', e.proto)}`);
      return;
    case 'less':
    case 'greater':
    case 'ifindex':
      line(`${e.kind} ${e.value}`);
      return;
    case 'byte':
      line(`byte offset=${e.offset} op=${e.op} value=${e.value}`);
      return;
    case 'inbound':
    case 'outbound':
    case 'pppoed':
      line(e.kind);
      return;
    case 'vlan':
    case 'mpls':
    case 'pppoes':
    case 'geneve':
      line(e.value === undefined ? e.kind : `${e.kind} ${e.value}`);
      return;
    case 'pf':
      line(`pf ${e.field}=${typeof e.value === 'string' ? JSON.stringify(e.value) : e.value}`);
      return;
    case 'wlan-type':
      line(`wlan-type${qual('proto', e.proto)} value=${hex(e.value)} mask=${hex(e.mask)}`);
      return;
    case 'wlan-dir':
      line(`wlan-dir${qual('proto', e.proto)} value=${e.value}`);
      return;
    case 'llc':
      line(`llc ${llc(e.llc)}`);
      return;
    case 'atm-type':
    case 'atm-multi':
    case 'mtp2-type':
      line(`${e.kind} ${e.type}`);
      return;
    case 'atm-field':
    case 'mtp3-field':
      line(`${e.kind} ${e.field} ${test(e.test)}`);
      return;
    default: {
      const unreachable: never = e;
      throw new Error(`printAst: unhandled node ${JSON.stringify(unreachable)}`);
    }
  }
}

function printArith(a: Arith, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const line = (s: string) => out.push(`${pad}${s} ${span(a.span)}`);
  switch (a.kind) {
    case 'const':
      line(`const ${a.value}`);
      return;
    case 'len':
      line('len');
      return;
    case 'load':
      line(`load${qual('proto', a.proto)} size=${a.size}`);
      printArith(a.index, depth + 1, out);
      return;
    case 'binary':
      line(`binary ${a.op}`);
      printArith(a.left, depth + 1, out);
      printArith(a.right, depth + 1, out);
      return;
    case 'negate':
      line('negate');
      printArith(a.operand, depth + 1, out);
      return;
  }
}
