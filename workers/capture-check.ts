/**
 * "Will live capture work here?" (`trawl doctor`, the app's capture page): runs `trawl-capture --check`,
 * which opens the capture socket exactly as a capture does, and when that is refused finds the one thing to
 * do — the `setcap` line for the helper — or the pkexec/polkit route if Trawl's polkit action for this very
 * helper is installed (assets/linux/org.trawl.capture.policy). Where the helper already carries its
 * capabilities yet cannot use them, it says why (a nosuid mount, no_new_privs, a restricted bounding set).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureCheck } from '../core/api';
import { HelperExit, locateHelper } from './capture-helper';

export interface CaptureCheckOptions {
  /** The helper to check; default `locateHelper()`. */
  helperPath?: string;
  /** A command put before the helper (tests: `setpriv --reuid=…` to run it as another user). */
  launcher?: readonly string[];
  /** The uid the helper runs as; default this process's. 0 means the engine runs as root. */
  uid?: number;
  /** Where polkit reads actions; default /usr/share/polkit-1/actions. */
  polkitDir?: string;
}

export const POLKIT_ACTIONS_DIR = '/usr/share/polkit-1/actions';
export const POLKIT_POLICY_NAME = 'org.trawl.capture.policy';
const EXEC_PATH_KEY = 'org.freedesktop.policykit.exec.path';
const CAPS = 'cap_net_raw,cap_net_admin=eip';
const CHECK_TIMEOUT_MS = 10_000;
/** Where setcap/getcap live on distributions that keep them out of a user's PATH. */
const SBIN = ['/usr/sbin', '/sbin'];

/** A word for the shell: single-quoted, so any path is copied exactly. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function setcapCommand(helperPath: string): string {
  return `sudo setcap ${CAPS} ${shellQuote(helperPath)}`;
}

/** The launcher the engine puts before the helper for a check's result: `pkexec` when that is how it works. */
export function captureLauncher(check: CaptureCheck): string[] | undefined {
  return check.ok && check.via === 'pkexec' ? ['pkexec'] : undefined;
}

/** The first executable `name` on PATH (and `extra` folders), or undefined. */
export function findOnPath(name: string, extra: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== ''), ...extra];
  for (const dir of dirs) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // Not here (or not executable): try the next folder.
    }
  }
  return undefined;
}

// ---- polkit ----

export interface PolkitExecAction {
  file: string;
  actionId: string;
  execPath: string;
}

function xmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** The actions of one polkit policy file that carry an exec.path annotation (what pkexec matches a program against). */
export function parsePolicyExecPaths(xml: string, file = ''): PolkitExecAction[] {
  const out: PolkitExecAction[] = [];
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  for (const action of text.matchAll(/<action\s[^>]*?\bid\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/action>/g)) {
    for (const a of action[3].matchAll(/<annotate\s[^>]*?\bkey\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/annotate>/g)) {
      if (xmlText(a[2]) === EXEC_PATH_KEY) out.push({ file, actionId: xmlText(action[2]), execPath: xmlText(a[3]) });
    }
  }
  return out;
}

/** The installed polkit action that lets pkexec run exactly `helperPath`, if any. */
export function polkitActionFor(helperPath: string, polkitDir = POLKIT_ACTIONS_DIR): PolkitExecAction | undefined {
  let names: string[];
  try {
    names = readdirSync(polkitDir).filter((n) => n.endsWith('.policy'));
  } catch {
    // No polkit installed (no actions folder): no pkexec route.
    return undefined;
  }
  for (const name of names.sort()) {
    const file = join(polkitDir, name);
    let xml: string;
    try {
      xml = readFileSync(file, 'utf8');
    } catch {
      // Unreadable to us means unreadable to nobody else that matters here; polkitd reads as root. Skip it.
      continue;
    }
    const hit = parsePolicyExecPaths(xml, file).find((a) => a.execPath === helperPath);
    if (hit) return hit;
  }
  return undefined;
}

/** Trawl's policy as shipped (assets/linux), from the source tree or the bundle beside it. */
function policyTemplate(): string | undefined {
  const candidates = [
    new URL(`../assets/linux/${POLKIT_POLICY_NAME}`, import.meta.url), // workers/*.ts
    new URL(`../../assets/linux/${POLKIT_POLICY_NAME}`, import.meta.url), // dist/node/*.js
  ].map((u) => fileURLToPath(u));
  return candidates.find((p) => existsSync(p));
}

/** Escapes `s` for a sed `s|pattern|replacement|` with `|` as delimiter. */
const sedPattern = (s: string) => s.replace(/[\\|.*[\]^$]/g, '\\$&');
const sedReplacement = (s: string) => s.replace(/[\\|&]/g, '\\$&');

/** The exact command that installs Trawl's polkit action for `helperPath`, or undefined without the shipped policy. */
export function polkitInstallCommand(helperPath: string, polkitDir = POLKIT_ACTIONS_DIR): string | undefined {
  const template = policyTemplate();
  if (template === undefined) return undefined;
  const dest = shellQuote(join(polkitDir, POLKIT_POLICY_NAME));
  const shipped = parsePolicyExecPaths(readFileSync(template, 'utf8'))[0]?.execPath;
  if (shipped === undefined) return undefined;
  if (shipped === helperPath) return `sudo install -m 0644 ${shellQuote(template)} ${dest}`;
  const script = `s|>${sedPattern(shipped)}<|>${sedReplacement(helperPath)}<|`;
  return `sed ${shellQuote(script)} ${shellQuote(template)} | sudo tee ${dest} > /dev/null`;
}

function polkitAlternative(helperPath: string, polkitDir: string, pkexec: boolean): string {
  const install = polkitInstallCommand(helperPath, polkitDir);
  const withPkexec = pkexec ? '' : 'install pkexec (package pkexec or polkit), then ';
  if (install === undefined) {
    return `Or let an administrator's password authorise each capture through pkexec: ${withPkexec}install Trawl from its deb or rpm package, which adds the polkit action org.trawl.capture for its helper.`;
  }
  return `Or let an administrator's password authorise each capture through pkexec: ${withPkexec}install Trawl's polkit action for this helper with \`${install}\`.`;
}

// ---- why a helper with capabilities still cannot use them ----

/** The helper file's capabilities as getcap prints them (`cap_net_admin,cap_net_raw=eip`), or undefined. */
function fileCapabilities(helperPath: string): Promise<string | undefined> {
  const getcap = findOnPath('getcap', SBIN);
  if (getcap === undefined) return Promise.resolve(undefined);
  return new Promise((res) => {
    execFile(getcap, [helperPath], { encoding: 'utf8', timeout: 5000 }, (error, stdout) => {
      // getcap failing (no such file, odd filesystem) tells us nothing more than no capabilities would.
      const caps = error === null ? stdout.trim().slice(helperPath.length).replace(/^\s*=?\s*/, '') : '';
      res(caps === '' ? undefined : caps);
    });
  });
}

function carriesCaptureCaps(caps: string | undefined): caps is string {
  return caps !== undefined && /cap_net_raw/.test(caps) && /cap_net_admin/.test(caps);
}

/** The mount a path lives on and whether it is nosuid (file capabilities are ignored there), from /proc/self/mountinfo. */
export function mountOf(path: string, mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): { mountPoint: string; nosuid: boolean } | undefined {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  let best: { mountPoint: string; nosuid: boolean } | undefined;
  for (const line of mountinfo.split('\n')) {
    const f = line.split(' ');
    if (f.length < 6) continue;
    const mountPoint = unescape(f[4]);
    const inside = mountPoint === '/' || path === mountPoint || path.startsWith(`${mountPoint}/`);
    // Later lines mount over earlier ones at the same point; the longest match is the innermost mount.
    if (inside && (best === undefined || mountPoint.length >= best.mountPoint.length)) {
      best = { mountPoint, nosuid: f[5].split(',').includes('nosuid') };
    }
  }
  return best;
}

/** NoNewPrivs and whether CAP_NET_RAW (13) is in this process's bounding set, from /proc/self/status. */
function ownRestrictions(): { noNewPrivs: boolean; boundingHasNetRaw: boolean } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const bnd = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    return { noNewPrivs: /^NoNewPrivs:\s*1$/m.test(status), boundingHasNetRaw: bnd === undefined || (BigInt(`0x${bnd}`) & (1n << 13n)) !== 0n };
  } catch {
    // No /proc (unusual): nothing known against this process, so no cause is claimed.
    return { noNewPrivs: false, boundingHasNetRaw: true };
  }
}

/** The likely reason a helper that carries its capabilities still runs without them, and what to do. */
function withheldCapabilities(helperPath: string, caps: string, alternative: string): CaptureCheck {
  const carries = `The capture helper ${helperPath} carries ${caps}`;
  const mount = mountOf(helperPath);
  if (mount?.nosuid) {
    return {
      ok: false,
      helperPath,
      problem: `${carries}, but its filesystem (${mount.mountPoint}) is mounted nosuid, where the kernel ignores file capabilities.`,
      fix: `sudo mount -o remount,suid ${shellQuote(mount.mountPoint)}`,
      alternatives: ['Or move Trawl to a filesystem mounted without nosuid and run `sudo setcap` on the helper there.', alternative],
    };
  }
  const own = ownRestrictions();
  if (own.noNewPrivs) {
    return {
      ok: false,
      helperPath,
      problem: `${carries}, but Trawl runs with no_new_privs (a sandbox such as Flatpak or snap, or systemd's NoNewPrivileges=), under which the kernel ignores file capabilities.`,
      fix: 'Start Trawl outside that sandbox (or without NoNewPrivileges=).',
      alternatives: [alternative],
    };
  }
  if (!own.boundingHasNetRaw) {
    return {
      ok: false,
      helperPath,
      problem: `${carries}, but Trawl runs in a container or sandbox whose capability bounding set lacks CAP_NET_RAW, so the helper cannot gain it.`,
      fix: 'Give the container CAP_NET_RAW and CAP_NET_ADMIN (Docker: `docker run --cap-add=NET_RAW --cap-add=NET_ADMIN …`).',
      alternatives: [],
    };
  }
  return {
    ok: false,
    helperPath,
    problem: `${carries}, yet it runs without them: whatever starts Trawl withholds capabilities (a reduced bounding set or no_new_privs), or the helper that runs is a copy that lost them.`,
    fix: `Start Trawl without that restriction, or apply the capabilities again: ${setcapCommand(helperPath)}`,
    alternatives: [alternative],
  };
}

// ---- the check ----

interface CheckRun {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** errno code when the helper (or the launcher) could not be started at all. */
  spawnError?: string;
  timedOut: boolean;
}

function runCheck(helperPath: string, launcher: readonly string[] | undefined): Promise<CheckRun> {
  const [cmd, args] = launcher && launcher.length > 0 ? [launcher[0], [...launcher.slice(1), helperPath, '--check']] : [helperPath, ['--check']];
  return new Promise((res) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: CHECK_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error === null) {
        res({ exitCode: 0, signal: null, stdout, stderr, timedOut: false });
        return;
      }
      const spawnError = typeof error.code === 'string' ? error.code : undefined;
      res({
        exitCode: typeof error.code === 'number' ? error.code : null,
        signal: error.signal ?? null,
        stdout,
        stderr,
        spawnError,
        timedOut: error.killed === true && error.signal === 'SIGKILL',
      });
    });
  });
}

/** The last `error …` line the helper (or its launcher) wrote, without the keyword. */
function lastError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const err = lines.filter((l) => l.startsWith('error ')).at(-1);
  return err !== undefined ? err.slice('error '.length) : (lines.at(-1) ?? '');
}

function buildScript(): string | undefined {
  return [new URL('../scripts/build-helper.mjs', import.meta.url), new URL('../../scripts/build-helper.mjs', import.meta.url)]
    .map((u) => fileURLToPath(u))
    .find((p) => existsSync(p));
}

function missingHelper(helperPath: string | undefined): CaptureCheck {
  const script = buildScript();
  const where = helperPath === undefined ? 'No capture helper (trawl-capture) was found' : `The capture helper ${helperPath} does not exist`;
  if (script === undefined) {
    return {
      ok: false,
      ...(helperPath === undefined ? {} : { helperPath }),
      problem: `${where}: this Trawl installation is incomplete.`,
      fix: 'Reinstall Trawl: its deb, rpm and AppImage ship the helper in resources/helper/.',
      alternatives: [],
    };
  }
  return {
    ok: false,
    ...(helperPath === undefined ? {} : { helperPath }),
    problem: `${where}: Trawl builds it from helper/*.c with a C compiler (gcc or clang), a step \`npm install\` skips when it finds none.`,
    fix: `node ${shellQuote(script)}`,
    alternatives: ['Install gcc or clang first if that command says no C compiler was found.'],
  };
}

/** Whether live capture will work, and if not, the one thing to do. Never rejects for a missing privilege. */
export async function checkCapture(o: CaptureCheckOptions = {}): Promise<CaptureCheck> {
  const found = o.helperPath ?? locateHelper();
  if (found === undefined || !existsSync(found)) return missingHelper(found === undefined ? undefined : resolve(found));
  const helperPath = resolve(found);
  const uid = o.uid ?? process.getuid?.() ?? -1;
  const polkitDir = o.polkitDir ?? POLKIT_ACTIONS_DIR;
  const run = await runCheck(helperPath, o.launcher);

  if (run.exitCode === 0 && run.stdout.trim() === 'ok') {
    return { ok: true, via: uid === 0 ? 'root' : 'capabilities', helperPath, alternatives: [] };
  }
  if (run.spawnError === 'EACCES') {
    return {
      ok: false,
      helperPath,
      problem: `The capture helper ${helperPath} cannot be run: it is not executable by this user.`,
      fix: `sudo chmod 0755 ${shellQuote(helperPath)}`,
      alternatives: [],
    };
  }

  const permission = run.exitCode === HelperExit.permission;
  if (permission && uid === 0) {
    // Root that may not open a packet socket: setcap or pkexec cannot give what the container withholds.
    return {
      ok: false,
      helperPath,
      problem: 'Trawl runs as root, yet the capture helper may not open a packet socket: this process lacks CAP_NET_RAW (a container or sandbox withholds it).',
      fix: 'Give the container CAP_NET_RAW and CAP_NET_ADMIN (Docker: `docker run --cap-add=NET_RAW --cap-add=NET_ADMIN …`).',
      alternatives: [],
    };
  }
  const pkexec = findOnPath('pkexec') !== undefined;
  if (permission && pkexec && polkitActionFor(helperPath, polkitDir) !== undefined) {
    return {
      ok: true,
      via: 'pkexec',
      helperPath,
      alternatives: [`Or grant the helper its capabilities once, so that captures ask for no password: ${setcapCommand(helperPath)}`],
    };
  }

  const alternative = polkitAlternative(helperPath, polkitDir, pkexec);
  const caps = await fileCapabilities(helperPath);
  if (carriesCaptureCaps(caps)) return withheldCapabilities(helperPath, caps, alternative);
  if (permission) {
    return {
      ok: false,
      helperPath,
      problem: 'The capture helper lacks the CAP_NET_RAW and CAP_NET_ADMIN capabilities it needs to open a packet socket.',
      fix: setcapCommand(helperPath),
      alternatives: [alternative],
    };
  }
  const said = lastError(run.stderr);
  const how = run.timedOut
    ? `did not answer within ${CHECK_TIMEOUT_MS / 1000} s`
    : run.spawnError !== undefined
      ? `could not be started (${run.spawnError})`
      : run.exitCode === null
        ? `was stopped by ${run.signal ?? 'a signal'}`
        : `failed its check (exit code ${run.exitCode})`;
  return { ok: false, helperPath, problem: `The capture helper ${how}${said ? `: ${said}` : '.'}`, alternatives: [] };
}
