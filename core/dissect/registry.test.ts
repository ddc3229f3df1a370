import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRegistry, RegistryError } from './registry';
import { defineProtocol } from './protocol';
import { PROTOCOLS } from './protocols/index';

const owner = defineProtocol({ abbrev: 'own', name: 'Owner', ownsTables: ['own.port'], fields: { 'own.x': { name: 'X', type: 'uint8' } }, dissect: () => 1 });
const a = defineProtocol({ abbrev: 'aa', name: 'A', registersIn: [['own.port', 7]], fields: {}, dissect: () => 1 });

test('the default registry builds: every field, table and key resolved', () => {
  const r = buildRegistry(PROTOCOLS);
  assert.equal(r.fields.get('tcp.flags.syn')?.protocol, 'tcp');
  assert.equal(r.fields.get('ip.src')?.type, 'ipv4');
  assert.equal(r.tables.get('ethertype')?.get(0x0800)?.abbrev, 'ip');
  assert.equal(r.tables.get('ip.proto')?.get(17)?.abbrev, 'udp');
  assert.equal(r.tables.get('link')?.get(1)?.abbrev, 'eth');
  assert.equal(r.tables.get('link')?.get(276)?.abbrev, 'sll');
  for (const name of ['eth.src', 'eth.dst', 'eth.type', 'ip.proto', 'ip.ttl', 'ip.len', 'ip.id', 'ip.flags.df', 'ip.frag_offset', 'ipv6.src', 'ipv6.nxt',
    'tcp.srcport', 'tcp.dstport', 'tcp.seq', 'tcp.len', 'udp.length', 'icmp.type', 'arp.opcode', 'data.data', 'data.len']) {
    assert.ok(r.fields.has(name), name);
  }
});

test('a duplicate field name throws', () => {
  const dup = defineProtocol({ abbrev: 'own', name: 'Again', fields: {}, dissect: () => 1 });
  assert.throws(() => buildRegistry([owner, dup]), (e: unknown) => e instanceof RegistryError && e.code === 'dissect-duplicate-protocol');
  const b = defineProtocol({ abbrev: 'own2', name: 'B', fields: { 'own2.x': { name: 'X', type: 'uint8' } }, dissect: () => 1 });
  const b2 = defineProtocol({ abbrev: 'own2.x', name: 'B2', fields: {}, dissect: () => 1 });
  assert.throws(() => buildRegistry([b, b2]), (e: unknown) => e instanceof RegistryError && e.code === 'dissect-duplicate-field');
});

test('a field outside its protocol prefix throws', () => {
  const bad = defineProtocol({ abbrev: 'bad', name: 'Bad', fields: { 'other.x': { name: 'X', type: 'uint8' } }, dissect: () => 1 });
  assert.throws(() => buildRegistry([bad]), (e: unknown) => e instanceof RegistryError && e.code === 'dissect-field-prefix');
});

test('a duplicate table key throws, in either order', () => {
  const b = defineProtocol({ abbrev: 'bb', name: 'B', registersIn: [['own.port', 7]], fields: {}, dissect: () => 1 });
  assert.throws(() => buildRegistry([owner, a, b]), /claimed by both "aa" and "bb"/);
  assert.throws(() => buildRegistry([b, a, owner]), /claimed by both "bb" and "aa"/);
});

test('registering in a table nobody owns throws; owning a table twice throws', () => {
  assert.throws(() => buildRegistry([a]), (e: unknown) => e instanceof RegistryError && e.code === 'dissect-unknown-table');
  const owner2 = defineProtocol({ abbrev: 'own3', name: 'O', ownsTables: ['own.port'], fields: {}, dissect: () => 1 });
  assert.throws(() => buildRegistry([owner, owner2]), (e: unknown) => e instanceof RegistryError && e.code === 'dissect-duplicate-table');
});
