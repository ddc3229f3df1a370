/** Every `trawl` sub-command, in the order `trawl help` lists them. */
import type { CliCommand } from '../command';
import { captureCommand } from './capture';
import { compileCommand } from './compile';
import { doctorCommand } from './doctor';
import { exportCommand } from './export';
import { flowsCommand } from './flows';
import { followCommand } from './follow';
import { infoCommand } from './info';
import { interfacesCommand } from './interfaces';
import { readCommand } from './read';

export const COMMANDS: readonly CliCommand[] = [infoCommand, readCommand, flowsCommand, followCommand, exportCommand, compileCommand, interfacesCommand, captureCommand, doctorCommand];
