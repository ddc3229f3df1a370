/**
 * `trawl compile EXPR`: compile a pcap-filter(7) expression to classic BPF and print the program as
 * `tcpdump -d`, `-dd` or `-ddd` does, or an earlier stage of the compiler (`--stage ast|ir`).
 */
import { formatProgram, type DumpFormat } from '../../core/bpf/disasm';
import { FilterError } from '../../core/errors';
import { compileStages } from '../../core/filter/compile';
import { printIr } from '../../core/filter/ir-print';
import { printAst } from '../../core/filter/print-ast';
import { NodeNameResolver } from '../../workers/name-resolver';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { formatFilterError } from '../filter-error-text';
import { parseLinkTypeArg } from '../link-type-arg';

const USAGE = `Usage: trawl compile [-d | -dd | -ddd] [-O] [-y LINKTYPE] [--stage ast|ir|bpf] EXPRESSION

Compiles a capture filter (pcap-filter(7) syntax, as tcpdump takes it) to classic BPF and prints it:
  -d      as readable assembly, like tcpdump -d (the default)
  -dd     as a C array of struct sock_filter, like tcpdump -dd
  -ddd    as decimal numbers, like tcpdump -ddd
  -O      do not optimise the program (like tcpdump -O)
  -y LT   the link type the program is for: a DLT name (EN10MB, the default; RAW, LINUX_SLL,
          IEEE802_11_RADIO, ...) or a LINKTYPE_ number
  --stage ast   print the syntax tree instead; --stage ir the blocks before code generation
The expression may be one argument or several (they are joined with spaces). An empty expression
accepts every packet. On an expression that does not compile, prints why and where (exit status 1).`;

type Stage = 'ast' | 'ir' | 'bpf';

interface CompileArgs {
  format: DumpFormat;
  optimize: boolean;
  linkType: number;
  stage: Stage;
  expression: string;
}

function parseArgs(args: string[]): CompileArgs {
  const out: CompileArgs = { format: 'd', optimize: true, linkType: 1, stage: 'bpf', expression: '' };
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--') {
      words.push(...args.slice(i + 1));
      break;
    } else if (a === '-d' || a === '-dd' || a === '-ddd') out.format = a.slice(1) as DumpFormat;
    else if (a === '-O') out.optimize = false;
    else if (a === '-y') out.linkType = parseLinkTypeArg(value());
    else if (a === '--stage' || a.startsWith('--stage=')) {
      const s = a === '--stage' ? value() : a.slice('--stage='.length);
      if (s !== 'ast' && s !== 'ir' && s !== 'bpf') throw new UsageError(`--stage is ast, ir or bpf (got "${s}")`);
      out.stage = s;
    } else if (a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option ${a}`);
    else words.push(a);
  }
  out.expression = words.join(' ');
  return out;
}

export const compileCommand: CliCommand = {
  name: 'compile',
  summary: 'Compile a capture filter to BPF and print it, like tcpdump -d',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const a = parseArgs(args);
    let stages;
    try {
      stages = compileStages(a.expression, { linkType: a.linkType, optimize: a.optimize, resolver: new NodeNameResolver() });
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      io.err(formatFilterError('compile', a.expression, e));
      return 1;
    }
    if (a.stage === 'ast') io.out(stages.ast ? `${printAst(stages.ast).trimEnd()}\n` : '(empty expression: accepts every packet)\n');
    else if (a.stage === 'ir') io.out(stages.ir ? printIr(stages.ir) : '(empty expression: accepts every packet)\n');
    else io.out(formatProgram(stages.program, a.format));
    return 0;
  },
};
