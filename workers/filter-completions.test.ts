import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError } from '../core/errors';
import { defaultRegistry } from '../core/dissect/index';
import { fieldCompletions } from './filter-completions';

test('completions: names starting with the prefix, from the registry, exact then shallower first', () => {
  const dns = fieldCompletions({ prefix: 'dns', limit: 400 });
  assert.equal(dns[0].name, 'dns');
  assert.equal(dns[0].kind, 'protocol');
  assert.equal(dns[0].type, 'protocol');
  assert.ok(dns.every((c) => c.name.startsWith('dns')));
  const qname = dns.find((c) => c.name === 'dns.qry.name');
  assert.ok(qname, 'dns.qry.name is offered');
  assert.equal(qname.kind, 'field');
  assert.equal(qname.type, defaultRegistry.fields.get('dns.qry.name')?.type);
  assert.equal(qname.description.startsWith(defaultRegistry.fields.get('dns.qry.name')?.name ?? '?'), true);
  const depths = dns.filter((c) => c.kind === 'field').map((c) => c.name.split('.').length);
  assert.deepEqual(depths, [...depths].sort((a, b) => a - b), 'fewer levels first');
  const expected = [...defaultRegistry.fields.keys()].filter((n) => n.startsWith('dns')).length;
  assert.equal(dns.length, Math.min(400, expected));
});

test('completions: case-insensitive, limited, protocols first for a short prefix', () => {
  const t = fieldCompletions({ prefix: 'TCP.SRC' });
  assert.deepEqual(t.map((c) => c.name), ['tcp.srcport']);
  const all = fieldCompletions({ prefix: 'i', limit: 1000 });
  const protocols = all.filter((c) => c.kind === 'protocol').length;
  assert.ok(protocols >= 2, 'ip, ipv6, icmp… start with i');
  assert.ok(all.slice(0, protocols).every((c) => c.kind === 'protocol'), 'protocols come first');
  assert.equal(fieldCompletions({ prefix: 'i', limit: 3 }).length, 3);
  assert.deepEqual(fieldCompletions({ prefix: 'nosuchprotocolxyz' }), []);
});

test('completions: a bad request is refused with BadRequestError', () => {
  assert.throws(() => fieldCompletions({ prefix: 3 as unknown as string }), BadRequestError);
  assert.throws(() => fieldCompletions({ prefix: 'ip', limit: 0 }), BadRequestError);
  assert.throws(() => fieldCompletions({ prefix: 'ip', limit: 1.5 }), BadRequestError);
});
