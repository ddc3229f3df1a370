/** Every `trawl` sub-command, in the order `trawl help` lists them. */
import type { CliCommand } from '../command';
import { compileCommand } from './compile';
import { infoCommand } from './info';
import { readCommand } from './read';

export const COMMANDS: readonly CliCommand[] = [infoCommand, readCommand, compileCommand];
