/**
 * The pcap-filter compiler, stage by stage: lex → parse (AST with spans) → check (names, qualifiers)
 * → lower (IR of basic blocks, encapsulation threaded explicitly) → optimise (named passes to a fixed
 * point) → codegen (classic BPF) → validate. Each stage is data in, data out, and every stage's output
 * can be dumped (`trawl compile --stage ast|ir`).
 */
import { BPF_K, BPF_RET, type RawInsn } from '../bpf/opcodes';
import { validate } from '../bpf/validate';
import { FilterError } from '../errors';
import type { CheckedExpr, Expr } from './ast';
import { check } from './check';
import { codegen } from './codegen';
import type { Block } from './ir';
import { lower } from './lower/index';
import { optimize } from './optimise/index';
import { parse } from './parser';
import { NO_NAMES, type NameResolver } from './resolver';

/** libpcap's default: accepted packets are kept whole up to 262144 bytes (MAXIMUM_SNAPLEN). */
export const DEFAULT_SNAPLEN = 262144;

export interface CompileOptions {
  /** LINKTYPE_ number of the packets the program will see (1 = Ethernet). */
  readonly linkType: number;
  /** Run the optimiser (tcpdump's default; `-O` turns it off). */
  readonly optimize?: boolean;
  readonly snaplen?: number;
  readonly resolver?: NameResolver;
}

export interface CompiledStages {
  readonly text: string;
  /** Null for an empty expression, which accepts every packet (as libpcap's does). */
  readonly ast: Expr | null;
  readonly checked: CheckedExpr | null;
  /** Entry of the (optimised, if asked) control-flow graph. */
  readonly ir: Block | null;
  readonly program: RawInsn[];
}

/** Compile `text`; throws FilterError (with a span into `text`) for anything the user got wrong. */
export function compileStages(text: string, options: CompileOptions): CompiledStages {
  const snaplen = options.snaplen ?? DEFAULT_SNAPLEN;
  // Blank as libpcap's scanner sees it (space, tab, CR, LF): accept every packet, as pcap_compile does.
  if (/^[ \t\r\n]*$/.test(text)) {
    return { text, ast: null, checked: null, ir: null, program: [{ code: BPF_RET | BPF_K, jt: 0, jf: 0, k: snaplen >>> 0 }] };
  }
  const ast = parse(text);
  const checked = check(ast, { linkType: options.linkType, resolver: options.resolver ?? NO_NAMES });
  const { cfg, entry, optimizerDisabled } = lower(checked, { linkType: options.linkType, snaplen });
  const optimized = options.optimize !== false && optimizerDisabled === null;
  const ir = optimized ? optimize(cfg, entry) : entry;
  const program = codegen(ir);
  if (optimized && !mentions(checked, 'protochain') && program.length === 1 && program[0].code === (BPF_RET | BPF_K) && program[0].k === 0) {
    // As pcap_compile: an optimised program that can only return 0 is a mistake worth saying.
    throw new FilterError('rejects-all', 'expression rejects all packets (no packet can match it)', [0, text.length]);
  }
  validate(program);
  return { text, ast, checked, ir, program };
}

/**
 * Whether the tree holds a node of `kind`. libpcap never optimises a `protochain` program (its loop
 * defeats the optimiser), so it never reports one as rejecting everything; Trawl unrolls the walk and
 * does optimise it, but keeps libpcap's answer about which expressions are errors.
 */
function mentions(e: CheckedExpr, kind: CheckedExpr['kind']): boolean {
  if (e.kind === kind) return true;
  switch (e.kind) {
    case 'and':
    case 'or':
      return mentions(e.left, kind) || mentions(e.right, kind);
    case 'not':
      return mentions(e.operand, kind);
    case 'any-of':
      return e.options.some((o) => mentions(o, kind));
    default:
      return false;
  }
}

/** The BPF program for `text` (see compileStages). */
export function compileFilter(text: string, options: CompileOptions): RawInsn[] {
  return compileStages(text, options).program;
}
