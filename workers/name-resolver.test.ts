import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeNameResolver } from './name-resolver';

function files(contents: Partial<Record<'hosts' | 'networks' | 'ethers' | 'services' | 'protocols', string>>) {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-names-'));
  const path = (n: string): string => join(dir, n);
  for (const [name, text] of Object.entries(contents)) writeFileSync(path(name), text);
  return { hosts: path('hosts'), networks: path('networks'), ethers: path('ethers'), services: path('services'), protocols: path('protocols') };
}

test('hosts: every address of a name, both families, case-insensitive, comments ignored', () => {
  const r = new NodeNameResolver(files({
    hosts: '# comment\n127.0.0.1 localhost\n10.0.0.1 Alpha alpha-alias # trailing\n10.0.0.2 alpha\nfe80::1 alpha\n::1 localhost\n',
  }));
  assert.deepEqual(r.host('alpha')?.v4, [0x0a000001, 0x0a000002]);
  assert.deepEqual(r.host('ALPHA')?.v6.map((a) => Array.from(a)), [[0xfe, 0x80, ...new Array(13).fill(0), 1]]);
  assert.deepEqual(r.host('alpha-alias')?.v4, [0x0a000001]);
  assert.equal(r.host('beta'), null);
});

test('networks, ethers, services, protocols', () => {
  const r = new NodeNameResolver(files({
    networks: 'loopback 127.0.0.0\nlink-local 169.254.0.0 ll\nten 10\n',
    ethers: '00:11:22:33:44:55 router\n0:1:2:3:4:5 other\n',
    services: 'http 80/tcp www\ndomain 53/tcp\ndomain 53/udp\nodd 100/tcp\nodd 101/udp\n',
    protocols: 'ip 0 IP\ntcp 6 TCP\nudp 17 UDP # user datagram\n',
  }));
  assert.equal(r.network('loopback'), 0x7f000000);
  assert.equal(r.network('ll'), 0xa9fe0000);
  assert.equal(r.network('ten'), 10);
  assert.deepEqual(Array.from(r.ether('router') ?? []), [0x00, 0x11, 0x22, 0x33, 0x44, 0x55]);
  assert.deepEqual(Array.from(r.ether('other') ?? []), [0, 1, 2, 3, 4, 5]);
  assert.equal(r.service('www', 'tcp'), 80);
  assert.equal(r.service('http', 'udp'), null);
  assert.equal(r.service('domain', 'udp'), 53);
  assert.equal(r.service('odd', 'udp'), 101);
  assert.equal(r.protocol('TCP'), 6);
  assert.equal(r.protocol('udp'), 17);
  assert.equal(r.protocol('sctp'), null);
});

test('missing files know no names', () => {
  const r = new NodeNameResolver(files({}));
  assert.equal(r.host('localhost'), null);
  assert.equal(r.network('loopback'), null);
  assert.equal(r.ether('router'), null);
  assert.equal(r.service('http', 'tcp'), null);
  assert.equal(r.protocol('tcp'), null);
});
