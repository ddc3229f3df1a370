/** The engine as a shell sees it: the contract, plus the hook that turns menu commands into events. */
import type { ShellCommand, TrawlApi } from '../core/api';

export interface ShellEngine extends TrawlApi {
  /** Fire `onShellCommand` with this command (the renderer acts on it: a dialog, a prompt). */
  fireShellCommand(command: ShellCommand): void;
  /** Release workers and files when the app quits, if the engine holds any. */
  dispose?(): void | Promise<void>;
}
