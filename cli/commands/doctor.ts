/** `trawl doctor [--json]`: whether live capture works here and, if not, the one thing to do. */
import type { CaptureCheck } from '../../core/api';
import { checkCapture, type CaptureCheckOptions } from '../../workers/capture-check';
import { jsonOnlyArgs, type CliCommand, type CliIO } from '../command';

const USAGE = `Usage: trawl doctor [--json]

Tells whether live capture works on this machine: it runs the capture helper's own check, which opens a
packet socket exactly as a capture does. If capture works, says how the helper gets its privileges (Trawl
runs as root, the helper has its file capabilities, or pkexec with Trawl's polkit action); if not, says
what is wrong and prints the fix on a line of its own, ready to copy, then other ways that also work.
Exit status 0 when capture works, 1 when it does not.

  --json   the check as a JSON object (ok, via, helperPath, problem, fix, alternatives)`;

const HOW: Record<NonNullable<CaptureCheck['via']>, string> = {
  root: 'as root',
  capabilities: 'the helper has cap_net_raw and cap_net_admin',
  pkexec: "through pkexec and Trawl's polkit action: an administrator's password authorises each capture",
};

export function formatCheck(c: CaptureCheck): string {
  const lines: string[] = [];
  if (c.ok) {
    lines.push(c.via === undefined ? 'Live capture works here.' : `Live capture works here (${HOW[c.via]}).`);
    if (c.helperPath) lines.push(`Capture helper: ${c.helperPath}`);
  } else {
    lines.push(`Live capture will not work here. ${c.problem ?? 'The capture helper failed its check.'}`);
    if (c.fix) lines.push('To fix it:', c.fix);
  }
  lines.push(...c.alternatives);
  return `${lines.join('\n')}\n`;
}

export function makeDoctorCommand(checkOptions: CaptureCheckOptions = {}): CliCommand {
  return {
    name: 'doctor',
    summary: 'Check whether live capture works here, and if not, what to do',
    usage: USAGE,
    async run(args: string[], io: CliIO): Promise<number> {
      const json = jsonOnlyArgs(args);
      const check = await checkCapture(checkOptions);
      io.out(json ? `${JSON.stringify(check, null, 2)}\n` : formatCheck(check));
      return check.ok ? 0 : 1;
    },
  };
}

export const doctorCommand: CliCommand = makeDoctorCommand();
