// `npm start`: the desktop app in Electron when its binary is installed, otherwise the same UI from the
// web shell. Builds dist/ first when what it runs is missing. Arguments after `--` are forwarded:
//   npm start -- capture.pcapng
// The decisions live in start-plan.mjs (tested); this file only acts on them.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, executableCheck, planStart, requiredOutputs } from './start-plan.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const binary = electronBinary(() => require('electron'), executableCheck(accessSync));
const plan = planStart({
  root,
  argv: process.argv,
  userCwd: process.env.INIT_CWD ?? process.cwd(),
  execPath: process.execPath,
  binary,
  exists: existsSync,
});

if (plan.build) {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const missing = requiredOutputs(root, plan.mode).filter((p) => !existsSync(p));
  if (missing.length > 0) {
    console.error(`The build did not produce ${missing.join(', ')}; cannot start.`);
    process.exit(1);
  }
}

if (plan.notice) console.log(plan.notice);

const env = { ...process.env };
// With this set, Electron runs as plain Node and would not open a window.
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(plan.command, plan.args, { cwd: root, stdio: 'inherit', env });

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (e) => {
  console.error(`Could not run ${plan.command}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : (code ?? 1)));
