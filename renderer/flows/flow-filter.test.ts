import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Conversation, Endpoint } from '../../core/api';
import { conversationFilter, endpointFilter, streamFilter } from './flow-filter';

const conv = (kind: Conversation['kind'], id: number, a: string, b: string): Conversation => ({
  kind,
  id,
  addressA: a,
  addressB: b,
  packetsAtoB: 1,
  bytesAtoB: 1,
  packetsBtoA: 0,
  bytesBtoA: 0,
  relStart: 0,
  duration: 0,
});

test('TCP and UDP conversations filter by stream number', () => {
  assert.equal(streamFilter('tcp', [7]), 'tcp.stream eq 7');
  assert.equal(conversationFilter('tcp', [conv('tcp', 7, 'a', 'b'), conv('tcp', 3, 'a', 'c'), conv('tcp', 7, 'a', 'b')]), 'tcp.stream in {3, 7}');
  assert.equal(conversationFilter('udp', [conv('udp', 0, 'a', 'b')]), 'udp.stream eq 0');
  assert.equal(conversationFilter('tcp', []), '');
});

test('address conversations filter by both addresses, several joined with ||', () => {
  assert.equal(conversationFilter('ipv4', [conv('ipv4', 0, '10.0.0.1', '10.0.0.2')]), 'ip.addr==10.0.0.1 && ip.addr==10.0.0.2');
  assert.equal(
    conversationFilter('ipv6', [conv('ipv6', 0, 'fe80::1', 'fe80::2'), conv('ipv6', 1, '::1', '::2')]),
    '(ipv6.addr==fe80::1 && ipv6.addr==fe80::2) || (ipv6.addr==::1 && ipv6.addr==::2)',
  );
  assert.equal(conversationFilter('eth', [conv('eth', 0, '00:01:02:03:04:05', 'ff:ff:ff:ff:ff:ff')]), 'eth.addr==00:01:02:03:04:05 && eth.addr==ff:ff:ff:ff:ff:ff');
});

test('endpoints filter by address, and by port in the TCP and UDP tables', () => {
  const ep = (kind: Endpoint['kind'], address: string, port?: number): Endpoint => ({ kind, address, port, packetsTx: 0, bytesTx: 0, packetsRx: 0, bytesRx: 0 });
  assert.equal(endpointFilter('ipv4', [ep('ipv4', '10.0.0.1')]), 'ip.addr==10.0.0.1');
  assert.equal(endpointFilter('tcp', [ep('tcp', '10.0.0.1', 80), ep('tcp', '2001:db8::1', 443)]), '(ip.addr==10.0.0.1 && tcp.port==80) || (ipv6.addr==2001:db8::1 && tcp.port==443)');
  assert.equal(endpointFilter('eth', []), '');
});

test('every filter built here parses as a display filter, and the address ones compile', async () => {
  const { parse } = await import('../../core/display/parser');
  const { compileDisplayFilter } = await import('../../core/display/compile');
  // tcp.stream / udp.stream are declared by the flow pass (core/flow): only their syntax is checked here.
  for (const f of [conversationFilter('tcp', [conv('tcp', 7, 'a', 'b'), conv('tcp', 3, 'a', 'c')]), conversationFilter('udp', [conv('udp', 0, 'a', 'b')])]) {
    assert.doesNotThrow(() => parse(f), f);
  }
  const filters = [
    conversationFilter('ipv4', [conv('ipv4', 0, '10.0.0.1', '10.0.0.2'), conv('ipv4', 1, '10.0.0.1', '10.0.0.3')]),
    conversationFilter('ipv6', [conv('ipv6', 0, 'fe80::1', 'fe80::2')]),
    conversationFilter('eth', [conv('eth', 0, '00:01:02:03:04:05', 'ff:ff:ff:ff:ff:ff')]),
    endpointFilter('tcp', [{ kind: 'tcp', address: '2001:db8::1', port: 443, packetsTx: 0, bytesTx: 0, packetsRx: 0, bytesRx: 0 }]),
  ];
  for (const f of filters) assert.doesNotThrow(() => compileDisplayFilter(f), f);
});
