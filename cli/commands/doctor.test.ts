/**
 * `trawl doctor` with the real helper: as root, and as an unprivileged user (setpriv) for the not-ok path,
 * the capabilities path (a setcap'd copy) and the pkexec path (a polkit folder of our own). Needs root,
 * setpriv, setcap and pkexec, as workers/capture-check.test.ts; it never skips silently.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptureCheck } from '../../core/api';
import { REPO_ROOT } from '../../scripts/shared-captures';
import type { CaptureCheckOptions } from '../../workers/capture-check';
import { UsageError } from '../command';
import { doctorCommand, formatCheck, makeDoctorCommand } from './doctor';

const HELPER = join(REPO_ROOT, 'dist', 'helper', 'trawl-capture');
const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'];
let work = '';
let plain = '';
let polkit = '';

async function run(args: string[], options?: CaptureCheckOptions): Promise<{ code: number; out: string }> {
  let out = '';
  const command = options === undefined ? doctorCommand : makeDoctorCommand(options);
  const code = await command.run(args, { out: (t) => (out += t), err: (t) => (out += t) });
  return { code, out };
}

function copyHelper(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  const p = join(dir, 'trawl-capture');
  copyFileSync(HELPER, p);
  chmodSync(p, 0o755);
  return p;
}

before(() => {
  if (process.getuid?.() !== 0) throw new Error('doctor tests need root (setcap, setpriv; CI runs them as root): sudo npx tsx --test cli/commands/doctor.test.ts');
  for (const [tool, hint] of [['setpriv', 'util-linux'], ['setcap', 'apt-get install libcap2-bin'], ['pkexec', 'apt-get install pkexec']]) {
    const r = spawnSync(tool, ['--version'], { stdio: 'ignore' });
    if (r.error) throw new Error(`doctor tests need \`${tool}\` (${hint}): ${r.error.message}`);
  }
  const b = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-helper.mjs'), '--strict'], { encoding: 'utf8' });
  assert.equal(b.status, 0, `building the helper failed:\n${b.stdout}${b.stderr}`);
  work = mkdtempSync(join(tmpdir(), `trawl-doctor-${process.pid}-`));
  chmodSync(work, 0o755);
  plain = copyHelper('plain');
  polkit = join(work, 'polkit');
  mkdirSync(polkit);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('as root: works, exit 0', async () => {
  const { code, out } = await run([], { helperPath: HELPER, polkitDir: polkit });
  assert.equal(code, 0);
  assert.equal(out, `Live capture works here (as root).\nCapture helper: ${HELPER}\n`);
});

test('as an unprivileged user: the problem, then the setcap line alone to copy, then the polkit route; exit 1', async () => {
  const { code, out } = await run([], { helperPath: plain, launcher: AS_NOBODY, uid: 65534, polkitDir: polkit });
  assert.equal(code, 1);
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0], /^Live capture will not work here\. The capture helper lacks the CAP_NET_RAW and CAP_NET_ADMIN/);
  assert.equal(lines[1], 'To fix it:');
  assert.equal(lines[2], `sudo setcap cap_net_raw,cap_net_admin=eip '${plain}'`);
  assert.match(lines[3], /^Or let an administrator's password authorise each capture through pkexec: .*`sed /);
  assert.equal(lines.length, 4);
  // The line to copy does what it says.
  execFileSync('sh', ['-c', lines[2].replace(/^sudo /, '')]);
  const fixed = await run([], { helperPath: plain, launcher: AS_NOBODY, uid: 65534, polkitDir: polkit });
  assert.equal(fixed.code, 0);
  assert.equal(fixed.out.split('\n')[0], 'Live capture works here (the helper has cap_net_raw and cap_net_admin).');
});

test('--json: the check itself, and the same exit status', async () => {
  const copy = copyHelper('json');
  const { code, out } = await run(['--json'], { helperPath: copy, launcher: AS_NOBODY, uid: 65534, polkitDir: polkit });
  assert.equal(code, 1);
  const j = JSON.parse(out) as CaptureCheck;
  assert.equal(j.ok, false);
  assert.equal(j.helperPath, copy);
  assert.equal(j.fix, `sudo setcap cap_net_raw,cap_net_admin=eip '${copy}'`);
  const ok = await run(['--json'], { helperPath: HELPER, polkitDir: polkit });
  assert.equal(ok.code, 0);
  assert.deepEqual(JSON.parse(ok.out), { ok: true, via: 'root', helperPath: HELPER, alternatives: [] });
});

test('through pkexec when Trawl\'s polkit action names the helper', async () => {
  const copy = copyHelper('pkexec');
  const policy = readFileSync(join(REPO_ROOT, 'assets', 'linux', 'org.trawl.capture.policy'), 'utf8').replaceAll('/opt/Trawl/resources/helper/trawl-capture', copy);
  writeFileSync(join(polkit, 'org.trawl.capture.policy'), policy);
  try {
    const { code, out } = await run([], { helperPath: copy, launcher: AS_NOBODY, uid: 65534, polkitDir: polkit });
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0], /^Live capture works here \(through pkexec and Trawl's polkit action/);
    assert.equal(lines[1], `Capture helper: ${copy}`);
    assert.ok(lines[2].includes(`sudo setcap cap_net_raw,cap_net_admin=eip '${copy}'`), lines[2]);
  } finally {
    rmSync(join(polkit, 'org.trawl.capture.policy'));
  }
});

test('a missing helper: the build command', async () => {
  const missing = join(work, 'missing', 'trawl-capture');
  const { code, out } = await run([], { helperPath: missing, polkitDir: polkit });
  assert.equal(code, 1);
  assert.ok(out.includes(`To fix it:\nnode '${join(REPO_ROOT, 'scripts', 'build-helper.mjs')}'\n`), out);
});

test('a fix that is not a command, and no fix at all, still read well', () => {
  assert.equal(formatCheck({ ok: false, problem: 'The capture helper failed its check (exit code 7): no TPACKET_V3.', alternatives: [] }), 'Live capture will not work here. The capture helper failed its check (exit code 7): no TPACKET_V3.\n');
});

test('usage errors', async () => {
  await assert.rejects(run(['--bogus']), UsageError);
  await assert.rejects(run(['now']), UsageError);
  await assert.rejects(run(['--json', '--json']), UsageError);
});
