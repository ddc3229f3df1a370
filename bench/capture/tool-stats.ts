/**
 * What the tools of the capture benchmark say about themselves, parsed from their own text: the closing
 * statistics of `trawl capture`, dumpcap and tcpdump (kernel drops; the packet count is taken from the
 * file, never from these), tcpreplay's report of what it sent, and GNU time's CPU line.
 */

/** Kernel-side counters a capture tool reports when it stops. */
export interface ToolDrops {
  received: number;
  dropped: number;
}

/** `trawl capture`: `N packets captured, M dropped by kernel (received R)`. */
export function parseTrawlStats(stderr: string): ToolDrops | undefined {
  const m = /^\d+ packets? captured, (\d+) dropped by kernel \(received (\d+)\)$/m.exec(stderr);
  return m ? { dropped: Number(m[1]), received: Number(m[2]) } : undefined;
}

/**
 * dumpcap: `Packets received/dropped on interface 'IF': R/D (pcap:P/dumpcap:U/flushed:F/ps_ifdrop:I) (x%)`.
 * D is every drop dumpcap knows of (the kernel's, its own, ps_ifdrop); the last line wins if there are several.
 */
export function parseDumpcapStats(stderr: string): ToolDrops | undefined {
  const all = [...stderr.matchAll(/^Packets received\/dropped on interface '[^']*': (\d+)\/(\d+)/gm)];
  const m = all.at(-1);
  return m ? { received: Number(m[1]), dropped: Number(m[2]) } : undefined;
}

/** tcpdump: `R packets received by filter` and `D packets dropped by kernel`. */
export function parseTcpdumpStats(stderr: string): ToolDrops | undefined {
  const r = /^(\d+) packets? received by filter$/m.exec(stderr);
  const d = /^(\d+) packets? dropped by kernel$/m.exec(stderr);
  return r && d ? { received: Number(r[1]), dropped: Number(d[1]) } : undefined;
}

export interface ReplayStats {
  /** Packets the interface accepted (tcpreplay's "Successful packets", else "Actual"). */
  sent: number;
  failed: number;
  seconds: number;
  /** The rate tcpreplay achieved. */
  pps: number;
}

/** tcpreplay's closing report (`Actual: N packets (B bytes) sent in S seconds`, `Rated: … P pps`, …). */
export function parseTcpreplayStats(stdout: string): ReplayStats | undefined {
  const actual = /^Actual: (\d+) packets \(\d+ bytes\) sent in ([\d.]+) seconds/m.exec(stdout);
  const rated = /^Rated: .*?, ([\d.]+) pps/m.exec(stdout);
  if (!actual || !rated) return undefined;
  const ok = /^\s*Successful packets:\s+(\d+)/m.exec(stdout);
  const failed = /^\s*Failed packets:\s+(\d+)/m.exec(stdout);
  return { sent: Number(ok?.[1] ?? actual[1]), failed: Number(failed?.[1] ?? 0), seconds: Number(actual[2]), pps: Number(rated[1]) };
}

/** GNU time `-f '%U %S'`: user and system CPU seconds of the command and every descendant it waited for. */
export function parseCpuSeconds(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/m.exec(text.trim().split('\n').at(-1) ?? '');
  return m ? Number(m[1]) + Number(m[2]) : undefined;
}
