/**
 * Test helper: runs the reference tcpdump (4.99.3 / libpcap 1.10.3). A missing tcpdump fails the test
 * with what to do; it never skips (the CI script installs tcpdump).
 */
import { execFileSync } from 'node:child_process';
import { parseDdd } from '../disasm';
import type { RawInsn } from '../opcodes';

/** tcpdump's stdout as bytes (e.g. `-w -`). */
export function tcpdumpBytes(args: readonly string[]): Uint8Array {
  try {
    return new Uint8Array(execFileSync('tcpdump', args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }));
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') {
      throw new Error('tcpdump is not installed: install it (e.g. `sudo apt-get install tcpdump`); the CI script installs it and these tests need it as the reference', { cause: e });
    }
    throw new Error(`tcpdump ${args.join(' ')} failed: ${err.stderr?.toString() ?? err.message}`, { cause: e });
  }
}

/** tcpdump's stdout as text. */
export function tcpdump(args: readonly string[]): string {
  return new TextDecoder().decode(tcpdumpBytes(args));
}

/** The program tcpdump compiles for `expr` on link type `linkType` (`-O`: unoptimised). */
export function compileWithTcpdump(linkType: string, expr: string, unoptimised = false): RawInsn[] {
  return parseDdd(tcpdump(['-y', linkType, ...(unoptimised ? ['-O'] : []), '-ddd', '--', expr]));
}
