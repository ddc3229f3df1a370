/** The shape of one `trawl` sub-command. Commands are listed in cli/commands/index.ts. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  name: string;
  /** One line for `trawl help`. */
  summary: string;
  /** Usage text for `trawl help NAME` and for usage errors. */
  usage: string;
  /** Returns the exit code: 0 ok, 1 failure the user can fix (bad file, bad filter), 2 usage error. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** A usage error: the command prints its usage after the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The arguments of a command whose only option is `--json`: whether it was given; anything else is a UsageError. */
export function jsonOnlyArgs(args: readonly string[]): boolean {
  const rest = args.filter((a) => a !== '--json');
  if (rest.length > 0) throw new UsageError(rest[0].startsWith('-') ? `unknown option ${rest[0]}` : `unexpected argument ${rest[0]}`);
  if (args.length > 1) throw new UsageError('--json given twice');
  return args.length === 1;
}
