import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, accessSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { absoluteArgs, electronBinary, executableCheck, planStart, requiredOutputs, userArgs, WEB_FALLBACK_NOTICE } from './start-plan.mjs';

const ROOT = '/repo';

test('arguments after `--` are the user’s; relative paths become absolute against where npm ran', () => {
  assert.deepEqual(userArgs(['node', 'start.mjs', '--', 'a.pcap']), ['a.pcap']);
  assert.deepEqual(userArgs(['node', 'start.mjs', 'a.pcap']), ['a.pcap']);
  assert.deepEqual(absoluteArgs(['a.pcap', '/b.pcap', '--port=0', '--', '-odd'], '/home/u'), ['/home/u/a.pcap', '/b.pcap', '--port=0', '--', '/home/u/-odd']);
});

test('with an Electron binary, Electron runs on the app with the file', () => {
  const plan = planStart({ root: ROOT, argv: ['node', 's', 'x.pcap'], userCwd: '/w', execPath: '/node', binary: '/e/electron', exists: () => true });
  assert.deepEqual(plan, { mode: 'electron', build: false, command: '/e/electron', args: [ROOT, '/w/x.pcap'], notice: null });
});

test('without one, the web shell runs the same file, after one clear line', () => {
  const plan = planStart({ root: ROOT, argv: ['node', 's', '--', 'x.pcap'], userCwd: '/w', execPath: '/node', binary: null, exists: () => true });
  assert.deepEqual(plan, {
    mode: 'web',
    build: false,
    command: '/node',
    args: [join(ROOT, 'dist/node/web-server.js'), '/w/x.pcap'],
    notice: WEB_FALLBACK_NOTICE,
  });
  assert.ok(!WEB_FALLBACK_NOTICE.includes('\n'));
});

test('it builds when a file the chosen shell needs is missing', () => {
  const missing = join(ROOT, 'dist/node/preload.cjs');
  const plan = planStart({ root: ROOT, argv: ['n', 's'], userCwd: '/', execPath: '/node', binary: '/e', exists: (p) => p !== missing });
  assert.equal(plan.build, true);
  assert.ok(requiredOutputs(ROOT, 'electron').includes(missing));
  assert.ok(!requiredOutputs(ROOT, 'web').includes(missing));
  const web = planStart({ root: ROOT, argv: ['n', 's'], userCwd: '/', execPath: '/node', binary: null, exists: (p) => p !== missing });
  assert.equal(web.build, false);
});

test('the Electron binary counts only when the package resolves to an executable file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-start-'));
  try {
    const exe = join(dir, 'electron');
    const plain = join(dir, 'plain');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    writeFileSync(plain, '');
    chmodSync(plain, 0o644);
    const check = executableCheck(accessSync);
    assert.equal(electronBinary(() => exe, check), exe);
    assert.equal(electronBinary(() => join(dir, 'gone'), check), null);
    assert.equal(electronBinary(() => { throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' }); }, check), null);
    assert.equal(electronBinary(() => { throw new Error('Electron failed to install correctly'); }, check), null);
    assert.equal(electronBinary(() => ({ app: {} }), check), null);
    if (process.getuid?.() !== 0) assert.equal(electronBinary(() => plain, check), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unexpected file-system error is not taken for "not installed"', () => {
  const check = executableCheck(() => {
    throw Object.assign(new Error('I/O error'), { code: 'EIO' });
  });
  assert.throws(() => check('/x'), /I\/O error/);
});
