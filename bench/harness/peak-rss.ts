/** This process's peak resident set size in bytes: VmHWM from /proc (Linux), else getrusage's maxRSS. */
import { readFileSync } from 'node:fs';

export function peakRssBytes(): number {
  const fromProc = vmHwmBytes();
  return fromProc ?? process.resourceUsage().maxRSS * 1024;
}

/** VmHWM parsed from a /proc/<pid>/status text, in bytes. */
export function parseVmHwm(status: string): number | undefined {
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

function vmHwmBytes(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  return parseVmHwm(readFileSync('/proc/self/status', 'utf8'));
}
