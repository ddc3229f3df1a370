/**
 * checkCapture with the real helper (`trawl-capture --check`), run as root, as an unprivileged user
 * (setpriv), from a copy that carries file capabilities, from a nosuid mount, and with a polkit actions
 * folder of our own for the pkexec route. Needs root, setpriv, setcap/getcap (libcap2-bin) and pkexec;
 * without them the suite fails and says why — it never skips silently.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../scripts/shared-captures';
import { encodeProgram } from './capture-helper';
import {
  POLKIT_POLICY_NAME,
  captureLauncher,
  checkCapture,
  mountOf,
  parsePolicyExecPaths,
  polkitActionFor,
  polkitInstallCommand,
  setcapCommand,
} from './capture-check';

const HELPER = join(REPO_ROOT, 'dist', 'helper', 'trawl-capture');
const SHIPPED_POLICY = join(REPO_ROOT, 'assets', 'linux', POLKIT_POLICY_NAME);
const NOBODY = 65534;
/** An ordinary user: no capabilities, and none it could inherit. */
const AS_USER = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--inh-caps=-all'];
/** The same with an empty bounding set: a file's capabilities cannot be gained either. */
const AS_USER_BOUNDED = [...AS_USER, '--bounding-set=-all'];

function need(tool: string, args: string[], hint: string): void {
  const r = spawnSync(tool, args, { stdio: 'ignore' });
  if (r.error) throw new Error(`capture-check tests need \`${tool}\` (${hint}): ${r.error.message}`);
}

let work = '';
let polkit = '';
let plainCopy = '';
let capsCopy = '';
let nosuidDir = '';

/** The helper copied to `dir` (0755, so the unprivileged user can run it). */
function copyHelper(dir: string): string {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const p = join(dir, 'trawl-capture');
  copyFileSync(HELPER, p);
  chmodSync(p, 0o755);
  return p;
}

/** Runs a command the check printed, as root (we are root; there may be no sudo). */
function runPrinted(command: string): void {
  execFileSync('sh', ['-c', command.replace(/\bsudo /g, '')], { stdio: 'pipe' });
}

describe('checkCapture with the real helper', () => {
  before(() => {
    if (process.getuid?.() !== 0) throw new Error('capture-check tests need root (setcap, setpriv, mounts; CI runs them as root): sudo npx tsx --test workers/capture-check.test.ts');
    need('setpriv', ['--version'], 'util-linux');
    need('setcap', ['-v'], 'apt-get install libcap2-bin');
    need('getcap', ['-v'], 'apt-get install libcap2-bin');
    need('pkexec', ['--version'], 'apt-get install pkexec');
    const b = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-helper.mjs'), '--strict'], { encoding: 'utf8' });
    assert.equal(b.status, 0, `building the helper failed:\n${b.stdout}${b.stderr}`);
    work = mkdtempSync(join(tmpdir(), `trawl-check-${process.pid}-`));
    chmodSync(work, 0o755);
    polkit = join(work, 'polkit-actions');
    mkdirSync(polkit);
    plainCopy = copyHelper(join(work, 'plain'));
    capsCopy = copyHelper(join(work, 'caps'));
    execFileSync('setcap', ['cap_net_raw,cap_net_admin=eip', capsCopy]);
  });

  after(() => {
    if (nosuidDir) spawnSync('umount', ['-l', nosuidDir], { stdio: 'ignore' });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('trawl-capture --check: ok on stdout; without the privilege, exit 4 and the very error line a capture gives', () => {
    const ok = spawnSync(HELPER, ['--check'], { encoding: 'utf8' });
    assert.deepEqual([ok.status, ok.stdout, ok.stderr], [0, 'ok\n', '']);
    const check = spawnSync(AS_USER[0], [...AS_USER.slice(1), plainCopy, '--check'], { encoding: 'utf8' });
    const acceptAll = encodeProgram([{ code: 0x06, jt: 0, jf: 0, k: 262144 }]);
    const capture = spawnSync(AS_USER[0], [...AS_USER.slice(1), plainCopy, '--interface', 'lo'], { input: acceptAll, encoding: 'utf8' });
    assert.equal(check.status, 4);
    assert.equal(capture.status, 4);
    assert.equal(check.stdout, '');
    assert.equal(check.stderr, capture.stderr);
    assert.equal(check.stderr, `error cannot open a packet socket: permission denied. Capturing needs CAP_NET_RAW and CAP_NET_ADMIN; grant them once with: sudo setcap cap_net_raw,cap_net_admin=eip ${plainCopy}\n`);
  });

  it('trawl-capture --check takes no other option and no argument (usage, exit 2)', () => {
    for (const args of [['--check', '--interface', 'lo'], ['--check', '--promisc'], ['--link-type', '--check'], ['--check', 'eth0'], ['--check', '--check']]) {
      const r = spawnSync(HELPER, args, { encoding: 'utf8' });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^error .*\nusage: trawl-capture .*\n {7}trawl-capture --check\n/s);
    }
  });

  it('as root: ok, via root', async () => {
    const c = await checkCapture({ helperPath: HELPER, polkitDir: polkit });
    assert.deepEqual(c, { ok: true, via: 'root', helperPath: HELPER, alternatives: [] });
    assert.equal(captureLauncher(c), undefined);
  });

  it('as an unprivileged user: not ok, the fix is the setcap line naming the helper, the alternative the polkit route', async () => {
    const c = await checkCapture({ helperPath: plainCopy, launcher: AS_USER_BOUNDED, uid: NOBODY, polkitDir: polkit });
    assert.equal(c.ok, false);
    assert.equal(c.via, undefined);
    assert.equal(c.helperPath, plainCopy);
    assert.match(c.problem ?? '', /CAP_NET_RAW and CAP_NET_ADMIN/);
    assert.equal(c.fix, `sudo setcap cap_net_raw,cap_net_admin=eip '${plainCopy}'`);
    assert.equal(c.alternatives.length, 1);
    assert.match(c.alternatives[0], /pkexec/);
    assert.ok(c.alternatives[0].includes(polkitInstallCommand(plainCopy, polkit)!), c.alternatives[0]);
    assert.equal(captureLauncher(c), undefined);
  });

  it('the setcap line it prints, applied to a copy, makes the check pass for that user: via capabilities', async () => {
    const copy = copyHelper(join(work, 'fixed'));
    const before = await checkCapture({ helperPath: copy, launcher: AS_USER, uid: NOBODY, polkitDir: polkit });
    assert.equal(before.ok, false);
    runPrinted(before.fix!);
    const c = await checkCapture({ helperPath: copy, launcher: AS_USER, uid: NOBODY, polkitDir: polkit });
    assert.deepEqual(c, { ok: true, via: 'capabilities', helperPath: copy, alternatives: [] });
    const pre = await checkCapture({ helperPath: capsCopy, launcher: AS_USER, uid: NOBODY, polkitDir: polkit });
    assert.equal(pre.via, 'capabilities');
  });

  it('the polkit install command it prints installs a policy for this helper; with pkexec present: ok, via pkexec', async () => {
    const dir = join(work, 'polkit-installed');
    mkdirSync(dir);
    const c = await checkCapture({ helperPath: plainCopy, launcher: AS_USER, uid: NOBODY, polkitDir: dir });
    assert.equal(c.ok, false);
    const command = /`([^`]+)`/.exec(c.alternatives[0])?.[1];
    assert.ok(command, c.alternatives[0]);
    runPrinted(command);
    const installed = readFileSync(join(dir, POLKIT_POLICY_NAME), 'utf8');
    assert.deepEqual(parsePolicyExecPaths(installed).map((a) => [a.actionId, a.execPath]), [['org.trawl.capture', plainCopy]]);
    assert.equal(polkitActionFor(plainCopy, dir)?.actionId, 'org.trawl.capture');
    const ok = await checkCapture({ helperPath: plainCopy, launcher: AS_USER, uid: NOBODY, polkitDir: dir });
    assert.equal(ok.ok, true);
    assert.equal(ok.via, 'pkexec');
    assert.deepEqual(captureLauncher(ok), ['pkexec']);
    assert.ok(ok.alternatives[0].includes(setcapCommand(plainCopy)), 'setcap as the way without a password');
  });

  it('a policy for another path does not count; without pkexec on PATH the route says to install it', async () => {
    const dir = join(work, 'polkit-other');
    mkdirSync(dir);
    writeFileSync(join(dir, POLKIT_POLICY_NAME), readFileSync(SHIPPED_POLICY, 'utf8')); // names /opt/Trawl/…
    const c = await checkCapture({ helperPath: plainCopy, launcher: AS_USER, uid: NOBODY, polkitDir: dir });
    assert.equal(c.ok, false);
    assert.equal(c.fix, setcapCommand(plainCopy));
    writeFileSync(join(dir, 'trawl-here.policy'), readFileSync(SHIPPED_POLICY, 'utf8').replaceAll('/opt/Trawl/resources/helper/trawl-capture', plainCopy));
    const withPkexec = await checkCapture({ helperPath: plainCopy, launcher: AS_USER, uid: NOBODY, polkitDir: dir });
    assert.equal(withPkexec.via, 'pkexec', 'the policy naming this helper counts');
    const path = process.env.PATH;
    process.env.PATH = ['/usr/sbin', '/sbin'].join(':'); // setpriv stays reachable through the launcher's absolute path below
    try {
      const noPkexec = await checkCapture({ helperPath: plainCopy, launcher: ['/usr/bin/setpriv', ...AS_USER.slice(1)], uid: NOBODY, polkitDir: dir });
      assert.equal(noPkexec.ok, false, 'a policy without pkexec is no route');
      assert.match(noPkexec.alternatives[0], /install pkexec/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('a helper that carries its capabilities but cannot gain them (empty bounding set) says so', async () => {
    const c = await checkCapture({ helperPath: capsCopy, launcher: AS_USER_BOUNDED, uid: NOBODY, polkitDir: polkit });
    assert.equal(c.ok, false);
    assert.match(c.problem ?? '', new RegExp(`${capsCopy} carries cap_net_admin,cap_net_raw=eip.*(withholds|bounding set)`));
    assert.ok(c.fix?.includes(setcapCommand(capsCopy)), c.fix);
  });

  it('a helper with capabilities on a nosuid mount: the cause, and the remount line', async () => {
    nosuidDir = join(work, 'nosuid');
    mkdirSync(nosuidDir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'nosuid,mode=0755,size=4m', `trawl-check-${process.pid}`, nosuidDir]);
    const copy = copyHelper(nosuidDir);
    execFileSync('setcap', ['cap_net_raw,cap_net_admin=eip', copy]);
    const c = await checkCapture({ helperPath: copy, launcher: AS_USER, uid: NOBODY, polkitDir: polkit });
    assert.equal(c.ok, false);
    assert.match(c.problem ?? '', /nosuid/);
    assert.ok(c.problem?.includes(`(${nosuidDir})`), c.problem);
    assert.equal(c.fix, `sudo mount -o remount,suid '${nosuidDir}'`);
  });

  it('root without CAP_NET_RAW (a container that withholds it): says that setcap cannot help', async () => {
    const c = await checkCapture({ helperPath: HELPER, launcher: ['setpriv', '--inh-caps=-all', '--bounding-set=-all'], uid: 0, polkitDir: polkit });
    assert.equal(c.ok, false);
    assert.match(c.problem ?? '', /runs as root.*CAP_NET_RAW/);
    assert.match(c.fix ?? '', /--cap-add=NET_RAW/);
  });

  it('a helper that is not executable: the chmod line', async () => {
    const copy = copyHelper(join(work, 'noexec'));
    chmodSync(copy, 0o644);
    const c = await checkCapture({ helperPath: copy, polkitDir: polkit });
    assert.equal(c.ok, false);
    assert.equal(c.fix, `sudo chmod 0755 '${copy}'`);
  });

  it('a missing helper: how to build it', async () => {
    const missing = join(work, 'nowhere', 'trawl-capture');
    const c = await checkCapture({ helperPath: missing, polkitDir: polkit });
    assert.equal(c.ok, false);
    assert.equal(c.helperPath, missing);
    assert.match(c.problem ?? '', /does not exist.*C compiler/);
    assert.equal(c.fix, `node '${join(REPO_ROOT, 'scripts', 'build-helper.mjs')}'`);
  });
});

describe('polkit policies', () => {
  it('the shipped policy: action org.trawl.capture for the packaged helper, admin authentication for active sessions only', () => {
    const xml = readFileSync(SHIPPED_POLICY, 'utf8');
    assert.deepEqual(parsePolicyExecPaths(xml).map((a) => [a.actionId, a.execPath]), [['org.trawl.capture', '/opt/Trawl/resources/helper/trawl-capture']]);
    assert.match(xml, /<allow_active>auth_admin_keep<\/allow_active>/);
    assert.match(xml, /<allow_inactive>no<\/allow_inactive>/);
    assert.match(xml, /<allow_any>no<\/allow_any>/);
    assert.match(xml, /<message>Authentication is required to capture network traffic<\/message>/);
    // The packaged path is the one after-install.sh gives its capabilities.
    assert.match(readFileSync(join(REPO_ROOT, 'assets', 'linux', 'after-install.sh'), 'utf8'), /HELPER="\/opt\/Trawl\/resources\/helper\/trawl-capture"/);
  });

  it('the shipped policy is valid against polkit\'s DTD (xmllint)', (t) => {
    const dtd = '/usr/share/polkit-1/policyconfig-1.dtd';
    const r = spawnSync('xmllint', ['--noout', '--dtdvalid', dtd, SHIPPED_POLICY], { encoding: 'utf8' });
    if (r.error) {
      t.skip(`xmllint is not installed (apt-get install libxml2-utils): ${r.error.message}`);
      return;
    }
    assert.equal(r.status, 0, r.stderr);
  });

  it('reads exec.path annotations through comments, entities and quoting styles', () => {
    const xml = `<policyconfig><!-- <action id="x"><annotate key="org.freedesktop.policykit.exec.path">/commented</annotate></action> -->
      <action id='a.b'><annotate key="org.freedesktop.policykit.exec.path"> /opt/A &amp; B/h </annotate><annotate key="other">/no</annotate></action>
      <action id="c"><description>no path</description></action></policyconfig>`;
    assert.deepEqual(parsePolicyExecPaths(xml, 'f').map((a) => [a.file, a.actionId, a.execPath]), [['f', 'a.b', '/opt/A & B/h']]);
  });

  it('the install command for a path with quotes and sed metacharacters reproduces the path exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trawl-polkit-'));
    try {
      const odd = "/tmp/it's a|b&c.d/trawl-capture";
      runPrinted(polkitInstallCommand(odd, dir)!);
      assert.deepEqual(parsePolicyExecPaths(readFileSync(join(dir, POLKIT_POLICY_NAME), 'utf8')).map((a) => a.execPath), [odd]);
      runPrinted(polkitInstallCommand('/opt/Trawl/resources/helper/trawl-capture', dir)!); // the packaged path: a plain install
      assert.match(polkitInstallCommand('/opt/Trawl/resources/helper/trawl-capture', dir)!, /^sudo install -m 0644 /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mountOf', () => {
  const info = [
    '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
    '30 22 0:26 / /home rw,nosuid,nodev shared:2 - ext4 /dev/sda2 rw',
    '31 30 0:27 / /home/me/my\\040disk rw,relatime - ext4 /dev/sdb1 rw',
  ].join('\n');
  it('finds the innermost mount, unescapes its path and reads nosuid', () => {
    assert.deepEqual(mountOf('/usr/bin/x', info), { mountPoint: '/', nosuid: false });
    assert.deepEqual(mountOf('/home/me/x', info), { mountPoint: '/home', nosuid: true });
    assert.deepEqual(mountOf('/home/me/my disk/x', info), { mountPoint: '/home/me/my disk', nosuid: false });
    assert.deepEqual(mountOf('/homework/x', info), { mountPoint: '/', nosuid: false });
  });
});
