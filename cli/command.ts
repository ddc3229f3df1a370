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
