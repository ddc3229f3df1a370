import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { NetworkInterface } from '../../core/api';
import { listNetworkInterfaces } from '../../workers/net-interfaces';
import { UsageError } from '../command';
import { formatInterfaces, interfacesCommand, makeInterfacesCommand } from './interfaces';

async function run(args: string[], command = interfacesCommand): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await command.run(args, { out: (t) => (out += t), err: (t) => (out += t) });
  return { code, out };
}

/** `dumpcap -D -M`: name → addresses (without prefix lengths) and whether dumpcap calls it loopback. */
function dumpcapInterfaces(): Map<string, { addresses: string[]; loopback: boolean }> {
  const r = spawnSync('dumpcap', ['-D', '-M'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `dumpcap -D -M failed (is Wireshark's dumpcap installed?): ${r.error?.message ?? r.stderr}`);
  const out = new Map<string, { addresses: string[]; loopback: boolean }>();
  for (const line of r.stdout.trim().split('\n')) {
    const f = line.split('\t');
    const name = f[0].replace(/^\d+\. /, '');
    out.set(name, { addresses: f[4] ? f[4].split(',') : [], loopback: f[5] === 'loopback' });
  }
  return out;
}

const ipNames = (): Set<string> => {
  const r = spawnSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return new Set((JSON.parse(r.stdout) as { ifname: string }[]).map((l) => l.ifname));
};

test('lists what dumpcap -D lists (its pseudo-devices aside), numbered in ifindex order, with the same addresses', async () => {
  const before = ipNames();
  const { code, out } = await run([]);
  const theirs = dumpcapInterfaces();
  const afterward = ipNames();
  assert.equal(code, 0);
  const heads = [...out.matchAll(/^ *(\d+)\. (\S+) \((.+)\)$/gm)].map((m) => ({ n: Number(m[1]), name: m[2], description: m[3] }));
  assert.deepEqual(heads.map((h) => h.n), heads.map((_, i) => i + 1), 'numbered from 1');
  const list = await listNetworkInterfaces();
  assert.deepEqual(heads.map((h) => h.name), list.map((i) => i.name).filter((n) => heads.some((h) => h.name === n)));
  // Devices that existed all along (other suites add and remove theirs in namespaces of their own).
  const stable = [...before].filter((n) => afterward.has(n));
  for (const name of stable) {
    const line = heads.find((h) => h.name === name);
    assert.ok(line, `${name} is missing from the list`);
    const d = theirs.get(name);
    assert.ok(d, `dumpcap does not list ${name}`);
    const mine = list.find((i) => i.name === name)!;
    assert.deepEqual(mine.addresses.map((a) => a.replace(/\/\d+$/, '')).sort(), [...d.addresses].sort(), `${name}: addresses as dumpcap`);
    assert.equal(mine.loopback, d.loopback, `${name}: loopback as dumpcap`);
  }
  for (const h of heads) assert.ok(theirs.has(h.name) || !afterward.has(h.name), `${h.name}: dumpcap does not know it`);
  const lo = list.find((i) => i.loopback);
  if (lo) assert.match(out, new RegExp(`^ *\\d+\\. ${lo.name} \\(Loopback\\)\\n +up, running; EN10MB; 127\\.0\\.0\\.1/8`, 'm'));
});

test('--json is the array listNetworkInterfaces gives', async () => {
  const { code, out } = await run(['--json']);
  assert.equal(code, 0);
  const j = JSON.parse(out) as NetworkInterface[];
  const list = await listNetworkInterfaces();
  const stable = (l: NetworkInterface[]) => l.map(({ name, index, description, addresses, loopback, linkType, linkTypeName }) => ({ name, index, description, addresses, loopback, linkType, linkTypeName }));
  assert.deepEqual(stable(j), stable(list));
  for (const i of j) assert.ok(Number.isInteger(i.packets) && i.sampledAt > 0);
});

test('the text form: state, link type or "cannot capture", addresses; numbers aligned', async () => {
  const base = { packets: 0, sampledAt: 0, loopback: false, up: true, running: true, addresses: [] as string[] };
  const list: NetworkInterface[] = [
    { ...base, name: 'lo', index: 1, description: 'Loopback', loopback: true, addresses: ['127.0.0.1/8', '::1/128'], linkType: 1, linkTypeName: 'EN10MB' },
    { ...base, name: 'wlan0', index: 3, description: 'Wireless (iwlwifi)', running: false, linkType: 1, linkTypeName: 'EN10MB' },
    { ...base, name: 'can0', index: 4, description: 'CAN bus', up: false, running: false },
    ...Array.from({ length: 7 }, (_, k) => ({ ...base, name: `tun${k}`, index: 10 + k, description: 'TUN', addresses: [`10.0.${k}.1/24`], linkType: 101, linkTypeName: 'RAW' })),
  ];
  const text = formatInterfaces(list);
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    ' 1. lo (Loopback)',
    '    up, running; EN10MB; 127.0.0.1/8, ::1/128',
    ' 2. wlan0 (Wireless (iwlwifi))',
    '    up, not running; EN10MB; no addresses',
    ' 3. can0 (CAN bus)',
    '    down; cannot capture; no addresses',
  ]);
  assert.equal(lines[18], '10. tun6 (TUN)');
  assert.equal(lines[19], '    up, running; RAW; 10.0.6.1/24');
  const { out } = await run([], makeInterfacesCommand(async () => list));
  assert.equal(out, text);
});

test('usage errors', async () => {
  await assert.rejects(run(['--bogus']), UsageError);
  await assert.rejects(run(['eth0']), UsageError);
  await assert.rejects(run(['--json', '--json']), UsageError);
});
